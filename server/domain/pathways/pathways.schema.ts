import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import {
  pathwayHandoverDeclineReason,
  pathwayVarianceCategory,
  pathwayWithdrawReason,
} from "../../db/schema/pathways";
import { PATHWAY_CODES } from "../../model/pathway-template";
import { msg } from "../../errors";

const enrolmentId = z.uuid(msg("pathways.invalidPathwayEnrolmentId"));
const version = z.coerce
  .number(msg("referrals.versionMissing"))
  .int()
  .min(1, msg("referrals.invalidVersion"));
/** A missing date is asked for, a malformed one explained. */
const day = z.iso.date({
  error: (issue) =>
    issue.input === undefined ? msg("pathways.enterDate") : msg("dischargeSummary.giveDateAsYYYYMM"),
});
const optionalDay = day.nullish().transform((v) => v ?? null);
const note = (max: number) =>
  plainText().trim().max(max, msg("dischargeSummary.mostCharacters", { max })).default("");
const pathway = z.enum(PATHWAY_CODES, msg("pathwayMeetings.unknownPathway"));

export const EnrolPatientInput = z.object({
  patientId: z.uuid(msg("referrals.choosePatient")),
  pathway,
  /** the first stage's admission (入院日) */
  admittedOn: day,
  /** 発症日 / 受傷日 */
  onsetOn: optionalDay,
  /** the facility owning the first stage; the actor's own unless a coordinator enrols for another */
  facilityId: z
    .uuid(msg("pathwayMeetings.invalidFacility"))
    .nullish()
    .transform((v) => v ?? null),
});

export const EnrolmentCommandInput = z.object({ enrolmentId, version });

export const RequestHandoverInput = z.object({
  enrolmentId,
  version,
  toFacilityId: z.uuid(msg("pathways.chooseNextFacility")),
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
  reason: z.enum(pathwayHandoverDeclineReason.enumValues, msg("pathways.chooseReason")),
  note: note(1000),
});

export const RecordStageMeasuresInput = z.object({
  enrolmentId,
  version,
  /** an accepted stage; the current one unless a coordinator corrects an earlier one */
  stageId: z
    .uuid(msg("pathways.invalidStage"))
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
    .uuid(msg("pathways.invalidStage"))
    .nullish()
    .transform((v) => v ?? null),
  category: z.enum(pathwayVarianceCategory.enumValues, msg("pathways.chooseCategory")),
  occurredOn: day,
  description: plainText()
    .trim()
    .min(1, msg("pathways.sayWhatWentOffPlan"))
    .max(1000, msg("pathways.most1000Characters")),
  reason: note(2000),
  delayDays: z
    .int(msg("pathways.daysWholeNumber"))
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
  reason: z.enum(pathwayWithdrawReason.enumValues, msg("pathways.chooseReason2")),
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
    message: msg("pathways.endPeriodBeforeStart"),
  });
export type PathwayStatisticsQuery = z.infer<typeof PathwayStatisticsQuery>;

export const PathwayListQuery = z.object({
  /** current: the pathways this facility owns the current stage of; incoming: handovers asked of it */
  box: z.enum(["current", "incoming"]).default("current"),
  pathway: pathway.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
