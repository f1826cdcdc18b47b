import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { msg } from "../../errors";

const today = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });

export const ConsentDate = z.iso
  .date(msg("consent.enterDateAsYYYYMM"))
  .refine((d) => d >= "2000-01-01", msg("consent.dateMust2000Later"))
  .refine((d) => d <= today(), msg("consent.dateCannotFuture"));

export const UploadedFileSchema = z.object({
  fileName: singleLineText().max(255),
  bytes: z.instanceof(Uint8Array, {
    message: msg("consent.attachSignedDocument"),
  }),
});

export const GrantConsentInput = z.object({
  patientId: z.uuid(),
  obtainedOn: ConsentDate,
  /**
   * where the patient signed the form (a facility of the network); a facility's own staff record
   * only their own facility's forms, the network office must say which facility's form it files
   */
  signedAtFacilityId: z.uuid(msg("consent.chooseWhereFormSigned")).optional(),
  /** facilities the patient agreed to share with; the obtaining facility is always included */
  facilityIds: z.array(z.uuid()).max(200).default([]),
  document: UploadedFileSchema,
  note: plainText().trim().max(1000).default(""),
});

export const AddConsentFacilityInput = z.object({
  consentId: z.uuid(),
  effectiveOn: ConsentDate,
  facilityIds: z.array(z.uuid()).min(1, msg("consent.chooseLeastOneFacilityAdd")).max(200),
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
        message: msg("consent.sayWhichConsentWithdrawn"),
      });
    if (v.leaveNetwork && v.facilityIds.length > 0)
      ctx.addIssue({
        code: "custom",
        path: ["facilityIds"],
        message: msg("consent.leavingNetworkEndsSharingEvery"),
      });
  });

export const BreakGlassInput = z.object({
  patientId: z.uuid(),
  reason: plainText().trim().min(20, msg("consent.giveEmergencyReasonLeast20")).max(1000),
});

export const ConsentDocumentInput = z.object({ attachmentId: z.uuid() });
