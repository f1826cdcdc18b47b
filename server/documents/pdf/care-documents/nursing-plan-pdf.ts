import {
  NURSING_PLAN_LABELS as L,
  type NursingPlanContent,
} from "../../../model/care-documents/nursing-plan";
import { VISIT_PROFESSION_LABELS } from "../../../model/care-documents/home-nursing";
import type { RelatedDocument } from "../../../model/care-documents/related-document";
import { NOT_RECORDED, NOTHING_NOTABLE, WIDE_SPACE, orNothingNotable } from "../document-parts";
import { formatDate, parseDate } from "../format";
import type { FieldContent } from "../layout";
import { careLevelText, monthOrNotRecorded, relatedText, suppliesTable } from "./home-nursing-parts";
import type { CareDocumentPdfBody } from "./care-document-pdf-part";

/** The body of a 訪問看護計画書, in the form's order (別紙様式1). */
export function nursingPlanPdfBody(
  content: NursingPlanContent,
  related: readonly RelatedDocument[] = [],
): CareDocumentPdfBody {
  return {
    fields: [
      [
        { label: L.month, content: monthOrNotRecorded(content.month) },
        { label: L.careLevel, content: careLevelText(content.careLevel) },
      ],
      [{ label: L.instructionId, content: relatedText(related, "instructionId") }],
    ],
    sections: [
      [L.goals, orNothingNotable(content.goals)],
      [L.problems, problems(content)],
      [L.visitPattern, visitPattern(content)],
      [L.rehabilitationPlan, orNothingNotable(content.rehabilitationPlan)],
      [L.supplies, supplies(content)],
      [L.remarks, orNothingNotable(content.remarks)],
    ],
  };
}

function problems({ problems }: NursingPlanContent): FieldContent {
  if (problems.length === 0) return NOTHING_NOTABLE;
  return [
    {
      kind: "table",
      columns: [
        { header: L.problemDate, weight: 0.9 },
        { header: L.problem, weight: 1.5 },
        { header: L.support, weight: 1.9 },
        { header: L.evaluation, weight: 1.1 },
      ],
      rows: problems.map((p) => [
        p.recordedOn ? formatDate(parseDate(p.recordedOn), { era: false }) : "",
        p.problem,
        p.support,
        p.evaluation,
      ]),
    },
  ];
}

function visitPattern(c: NursingPlanContent): string {
  const perWeek = c.visitsPerWeek === null ? NOT_RECORDED : `週${c.visitsPerWeek}回`;
  const who =
    c.visitProfessions.length > 0
      ? c.visitProfessions.map((p) => VISIT_PROFESSION_LABELS[p]).join("、")
      : NOT_RECORDED;
  const lines = [`${L.visitsPerWeek}${WIDE_SPACE}${perWeek}`, `${L.visitProfessions}${WIDE_SPACE}${who}`];
  if (c.visitNote) lines.push(`${L.visitNote}${WIDE_SPACE}${c.visitNote}`);
  return lines.join("\n");
}

function supplies(c: NursingPlanContent): FieldContent {
  if (c.suppliesNeeded === null) return NOT_RECORDED;
  if (!c.suppliesNeeded) return "無";
  const table = suppliesTable(c.supplies, {
    name: L.supplyName,
    use: L.supplyUse,
    quantity: L.supplyQuantity,
  });
  return [{ kind: "text", text: "有" }, ...(table ? [table] : [])];
}
