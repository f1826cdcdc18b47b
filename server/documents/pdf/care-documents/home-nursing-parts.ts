import type { RelatedDocument } from "../../../model/care-documents/related-document";
import type { Supply } from "../../../model/care-documents/home-nursing";
import { monthLabel } from "../../../model/care-documents/home-nursing";
import { CARE_LEVEL_LABELS, type CareLevel } from "../../../model/nursing-instruction";
import { formatDate, tokyoDate } from "../format";
import type { Block } from "../layout";
import { NOT_RECORDED, WIDE_SPACE } from "../document-parts";

/** 2026年12月, or 記載なし. */
export function monthOrNotRecorded(month: string | undefined | null): string {
  return month ? monthLabel(month) : NOT_RECORDED;
}

export function careLevelText(level: CareLevel | null): string {
  return level ? CARE_LEVEL_LABELS[level] : NOT_RECORDED;
}

/**
 * The document a field points at, as one paragraph: its title and number, the
 * day it was issued and what identifies it; `none` when the field names none.
 */
export function relatedText(related: readonly RelatedDocument[], field: string, none = NOT_RECORDED): string {
  const r = related.find((d) => d.field === field);
  if (!r) return none;
  return [
    [
      r.title,
      r.documentNumber ? `文書番号 ${r.documentNumber}` : null,
      r.issuedAt ? formatDate(tokyoDate(r.issuedAt)) : null,
    ]
      .filter(Boolean)
      .join(WIDE_SPACE),
    r.detail,
  ]
    .filter(Boolean)
    .join("\n");
}

/** A supplies table with the form's three column headings, or null when none is listed. */
export function suppliesTable(
  supplies: readonly Supply[],
  headers: { name: string; use: string; quantity: string },
): Block | null {
  if (supplies.length === 0) return null;
  return {
    kind: "table",
    columns: [
      { header: headers.name, weight: 1.6 },
      { header: headers.use, weight: 1.2 },
      { header: headers.quantity, weight: 0.8 },
    ],
    rows: supplies.map((s) => [s.name, s.use || "―", s.quantity || "―"]),
  };
}
