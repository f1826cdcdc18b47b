import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { PROFESSIONS, ROLES } from "../../model/permissions";
import { msg } from "../../errors";

export const NewPassword = plainText()
  .min(12, msg("practitioners.least12Characters"))
  .max(256)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), msg("practitioners.includeLettersDigits"));

const kana = singleLineText()
  .trim()
  .min(1, msg("practitioners.enterReading"))
  .max(50)
  .regex(/^[\u30a0-\u30ffー\s]+$/, msg("practitioners.useKatakana"));

export const CreatePractitionerInput = z.object({
  loginId: singleLineText()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, msg("practitioners.n332Z09")),
  familyName: singleLineText().trim().min(1, msg("practitioners.enterFamilyName")).max(50),
  givenName: singleLineText().trim().min(1, msg("practitioners.enterGivenName")).max(50),
  familyNameKana: kana,
  givenNameKana: kana,
  profession: z.enum(PROFESSIONS),
  facilityId: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1).default(["staff"]),
});

export const UpdatePractitionerInput = z.object({
  practitionerId: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  disabled: z.boolean().optional(),
  /** the department (診療科) at the practitioner's own facility; null: none */
  departmentId: z.uuid(msg("practitioners.chooseDepartment")).nullable().optional(),
});

export const PractitionerIdInput = z.object({ practitionerId: z.uuid() });

export const ChangePasswordInput = z.object({
  currentPassword: plainText().min(1, msg("practitioners.enterCurrentPassword")).max(256),
  newPassword: NewPassword,
});
