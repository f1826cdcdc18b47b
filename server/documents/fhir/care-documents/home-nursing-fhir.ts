import type { Reference } from "@medplum/fhirtypes";
import type { RelatedDocument } from "../../../model/care-documents/related-document";
import { JP_ID_SYSTEM } from "../codes";
import { documentIdentifierValue, jstDate } from "../primitives";

/**
 * A logical reference to a related document: by the national identifier of
 * its Composition when it has a number (a receiver holding it can match it),
 * else by its name only.
 */
export function relatedReference(r: RelatedDocument): Reference {
  const identified =
    r.documentNumber && r.facilityCode && r.issuedAt && /^[A-Za-z0-9-]{1,36}$/.test(r.documentNumber);
  return {
    ...(identified
      ? {
          type: "Composition",
          identifier: {
            system: JP_ID_SYSTEM.resourceInstance,
            value: documentIdentifierValue(r.facilityCode!, r.issuedAt!, r.documentNumber!),
          },
        }
      : {}),
    display: relatedDisplay(r),
  };
}

/** 訪問看護指示書 文書番号 2026-0012（2026-12-01）指示期間 … */
export function relatedDisplay(r: RelatedDocument): string {
  const head = [r.title, r.documentNumber ? `文書番号 ${r.documentNumber}` : null].filter(Boolean).join(" ");
  const day = r.issuedAt ? `（${jstDate(r.issuedAt)}）` : "";
  return [`${head}${day}`, r.detail].filter(Boolean).join(" ");
}

/** The remarks line of each related document named by `fields`, with the form's label. */
export function relatedRemarks(
  related: readonly RelatedDocument[],
  labels: Record<string, string>,
): [label: string, value: string][] {
  return related.map((r) => [labels[r.field] ?? r.title, relatedDisplay(r)]);
}

/** The first and last day of a YYYY-MM month, as a FHIR Period. */
export function monthPeriod(days: readonly string[]): { start: string; end: string } | undefined {
  const start = days[0];
  const end = days.at(-1);
  return start && end ? { start, end } : undefined;
}
