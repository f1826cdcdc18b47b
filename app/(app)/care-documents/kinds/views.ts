import type { CareDocumentContents, CareDocumentKind } from "@/server/model/care-documents/registry";
import type { KindViewRows } from "./kind-parts";
import { tracingReportRows } from "./tracing-report-view";
import { nursingPlanRows } from "./nursing-plan-view";
import { nursingReportRows } from "./nursing-report-view";
import { dischargeInformationRows } from "./discharge-information-view";
import { admissionInformationRows } from "./admission-information-view";

/** Each kind's rows on the detail page: every kind has them (tsc names a kind that misses its rows). */
export const KIND_VIEWS: { [K in CareDocumentKind]: KindViewRows<CareDocumentContents[K]> } = {
  tracing_report: tracingReportRows,
  nursing_plan: nursingPlanRows,
  nursing_report: nursingReportRows,
  discharge_information: dischargeInformationRows,
  admission_information: admissionInformationRows,
};
