import {
  NURSING_REPORT_LABELS as L,
  VISIT_MARKS,
  VISIT_MARK_LABELS,
  VISIT_MARK_SYMBOLS,
  daysMarked,
  type NursingReportContent,
} from "../../../model/care-documents/nursing-report";
import { daysOfMonth } from "../../../model/care-documents/home-nursing";
import type { RelatedDocument } from "../../../model/care-documents/related-document";
import { NOT_RECORDED, WIDE_SPACE, orNothingNotable } from "../document-parts";
import { colors, type Block, type FieldContent } from "../layout";
import { careLevelText, monthOrNotRecorded, relatedText, suppliesTable } from "./home-nursing-parts";
import type { CareDocumentPdfBody } from "./care-document-pdf-part";

const WEEKDAYS = ["日", "月", "火", "水", "木", "金", "土"];

/** The body of a 訪問看護報告書, in the form's order (別紙様式2): the month's calendar first. */
export function nursingReportPdfBody(
  content: NursingReportContent,
  related: readonly RelatedDocument[] = [],
): CareDocumentPdfBody {
  const table = suppliesTable(content.suppliesUsed, {
    name: L.supplyName,
    use: L.supplyUse,
    quantity: L.supplyQuantity,
  });
  return {
    fields: [
      [
        { label: L.month, content: monthOrNotRecorded(content.month) },
        { label: L.careLevel, content: careLevelText(content.careLevel) },
      ],
      [{ label: L.instructionId, content: relatedText(related, "instructionId") }],
    ],
    sections: [
      [L.visits, visitCalendar(content)],
      [L.conditionCourse, orNothingNotable(content.conditionCourse)],
      [L.nursingGiven, orNothingNotable(content.nursingGiven)],
      [L.rehabilitationGiven, orNothingNotable(content.rehabilitationGiven)],
      [L.familyCare, orNothingNotable(content.familyCare)],
      [L.suppliesUsed, table ? [table] : "使用なし"],
      [L.suppliesChange, content.suppliesChange || "変更なし"],
      [L.specialNotes, orNothingNotable(content.specialNotes)],
    ],
  };
}

/**
 * The month as the form's calendar: a week a row from Sunday, each day with
 * its marks (○ ◇ △ ×), then the legend and the count of days of each mark.
 */
export function visitCalendarWeeks(content: Pick<NursingReportContent, "month" | "visits">): string[][] {
  if (!content.month) return [];
  const marks = new Map(
    content.visits.map((v) => [v.date, v.marks.map((m) => VISIT_MARK_SYMBOLS[m]).join("")]),
  );
  const days = daysOfMonth(content.month);
  const firstWeekday = new Date(`${days[0]}T00:00:00Z`).getUTCDay();
  const cells = [
    ...Array.from({ length: firstWeekday }, () => ""),
    ...days.map((d) => {
      const m = marks.get(d);
      return m ? `${Number(d.slice(8))} ${m}` : String(Number(d.slice(8)));
    }),
  ];
  while (cells.length % 7 !== 0) cells.push("");
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

function visitCalendar(content: NursingReportContent): FieldContent {
  if (!content.month)
    return content.visits.length === 0 ? NOT_RECORDED : content.visits.map((v) => v.date).join("、");
  const legend = VISIT_MARKS.map((m) => `${VISIT_MARK_SYMBOLS[m]} ${VISIT_MARK_LABELS[m]}`).join("\n");
  const counts = VISIT_MARKS.filter((m) => daysMarked(content.visits, m) > 0)
    .map((m) => `${VISIT_MARK_SYMBOLS[m]} ${daysMarked(content.visits, m)}日`)
    .join(WIDE_SPACE);
  const blocks: Block[] = [
    {
      kind: "table",
      columns: WEEKDAYS.map((header) => ({ header, align: "center" as const })),
      rows: visitCalendarWeeks(content),
    },
    { kind: "text", text: legend, style: { size: 8, color: colors.muted, lineHeight: 1.35 } },
    { kind: "text", text: `訪問日数 ${content.visits.length}日${counts ? `（${counts}）` : ""}` },
  ];
  return blocks;
}
