import { z } from "zod";
import { plainText, singleLineText } from "../text.schema";

const today = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });

export const ConsentDate = z.iso
  .date("日付を YYYY-MM-DD で入力してください / Enter the date as YYYY-MM-DD")
  .refine((d) => d >= "2000-01-01", "2000年以降の日付にしてください / The date must be 2000 or later")
  .refine((d) => d <= today(), "未来の日付は指定できません / The date cannot be in the future");

export const UploadedFileSchema = z.object({
  fileName: singleLineText().max(255),
  bytes: z.instanceof(Uint8Array, {
    message: "署名済みの書類を添付してください / Attach the signed document",
  }),
});

export const GrantConsentInput = z.object({
  patientId: z.uuid(),
  obtainedOn: ConsentDate,
  /**
   * where the patient signed the form (a facility of the network); a facility's own staff record
   * only their own facility's forms, the network office must say which facility's form it files
   */
  signedAtFacilityId: z.uuid("署名した施設を選んでください / Choose where the form was signed").optional(),
  /** facilities the patient agreed to share with; the obtaining facility is always included */
  facilityIds: z.array(z.uuid()).max(200).default([]),
  document: UploadedFileSchema,
  note: plainText().trim().max(1000).default(""),
});

export const AddConsentFacilityInput = z.object({
  consentId: z.uuid(),
  effectiveOn: ConsentDate,
  facilityIds: z
    .array(z.uuid())
    .min(1, "追加する連携先を選んでください / Choose at least one facility to add")
    .max(200),
  document: UploadedFileSchema,
  note: plainText().trim().max(1000).default(""),
});

export const WithdrawConsentInput = z.object({
  consentId: z.uuid(),
  withdrawnOn: ConsentDate,
  document: UploadedFileSchema,
  note: plainText().trim().max(1000).default(""),
});

export const BreakGlassInput = z.object({
  patientId: z.uuid(),
  reason: plainText()
    .trim()
    .min(
      20,
      "緊急アクセスの理由を具体的に20文字以上で入力してください / Give the emergency reason in at least 20 characters",
    )
    .max(1000),
});

export const ConsentDocumentInput = z.object({ attachmentId: z.uuid() });
