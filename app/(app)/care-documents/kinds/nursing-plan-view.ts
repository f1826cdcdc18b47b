import type { NursingPlanContent } from "@/server/model/care-documents/nursing-plan";
import type { KindViewRows } from "./kind-parts";

export const nursingPlanRows: KindViewRows<NursingPlanContent> = (c, m) => {
  const L = m.nursingPlan.labels;
  const H = m.homeNursing;
  return [
    [L.month, c.month ?? ""],
    [L.careLevel, c.careLevel ? H.careLevels[c.careLevel] : ""],
    [L.goals, c.goals],
    [
      L.problems,
      c.problems
        .map((p) =>
          [
            p.recordedOn,
            `${L.problem}: ${p.problem}`,
            `${L.support}: ${p.support}`,
            p.evaluation && `${L.evaluation}: ${p.evaluation}`,
          ]
            .filter(Boolean)
            .join("\n"),
        )
        .join("\n\n"),
    ],
    [L.visitsPerWeek, c.visitsPerWeek === null ? "" : String(c.visitsPerWeek)],
    [L.visitProfessions, c.visitProfessions.map((p) => H.visitProfessions[p]).join("、")],
    [L.visitNote, c.visitNote],
    [L.rehabilitationPlan, c.rehabilitationPlan],
    [
      L.supplies,
      c.suppliesNeeded === false
        ? H.no
        : c.supplies.map((s) => [s.name, s.use, s.quantity].filter(Boolean).join(" ・ ")).join("\n"),
    ],
    [L.remarks, c.remarks],
  ];
};
