import { z } from "zod";
import { CARE_LEVELS, optionalEnum } from "../nursing-instruction";
import {
  Supply,
  THERAPISTS,
  VISIT_PROFESSIONS,
  calendarDay,
  calendarMonth,
  issuer,
  most,
  repeats,
  text,
  STATION_TO_PHYSICIAN,
} from "./home-nursing";
import { msg } from "../../errors";
import type { CareDocumentSpec } from "./care-document-kind";

/**
 * The content of a visiting-nursing plan (訪問看護計画書, visiting-nurse station →
 * the physician whose 訪問看護指示書 it follows, every month), item by item as
 * the insurance form (別紙様式1) has them. A draft may leave anything empty;
 * `SendableNursingPlan` says what must be there before it goes.
 */

export const NURSING_PLAN_TITLE = "訪問看護計画書";

/** The form's own Japanese terms, printed on the PDF, written into the FHIR document, shown by the app. */
export const NURSING_PLAN_LABELS = {
  month: "計画期間",
  instructionId: "訪問看護指示書",
  careLevel: "要介護認定の状況",
  goals: "看護・リハビリテーションの目標",
  problems: "療養上の課題・支援内容",
  problemDate: "年月日",
  problem: "療養上の課題（問題点）",
  support: "支援内容（解決策）",
  evaluation: "評価",
  visitPattern: "訪問予定",
  visitsPerWeek: "訪問回数",
  visitProfessions: "訪問予定の職種",
  visitNote: "曜日・時間帯等",
  rehabilitationPlan: "リハビリテーション計画",
  supplies: "衛生材料等が必要な処置",
  suppliesNeeded: "衛生材料等が必要な処置の有無",
  supplyUse: "処置の内容",
  supplyName: "衛生材料（種類・サイズ）等",
  supplyQuantity: "必要量",
  remarks: "備考",
} as const;

/** One row of 療養上の課題・支援内容: the day it was set, the problem, how it is met, and later how it went. */
export const PlanProblem = z.object({
  recordedOn: calendarDay.nullish().transform((v) => v ?? null),
  problem: text(1000).default(""),
  support: text(2000).default(""),
  evaluation: text(1000).default(""),
});

const NursingPlanShape = z.object({
  /** 計画期間: the month, YYYY-MM */
  month: calendarMonth.optional(),
  /** the 訪問看護指示書 the plan follows (in force for the patient and the station when sent) */
  instructionId: z
    .uuid(msg("nursingPlan.chooseInstruction"))
    .nullish()
    .transform((v) => v ?? null),
  careLevel: optionalEnum(CARE_LEVELS, msg("nursingInstruction.chooseCareLevel")),
  goals: text(2000).default(""),
  problems: z.array(PlanProblem).max(20, most(20)).default([]),
  /** 訪問予定: visits a week, who visits, on which days and at what time */
  visitsPerWeek: z
    .number(msg("nursingPlan.visitsPerWeekRange"))
    .int(msg("nursingPlan.visitsPerWeekRange"))
    .min(1, msg("nursingPlan.visitsPerWeekRange"))
    .max(21, msg("nursingPlan.visitsPerWeekRange"))
    .nullish()
    .transform((v) => v ?? null),
  visitProfessions: z
    .array(z.enum(VISIT_PROFESSIONS, msg("homeNursing.chooseProfession")))
    .max(VISIT_PROFESSIONS.length, most(VISIT_PROFESSIONS.length))
    .default([]),
  visitNote: text(500).default(""),
  rehabilitationPlan: text(2000).default(""),
  /** 衛生材料等が必要な処置の有無: null until answered */
  suppliesNeeded: z
    .boolean(msg("nursingPlan.answerSuppliesNeeded"))
    .nullish()
    .transform((v) => v ?? null),
  supplies: z.array(Supply).max(20, most(20)).default([]),
  remarks: text(2000).default(""),
});

function checkConsistency(c: z.output<typeof NursingPlanShape>, ctx: z.RefinementCtx) {
  const issue = issuer(ctx);
  for (const i of repeats(c.visitProfessions, (p) => p)) {
    issue(["visitProfessions", i], msg("homeNursing.professionListedTwice"));
  }
  if (c.suppliesNeeded === false && c.supplies.length > 0) {
    issue(["suppliesNeeded"], msg("nursingPlan.noSuppliesContradictsList"));
  }
}

export const NursingPlanContent = NursingPlanShape.superRefine(checkConsistency);
export type NursingPlanContent = z.output<typeof NursingPlanContent>;

/** True when a therapist (理学療法士等) is among those who visit. */
export function therapistsVisit(c: Pick<NursingPlanContent, "visitProfessions">): boolean {
  return c.visitProfessions.some((p) => THERAPISTS.includes(p));
}

/** What a plan must contain before it is sent to the physician. */
export const SendableNursingPlan = NursingPlanContent.superRefine((c, ctx) => {
  const issue = issuer(ctx);
  if (!c.month) issue(["month"], msg("homeNursing.enterMonth"));
  if (!c.instructionId) issue(["instructionId"], msg("nursingPlan.chooseInstruction"));
  if (!c.goals) issue(["goals"], msg("nursingPlan.enterGoals"));
  if (c.problems.length === 0) issue(["problems"], msg("nursingPlan.enterAtLeastOneProblem"));
  c.problems.forEach((p, i) => {
    if (!p.problem) issue(["problems", i, "problem"], msg("nursingPlan.enterProblem"));
    if (!p.support) issue(["problems", i, "support"], msg("nursingPlan.enterSupport"));
  });
  if (c.visitsPerWeek === null) issue(["visitsPerWeek"], msg("nursingPlan.visitsPerWeekRange"));
  if (c.visitProfessions.length === 0) issue(["visitProfessions"], msg("homeNursing.chooseProfession"));
  if (therapistsVisit(c) && !c.rehabilitationPlan) {
    issue(["rehabilitationPlan"], msg("nursingPlan.therapistVisitsNeedRehabilitationPlan"));
  }
  if (c.suppliesNeeded === null) issue(["suppliesNeeded"], msg("nursingPlan.answerSuppliesNeeded"));
  if (c.suppliesNeeded === true && c.supplies.length === 0) {
    issue(["supplies"], msg("nursingPlan.listSupplies"));
  }
});

export const NURSING_PLAN = {
  kind: "nursing_plan",
  content: NursingPlanContent,
  sendable: SendableNursingPlan,
  ...STATION_TO_PHYSICIAN,
  terms: {
    title: NURSING_PLAN_TITLE,
    shortTitle: NURSING_PLAN_TITLE,
    authorRole: "訪問看護ステーション",
    recipientRole: "主治医",
    lead: "訪問看護指示書に基づき、下記のとおり訪問看護計画を策定いたしましたので報告いたします。",
    labels: NURSING_PLAN_LABELS,
  },
} as const satisfies CareDocumentSpec<"nursing_plan", NursingPlanContent>;
