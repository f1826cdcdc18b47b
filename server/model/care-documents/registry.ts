import { DomainError, msg } from "../../errors";
import type { CareDocumentSpec } from "./care-document-kind";
import { addDays, isCalendarDay } from "./care-document-status";
import { TRACING_REPORT, type TracingReportContent } from "./tracing-report";
import { NURSING_PLAN, type NursingPlanContent } from "./nursing-plan";
import { NURSING_REPORT, type NursingReportContent } from "./nursing-report";
import { DISCHARGE_INFORMATION, type DischargeInformationContent } from "./discharge-information";
import { ADMISSION_INFORMATION, type AdmissionInformationContent } from "./admission-information";

/**
 * The kinds of care document, in the order the pages offer them. A new kind:
 * its model file, its line here and in CareDocumentContents, its form section
 * (app/(app)/care-documents/kinds) and its PDF and FHIR parts
 * (server/documents/{pdf,fhir}/care-documents).
 */
export const CARE_DOCUMENT_KINDS = [
  "tracing_report",
  "nursing_plan",
  "nursing_report",
  "discharge_information",
  "admission_information",
] as const;
export type CareDocumentKind = (typeof CARE_DOCUMENT_KINDS)[number];

/** Each kind's content type, so renderers and forms are typed per kind. */
export interface CareDocumentContents {
  tracing_report: TracingReportContent;
  nursing_plan: NursingPlanContent;
  nursing_report: NursingReportContent;
  discharge_information: DischargeInformationContent;
  admission_information: AdmissionInformationContent;
}

export const CARE_DOCUMENT_SPECS: {
  [K in CareDocumentKind]: CareDocumentSpec<K, CareDocumentContents[K]>;
} = {
  tracing_report: TRACING_REPORT,
  nursing_plan: NURSING_PLAN,
  nursing_report: NURSING_REPORT,
  discharge_information: DISCHARGE_INFORMATION,
  admission_information: ADMISSION_INFORMATION,
};

export const isCareDocumentKind = (value: unknown): value is CareDocumentKind =>
  typeof value === "string" && (CARE_DOCUMENT_KINDS as readonly string[]).includes(value);

/** The spec of a kind read from the database or a request; an unknown kind is a validation error on `kind`. */
export function careDocumentSpec(kind: string): CareDocumentSpec<CareDocumentKind> {
  if (!isCareDocumentKind(kind)) {
    throw new DomainError("VALIDATION", msg("careDocuments.unknownKind"), [
      { field: "kind", message: msg("careDocuments.unknownKind") },
    ]);
  }
  return CARE_DOCUMENT_SPECS[kind];
}

/** The due date a kind's rule gives this content (YYYY-MM-DD in Japan), or null (no rule, or its day not given). */
export function dueOnOf(spec: CareDocumentSpec, content: unknown): string | null {
  if (!spec.due) return null;
  const from = (content as Record<string, unknown> | null)?.[spec.due.from];
  return typeof from === "string" && isCalendarDay(from) ? addDays(from, spec.due.days) : null;
}

/** The last day a sent document is in force, for kinds that have one. */
export function endsOnOf(spec: CareDocumentSpec, content: unknown): string | null {
  return spec.endsOn ? spec.endsOn(content) : null;
}

/** A map over the kinds (labels for a catalog, per-kind parts), typed so that no kind is forgotten. */
export function perKind<T>(
  make: (spec: CareDocumentSpec<CareDocumentKind>) => T,
): Record<CareDocumentKind, T> {
  return Object.fromEntries(
    CARE_DOCUMENT_KINDS.map((k) => [k, make(CARE_DOCUMENT_SPECS[k] as CareDocumentSpec<CareDocumentKind>)]),
  ) as Record<CareDocumentKind, T>;
}
