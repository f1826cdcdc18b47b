import {
  ADHERENCE_LABELS,
  TRACING_REPORT,
  type TracingReportContent,
} from "../../../model/care-documents/tracing-report";
import { NOTHING_NOTABLE, NOT_RECORDED, orNothingNotable } from "../document-parts";
import type { CareDocumentPdfBody } from "./care-document-pdf-part";

const L = TRACING_REPORT.terms.labels;

/** 服薬情報提供書: adherence, leftover medicines as a table, side effects, the pharmacist's proposal. */
export function tracingReportPdfBody(c: TracingReportContent): CareDocumentPdfBody {
  return {
    sections: [
      [
        L.adherence,
        [c.adherence ? ADHERENCE_LABELS[c.adherence] : NOT_RECORDED, c.adherenceNote]
          .filter(Boolean)
          .join("\n"),
      ],
      [
        L.leftovers,
        c.leftovers.length > 0
          ? [
              {
                kind: "table",
                columns: [
                  { header: L.drug, weight: 2 },
                  { header: L.quantity, weight: 1 },
                  { header: L.reason, weight: 2 },
                ],
                rows: c.leftovers.map((l) => [l.drug, l.quantity || "—", l.reason || "—"]),
              },
            ]
          : c.noLeftovers
            ? "なし"
            : NOT_RECORDED,
      ],
      [L.sideEffects, orNothingNotable(c.sideEffects)],
      [L.proposal, c.proposal || NOT_RECORDED],
      [L.otherInformation, c.otherInformation || NOTHING_NOTABLE],
      [L.patientAgreed, c.patientAgreed ? "有" : "無"],
    ],
  };
}
