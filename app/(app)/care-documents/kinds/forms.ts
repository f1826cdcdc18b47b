import type { ComponentType } from "react";
import type { CareDocumentContents, CareDocumentKind } from "@/server/model/care-documents/registry";
import type { KindFormProps } from "./kind-parts";
import { TracingReportForm } from "./tracing-report-form";
import { NursingPlanForm } from "./nursing-plan-form";
import { NursingReportForm } from "./nursing-report-form";
import { DischargeInformationForm } from "./discharge-information-form";
import { AdmissionInformationForm } from "./admission-information-form";

/** Each kind's form section, for the generic editor: every kind has one (tsc names a kind that misses it). */
export const KIND_FORMS: { [K in CareDocumentKind]: ComponentType<KindFormProps<CareDocumentContents[K]>> } =
  {
    tracing_report: TracingReportForm,
    nursing_plan: NursingPlanForm,
    nursing_report: NursingReportForm,
    discharge_information: DischargeInformationForm,
    admission_information: AdmissionInformationForm,
  };
