import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { PROFESSIONS, ROLES } from "../../model/permissions";

export const NewPassword = plainText()
  .min(12, "パスワードは12文字以上にしてください / At least 12 characters")
  .max(256)
  .refine(
    (p) => /[A-Za-z]/.test(p) && /\d/.test(p),
    "英字と数字を含めてください / Include letters and digits",
  );

const kana = singleLineText()
  .trim()
  .min(1, "カナを入力してください / Enter the reading")
  .max(50)
  .regex(/^[\u30a0-\u30ffー\s]+$/, "カタカナで入力してください / Use katakana");

export const CreatePractitionerInput = z.object({
  loginId: singleLineText()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "英小文字・数字・. _ - で3〜32文字 / 3-32 of a-z 0-9 . _ -"),
  familyName: singleLineText().trim().min(1, "姓を入力してください / Enter the family name").max(50),
  givenName: singleLineText().trim().min(1, "名を入力してください / Enter the given name").max(50),
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
  departmentId: z.uuid("診療科を選んでください / Choose a department").nullable().optional(),
});

export const PractitionerIdInput = z.object({ practitionerId: z.uuid() });

export const ChangePasswordInput = z.object({
  currentPassword: plainText()
    .min(1, "現在のパスワードを入力してください / Enter your current password")
    .max(256),
  newPassword: NewPassword,
});
