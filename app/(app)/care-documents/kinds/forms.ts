import type { ComponentType } from "react";
import type { CareDocumentContents, CareDocumentKind } from "@/server/model/care-documents/registry";
import type { KindFormProps } from "./kind-parts";
import { TracingReportForm } from "./tracing-report-form";

/** Each kind's form section, for the generic editor. A new kind adds its line (tsc says so). */
export const KIND_FORMS: { [K in CareDocumentKind]: ComponentType<KindFormProps<CareDocumentContents[K]>> } =
  {
    tracing_report: TracingReportForm,
  };
