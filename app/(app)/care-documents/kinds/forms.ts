import type { ComponentType } from "react";
import type { CareDocumentContents, CareDocumentKind } from "@/server/model/care-documents/registry";
import type { KindFormProps } from "./kind-parts";
import { TracingReportForm } from "./tracing-report-form";
import { AdmissionInformationForm } from "./admission-information-form";

/**
 * Each kind's form section, for the generic editor. A kind without one yet (its content,
 * rules and documents are built in server/model/care-documents) is not offered for writing
 * in the app: the patient page and /care-documents/new leave it out, its editor is not found.
 */
export const KIND_FORMS: { [K in CareDocumentKind]?: ComponentType<KindFormProps<CareDocumentContents[K]>> } =
  {
    tracing_report: TracingReportForm,
    admission_information: AdmissionInformationForm,
  };

/** whether the app has this kind's form (see KIND_FORMS) */
export const hasKindForm = (kind: CareDocumentKind) => KIND_FORMS[kind] !== undefined;
