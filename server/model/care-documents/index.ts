export * from "./care-document-kind";
export * from "./care-document-status";
export * from "./registry";
export * from "./tracing-report";
