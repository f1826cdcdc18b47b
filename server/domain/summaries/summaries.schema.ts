import { z } from "zod";
import { plainText } from "../../model/text";
import { DischargeSummaryContent } from "../../model/discharge-summary";
import { msg } from "../../errors";

const summaryId = z.uuid(msg("summaries.invalidDischargeSummaryId"));
const revision = z.coerce
  .number(msg("summaries.revisionMissing"))
  .int()
  .min(1, msg("summaries.invalidRevision"));
const note = (max: number) =>
  plainText().trim().max(max, msg("dischargeSummary.mostCharacters", { max })).default("");

export const SummaryRecipientInput = z.object({
  facilityId: z.uuid(msg("summaries.invalidRecipientFacility")),
  practitionerId: z
    .uuid(msg("summaries.invalidRecipient"))
    .nullish()
    .transform((v) => v ?? null),
});

const recipients = z
  .array(SummaryRecipientInput)
  .max(20, msg("summaries.most20RecipientFacilities"))
  .refine((list) => new Set(list.map((r) => r.facilityId)).size === list.length, {
    message: msg("summaries.sameRecipientChosenTwice"),
  });

export const CreateSummaryInput = z.object({
  patientId: z.uuid(msg("referrals.choosePatient")),
  /** the referral that brought the patient in: its referrer becomes a recipient, the letter pre-fills the summary */
  referralId: z
    .uuid(msg("referrals.invalidReferralId"))
    .nullish()
    .transform((v) => v ?? null),
  authorDepartment: note(100),
});

/** An autosave of the working copy: the content, where it goes, the department, the amendment's reason. */
export const SaveSummaryDraftInput = z.object({
  summaryId,
  revision,
  authorDepartment: note(100),
  recipients,
  content: DischargeSummaryContent,
  amendmentNote: note(1000),
});

export const SummaryCommandInput = z.object({ summaryId, revision });

export const AcknowledgeSummaryInput = z.object({
  summaryId,
  version: z.coerce.number().int().min(1, msg("summaries.invalidVersion")),
});

export const SummaryListQuery = z.object({
  box: z.enum(["inbox", "outbox"]).default("inbox"),
  /** inbox: only those this facility has not acknowledged yet */
  unacknowledged: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** Which version a reader asks for in a URL (?version=2, or draft for the author's working copy); absent: the latest sent. */
export const SummaryVersionQuery = z.object({
  version: z
    .union([
      z.literal("draft"),
      z.coerce
        .number(msg("summaries.giveVersionAsNumberDraft"))
        .int(msg("summaries.versionWholeNumber"))
        .min(1, msg("summaries.versionsStart1")),
    ])
    .optional(),
});
