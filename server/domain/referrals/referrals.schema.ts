import { z } from "zod";
import { plainText } from "../../model/text";
import { referralDeclineReason, referralPriority } from "../../db/schema/referrals";
import { REFERRAL_STATUSES } from "./referral-status";
import { ReferralLetterContent, ReferralReplyContent } from "../../model/referral-letter";
import { msg } from "../../errors";

const priority = z.enum(referralPriority.enumValues);
const referralId = z.uuid(msg("referrals.invalidReferralId"));
const version = z.coerce
  .number(msg("referrals.versionMissing"))
  .int()
  .min(1, msg("referrals.invalidVersion"));
const day = z.iso.date(msg("dischargeSummary.giveDateAsYYYYMM"));
const instant = z.iso.datetime({
  offset: true,
  message: msg("referrals.giveDateTimeTimeZone"),
});
const note = (max: number) =>
  plainText().trim().max(max, msg("dischargeSummary.mostCharacters", { max })).default("");

const destination = {
  destinationFacilityId: z.uuid(msg("referrals.chooseDestinationFacility")),
  destinationDepartmentId: z.uuid(msg("referrals.chooseDestinationDepartment")),
  destinationPractitionerId: z
    .uuid(msg("referrals.invalidDoctor"))
    .nullish()
    .transform((v) => v ?? null),
};

export const CreateReferralInput = z.object({
  patientId: z.uuid(msg("referrals.choosePatient")),
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
  reason: z.enum(referralDeclineReason.enumValues, msg("referrals.chooseReason")),
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

export const AcknowledgeReplyInput = z.object({ replyId: z.uuid(msg("referrals.invalidReplyId")) });

/** A worklist page's rows unless the request asks for another number (the app always shows this many). */
export const WORKLIST_PAGE_SIZE = 50;

export const WorklistQuery = z.object({
  box: z.enum(["inbox", "outbox"]).default("inbox"),
  status: z.enum(REFERRAL_STATUSES).optional(),
  priority: priority.optional(),
  departmentId: z.uuid().optional(),
  // from a query string "0" and "false" mean false (z.coerce.boolean would make them true)
  overdue: z.union([z.boolean(), z.stringbool()]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(WORKLIST_PAGE_SIZE),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  /** keyset pagination: the previous page's nextCursor (offset is then ignored) */
  after: z.string().max(200).optional(),
});
export type WorklistQuery = z.input<typeof WorklistQuery>;

export const AskAdviceInput = z.object({
  patientId: z.uuid(msg("referrals.choosePatient")),
  destinationFacilityId: destination.destinationFacilityId,
  destinationDepartmentId: destination.destinationDepartmentId,
  question: plainText()
    .trim()
    .min(1, msg("referrals.enterQuestion"))
    .max(4000, msg("referrals.most4000Characters")),
});

export const CopyReferralInput = z.object({ referralId: z.uuid() });

export const AdviceRequestIdInput = z.object({ adviceRequestId: z.uuid() });

export const RouteAdviceInput = z.object({
  adviceRequestId: z.uuid(),
  practitionerId: z.uuid(msg("referrals.chooseDoctorWhoAnswers")),
});

export const AnswerAdviceInput = z.object({
  adviceRequestId: z.uuid(),
  answer: plainText()
    .trim()
    .min(1, msg("referrals.enterAnswer"))
    .max(4000, msg("referrals.most4000Characters")),
});
