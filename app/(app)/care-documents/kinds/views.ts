import type { CareDocumentContents, CareDocumentKind } from "@/server/model/care-documents/registry";
import type { KindViewRows } from "./kind-parts";
import { tracingReportRows } from "./tracing-report-view";
import { admissionInformationRows } from "./admission-information-view";

/** Each kind's rows on the detail page (a kind without them yet shows its PDF and FHIR downloads only). */
export const KIND_VIEWS: { [K in CareDocumentKind]?: KindViewRows<CareDocumentContents[K]> } = {
  tracing_report: tracingReportRows,
  admission_information: admissionInformationRows,
};
