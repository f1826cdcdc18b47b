import { z } from "zod";
import { plainText } from "../../model/text";
import { referralDeclineReason, referralPriority } from "../../db/schema/referrals";
import { REFERRAL_STATUSES } from "./referral-status";
import { ReferralLetterContent, ReferralReplyContent } from "../../model/referral-letter";

const priority = z.enum(referralPriority.enumValues);
const referralId = z.uuid("紹介状IDが不正です / Invalid referral id");
const version = z.coerce
  .number("版数がありません / The version is missing")
  .int()
  .min(1, "版数が不正です / Invalid version");
const day = z.iso.date("日付は YYYY-MM-DD で入力してください / Give a date as YYYY-MM-DD");
const instant = z.iso.datetime({
  offset: true,
  message:
    "日時はタイムゾーン付きで指定してください（例 2026-12-01T10:30:00+09:00） / Give a date and time with its time zone",
});
const note = (max: number) =>
  plainText().trim().max(max, `${max}文字以内で入力してください / At most ${max} characters`).default("");

const destination = {
  destinationFacilityId: z.uuid("紹介先医療機関を選んでください / Choose the destination facility"),
  destinationDepartmentId: z.uuid("紹介先診療科を選んでください / Choose the destination department"),
  destinationPractitionerId: z
    .uuid("担当医の指定が不正です / Invalid doctor")
    .nullish()
    .transform((v) => v ?? null),
};

export const CreateReferralInput = z.object({
  patientId: z.uuid("患者を選んでください / Choose the patient"),
  ...destination,
  priority: priority.default("routine"),
  requestedBy: day.nullish().transform((v) => v ?? null),
  referrerDepartment: note(100),
  content: ReferralLetterContent.default(ReferralLetterContent.parse({})),
  /** the advice request this letter answers, when a specialist converts one */
  adviceRequestId: z.uuid().nullish(),
});

/** An autosave of a draft: the whole editable part, with the version it was based on. */
export const SaveReferralDraftInput = z.object({
  referralId,
  version,
  ...destination,
  priority,
  requestedBy: day.nullish().transform((v) => v ?? null),
  referrerDepartment: note(100),
  content: ReferralLetterContent,
});

export const ReferralCommandInput = z.object({ referralId, version });

export const AcceptReferralInput = z.object({
  referralId,
  version,
  appointmentAt: instant,
  note: note(1000),
});

export const DeclineReferralInput = z.object({
  referralId,
  version,
  // the coded reasons are the database enum's (server/db/schema/referrals.ts)
  reason: z.enum(referralDeclineReason.enumValues, "お断りの理由を選んでください / Choose a reason"),
  note: note(2000),
});

export const ForwardReferralInput = z.object({
  referralId,
  version,
  ...destination,
  note: note(2000),
});

export const CancelReferralInput = z.object({ referralId, version, note: note(1000) });

export const ReplyToReferralInput = z.object({
  referralId,
  version,
  kind: z.enum(["interim", "final"]),
  content: ReferralReplyContent,
});

export const AcknowledgeReplyInput = z.object({ replyId: z.uuid("返書IDが不正です / Invalid reply id") });

export const WorklistQuery = z.object({
  box: z.enum(["inbox", "outbox"]).default("inbox"),
  status: z.enum(REFERRAL_STATUSES).optional(),
  priority: priority.optional(),
  departmentId: z.uuid().optional(),
  // from a query string "0" and "false" mean false (z.coerce.boolean would make them true)
  overdue: z.union([z.boolean(), z.stringbool()]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  /** keyset pagination: the previous page's nextCursor (offset is then ignored) */
  after: z.string().max(200).optional(),
});
export type WorklistQuery = z.input<typeof WorklistQuery>;

export const AskAdviceInput = z.object({
  patientId: z.uuid("患者を選んでください / Choose the patient"),
  destinationFacilityId: destination.destinationFacilityId,
  destinationDepartmentId: destination.destinationDepartmentId,
  question: plainText()
    .trim()
    .min(1, "相談内容を入力してください / Enter your question")
    .max(4000, "4000文字以内で入力してください / At most 4000 characters"),
});

export const CopyReferralInput = z.object({ referralId: z.uuid() });

export const AdviceRequestIdInput = z.object({ adviceRequestId: z.uuid() });

export const RouteAdviceInput = z.object({
  adviceRequestId: z.uuid(),
  practitionerId: z.uuid("回答する医師を選んでください / Choose the doctor who answers"),
});

export const AnswerAdviceInput = z.object({
  adviceRequestId: z.uuid(),
  answer: plainText()
    .trim()
    .min(1, "回答を入力してください / Enter the answer")
    .max(4000, "4000文字以内で入力してください / At most 4000 characters"),
});
