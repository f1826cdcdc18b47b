import type { CarePlan, CarePlanActivity, Goal } from "@medplum/fhirtypes";
import { VISIT_PROFESSION_LABELS, daysOfMonth, monthLabel } from "../../../model/care-documents/home-nursing";
import {
  NURSING_PLAN_LABELS as L,
  NURSING_PLAN_TITLE,
  type NursingPlanContent,
} from "../../../model/care-documents/nursing-plan";
import { CARE_LEVEL_LABELS } from "../../../model/nursing-instruction";
import { CODE_SYSTEM, SECTION } from "../codes";
import { NOT_WRITTEN, section } from "../document-bundle";
import { bold, field, list, paragraph } from "../narrative";
import { present } from "../primitives";
import { monthPeriod, relatedReference, relatedRemarks } from "./home-nursing-fhir";
import type { CareDocumentFhirBody, CareDocumentFhirContext } from "./care-document-fhir-part";

/**
 * 訪問看護計画書 in FHIR: the plan is a CarePlan over the month (its goal a Goal,
 * each problem and its support an activity with the evaluation as progress,
 * the visits an activity with their weekly timing, each supply an activity
 * with its product), based on the 訪問看護指示書 it follows (a logical
 * reference by that document's national identifier).
 *
 *   420 診療方針指示   the CarePlan and the Goal
 *   (remarks)         the month, the instruction, the care level, remarks
 */
export function nursingPlanFhirBody(
  c: NursingPlanContent,
  { b, patient, related }: CareDocumentFhirContext,
): CareDocumentFhirBody {
  const goal = present(c.goals)
    ? b.add("goal", {
        resourceType: "Goal",
        lifecycleStatus: "active",
        description: { text: c.goals },
        subject: patient,
      } satisfies Goal)
    : null;
  const who = c.visitProfessions.map((p) => VISIT_PROFESSION_LABELS[p]).join("、");
  const visitText = [c.visitsPerWeek ? `週${c.visitsPerWeek}回` : null, who || null, present(c.visitNote)]
    .filter(Boolean)
    .join(" ");
  const activity: CarePlanActivity[] = [
    ...c.problems.map((p): CarePlanActivity => ({
      ...(present(p.evaluation) ? { progress: [{ text: p.evaluation }] } : {}),
      detail: {
        status: "not-started",
        description: [p.problem, p.support].filter(Boolean).join("：") || NOT_WRITTEN,
        ...(p.recordedOn ? { scheduledString: p.recordedOn } : {}),
      },
    })),
    ...(visitText
      ? [
          {
            detail: {
              status: "scheduled",
              code: { text: "訪問看護" },
              description: visitText,
              ...(c.visitsPerWeek
                ? { scheduledTiming: { repeat: { frequency: c.visitsPerWeek, period: 1, periodUnit: "wk" } } }
                : {}),
            },
          } satisfies CarePlanActivity,
        ]
      : []),
    ...(present(c.rehabilitationPlan)
      ? [
          {
            detail: {
              status: "not-started",
              code: { text: "リハビリテーション" },
              description: c.rehabilitationPlan,
            },
          } satisfies CarePlanActivity,
        ]
      : []),
    ...c.supplies.map((s): CarePlanActivity => ({
      detail: {
        status: "not-started",
        productCodeableConcept: { text: s.name },
        ...(present([s.use, s.quantity].filter(Boolean).join(" "))
          ? { description: [s.use, s.quantity].filter(Boolean).join(" ") }
          : {}),
      },
    })),
  ];
  const instruction = related.find((r) => r.field === "instructionId");
  const period = c.month ? monthPeriod(daysOfMonth(c.month)) : undefined;
  const plan = b.add("care-plan", {
    resourceType: "CarePlan",
    status: "active",
    intent: "plan",
    title: NURSING_PLAN_TITLE,
    subject: patient,
    ...(period ? { period } : {}),
    ...(goal ? { goal: [goal] } : {}),
    ...(activity.length > 0 ? { activity } : {}),
    ...(instruction ? { supportingInfo: [relatedReference(instruction)] } : {}),
    ...(present(c.remarks) ? { note: [{ text: c.remarks }] } : {}),
  } satisfies CarePlan);

  const supplies =
    c.suppliesNeeded === null
      ? NOT_WRITTEN
      : c.suppliesNeeded
        ? c.supplies.map((s) => [s.name, s.use, s.quantity].filter(Boolean).join(" ")).join("、") || "有"
        : "無";
  return {
    type: { system: CODE_SYSTEM.loinc, code: "18776-5", display: "Plan of care note" },
    sections: [
      section(SECTION.clinicalInstruction, NURSING_PLAN_TITLE, {
        narrative: [
          field(L.goals, c.goals || NOT_WRITTEN),
          c.problems.length > 0 ? paragraph(bold(L.problems)) : field(L.problems, NOT_WRITTEN),
          ...(c.problems.length > 0
            ? [
                list(
                  c.problems.map((p) =>
                    [
                      p.problem,
                      p.support && `${L.support}：${p.support}`,
                      p.evaluation && `${L.evaluation}：${p.evaluation}`,
                    ]
                      .filter(Boolean)
                      .join(" / "),
                  ),
                ),
              ]
            : []),
          field(L.visitPattern, visitText || NOT_WRITTEN),
          field(L.rehabilitationPlan, c.rehabilitationPlan || "なし"),
          field(L.supplies, supplies),
        ],
        entries: goal ? [plan, goal] : [plan],
      }),
    ],
    remarks: [
      [L.month, c.month ? monthLabel(c.month) : NOT_WRITTEN],
      ...relatedRemarks(related, { instructionId: L.instructionId }),
      [L.careLevel, c.careLevel ? CARE_LEVEL_LABELS[c.careLevel] : NOT_WRITTEN],
      ...(present(c.remarks) ? ([[L.remarks, c.remarks]] as [string, string][]) : []),
    ],
  };
}
