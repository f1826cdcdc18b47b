import { z } from "zod";
import { plainText } from "../../model/text";
import { DischargeSummaryContent } from "../../model/discharge-summary";

const summaryId = z.uuid("退院時サマリIDが不正です / Invalid discharge summary id");
const revision = z.coerce
  .number("版数がありません / The revision is missing")
  .int()
  .min(1, "版数が不正です / Invalid revision");
const note = (max: number) =>
  plainText().trim().max(max, `${max}文字以内で入力してください / At most ${max} characters`).default("");

export const SummaryRecipientInput = z.object({
  facilityId: z.uuid("送付先の医療機関が不正です / Invalid recipient facility"),
  practitionerId: z
    .uuid("送付先の担当者が不正です / Invalid recipient")
    .nullish()
    .transform((v) => v ?? null),
});

const recipients = z
  .array(SummaryRecipientInput)
  .max(20, "送付先は20施設までです / At most 20 recipient facilities")
  .refine((list) => new Set(list.map((r) => r.facilityId)).size === list.length, {
    message: "同じ送付先が2回選ばれています / The same recipient is chosen twice",
  });

export const CreateSummaryInput = z.object({
  patientId: z.uuid("患者を選んでください / Choose the patient"),
  /** the referral that brought the patient in: its referrer becomes a recipient, the letter pre-fills the summary */
  referralId: z
    .uuid("紹介状IDが不正です / Invalid referral id")
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
  version: z.coerce.number().int().min(1, "版が不正です / Invalid version"),
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
        .number("版は数字か draft で指定してください / Give the version as a number or draft")
        .int("版は整数で指定してください / The version is a whole number")
        .min(1, "版は1以上です / Versions start at 1"),
    ])
    .optional(),
});
