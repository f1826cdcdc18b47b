import type { TracingReportContent } from "@/server/model/care-documents/tracing-report";
import type { KindViewRows } from "./kind-parts";

export const tracingReportRows: KindViewRows<TracingReportContent> = (c, m) => {
  const L = m.tracingReport.labels;
  return [
    [L.adherence, c.adherence ? m.tracingReport.adherence[c.adherence] : ""],
    [L.adherenceNote, c.adherenceNote],
    [
      L.leftovers,
      c.noLeftovers
        ? L.noLeftovers
        : c.leftovers.map((l) => [l.drug, l.quantity, l.reason].filter(Boolean).join(" ・ ")).join("\n"),
    ],
    [L.sideEffects, c.sideEffects],
    [L.proposal, c.proposal],
    [L.otherInformation, c.otherInformation],
    [L.patientAgreed, c.patientAgreed ? "✓" : ""],
  ];
};
