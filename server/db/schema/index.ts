export * from "./facilities";
export * from "./practitioners";
export * from "./patients";
export * from "./attachments";
export * from "./consent";
export * from "./audit";
export * from "./conferences";
export * from "./referrals";
