import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";

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

/**
 * A written withdrawal: of one consent whole (撤回), of some facilities of it only (一部撤回:
 * `facilityIds`), or of every consent of the patient (脱退: `leaveNetwork` with `patientId`).
 */
export const WithdrawConsentInput = z
  .object({
    consentId: z.uuid().optional(),
    patientId: z.uuid().optional(),
    withdrawnOn: ConsentDate,
    facilityIds: z.array(z.uuid()).max(200).default([]),
    leaveNetwork: z.boolean().default(false),
    document: UploadedFileSchema,
    note: plainText().trim().max(1000).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.leaveNetwork ? !v.patientId : !v.consentId)
      ctx.addIssue({
        code: "custom",
        path: [v.leaveNetwork ? "patientId" : "consentId"],
        message: "撤回する同意を指定してください / Say which consent is withdrawn",
      });
    if (v.leaveNetwork && v.facilityIds.length > 0)
      ctx.addIssue({
        code: "custom",
        path: ["facilityIds"],
        message:
          "脱退ではすべての施設との共有が終わります / Leaving the network ends sharing with every facility",
      });
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
