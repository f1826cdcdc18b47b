import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import {
  pathwayHandoverDeclineReason,
  pathwayVarianceCategory,
  pathwayWithdrawReason,
} from "../../db/schema/pathways";
import { PATHWAY_CODES } from "../../model/pathway-template";

const enrolmentId = z.uuid("パス登録IDが不正です / Invalid pathway enrolment id");
const version = z.coerce
  .number("版数がありません / The version is missing")
  .int()
  .min(1, "版数が不正です / Invalid version");
/** A missing date is asked for, a malformed one explained. */
const day = z.iso.date({
  error: (issue) =>
    issue.input === undefined
      ? "日付を入力してください / Enter the date"
      : "日付は YYYY-MM-DD で入力してください / Give a date as YYYY-MM-DD",
});
const optionalDay = day.nullish().transform((v) => v ?? null);
const note = (max: number) =>
  plainText().trim().max(max, `${max}文字以内で入力してください / At most ${max} characters`).default("");
const pathway = z.enum(PATHWAY_CODES, "パスの種類が不正です / Unknown pathway");

export const EnrolPatientInput = z.object({
  patientId: z.uuid("患者を選んでください / Choose the patient"),
  pathway,
  /** the first stage's admission (入院日) */
  admittedOn: day,
  /** 発症日 / 受傷日 */
  onsetOn: optionalDay,
  /** the facility owning the first stage; the actor's own unless a coordinator enrols for another */
  facilityId: z
    .uuid("施設が不正です / Invalid facility")
    .nullish()
    .transform((v) => v ?? null),
});

export const EnrolmentCommandInput = z.object({ enrolmentId, version });

export const RequestHandoverInput = z.object({
  enrolmentId,
  version,
  toFacilityId: z.uuid("転院・移行先の施設を選んでください / Choose the next facility"),
  /** the stage the patient moves to: the next one unless a stage is skipped (acute → home) */
  toStageKey: singleLineText()
    .trim()
    .max(40)
    .nullish()
    .transform((v) => v || null),
  plannedOn: optionalDay,
  note: note(1000),
});

export const AcceptHandoverInput = z.object({
  enrolmentId,
  version,
  /** the admission (start) at the accepting facility */
  admittedOn: day,
});

export const DeclineHandoverInput = z.object({
  enrolmentId,
  version,
  reason: z.enum(pathwayHandoverDeclineReason.enumValues, "理由を選んでください / Choose a reason"),
  note: note(1000),
});

export const RecordStageMeasuresInput = z.object({
  enrolmentId,
  version,
  /** an accepted stage; the current one unless a coordinator corrects an earlier one */
  stageId: z
    .uuid("段階が不正です / Invalid stage")
    .nullish()
    .transform((v) => v ?? null),
  /** absent: unchanged; null: cleared */
  admittedOn: day.nullable().optional(),
  dischargedOn: day.nullable().optional(),
  /** by measure key; checked against the enrolment's template version */
  measures: z.record(plainText(), z.unknown()).default({}),
});

export const RecordVarianceInput = z.object({
  enrolmentId,
  version,
  stageId: z
    .uuid("段階が不正です / Invalid stage")
    .nullish()
    .transform((v) => v ?? null),
  category: z.enum(pathwayVarianceCategory.enumValues, "要因を選んでください / Choose the category"),
  occurredOn: day,
  description: plainText()
    .trim()
    .min(1, "何が計画から外れたかを入力してください / Say what went off-plan")
    .max(1000, "1000文字以内で入力してください / At most 1000 characters"),
  reason: note(2000),
  delayDays: z
    .int("日数は整数です / Days are a whole number")
    .min(0)
    .max(3650)
    .nullish()
    .transform((v) => v ?? null),
});

export const CompleteEnrolmentInput = z.object({
  enrolmentId,
  version,
  /** the last stage's end (退院日 / 終了日) */
  endedOn: day,
  note: note(1000),
});

export const WithdrawEnrolmentInput = z.object({
  enrolmentId,
  version,
  endedOn: day,
  reason: z.enum(pathwayWithdrawReason.enumValues, "中止の理由を選んでください / Choose a reason"),
  note: note(1000),
});

export const PathwayStatisticsQuery = z
  .object({
    pathway: pathway.optional(),
    /** the cohort: pathways that started (first admission) in [from, to] */
    from: day.optional(),
    to: day.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ["to"],
    message: "終了日は開始日以降にしてください / The end of the period is before its start",
  });
export type PathwayStatisticsQuery = z.infer<typeof PathwayStatisticsQuery>;

export const PathwayListQuery = z.object({
  /** current: the pathways this facility owns the current stage of; incoming: handovers asked of it */
  box: z.enum(["current", "incoming"]).default("current"),
  pathway: pathway.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
