import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";

export const PatientSearchInput = z.object({
  q: singleLineText()
    .trim()
    .min(1, "検索語を入力してください / Enter a name, reading or ID")
    .max(64, "検索語が長すぎます / Search text too long"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PatientSearchInput = z.input<typeof PatientSearchInput>;

export const PatientIdInput = z.object({ patientId: z.uuid("患者IDが不正です / Invalid patient id") });

const kana = singleLineText()
  .trim()
  .min(1, "カナを入力してください / Enter the reading")
  .max(50)
  .transform((v) =>
    v.normalize("NFKC").replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60)),
  )
  .pipe(plainText().regex(/^[\u30a0-\u30ffー\s]+$/, "カタカナで入力してください / Use katakana"));

export const RegisterPatientInput = z.object({
  familyName: singleLineText().trim().min(1, "姓を入力してください / Enter the family name").max(50),
  givenName: singleLineText().trim().min(1, "名を入力してください / Enter the given name").max(50),
  familyNameKana: kana,
  givenNameKana: kana,
  birthDate: z.iso
    .date("生年月日を YYYY-MM-DD で入力してください / Enter the date of birth as YYYY-MM-DD")
    .refine((d) => d >= "1900-01-01", "1900年以降にしてください / 1900 or later")
    .refine(
      (d) => d <= new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" }),
      "未来の日付は指定できません / Cannot be in the future",
    ),
  sex: z.enum(["male", "female", "other", "unknown"], "性別を選んでください / Choose the sex"),
  postalCode: singleLineText()
    .trim()
    .regex(/^(\d{3}-?\d{4})?$/, "郵便番号は 123-4567 の形式です / Postal code like 123-4567")
    .default(""),
  address: singleLineText().trim().max(200).default(""),
  phone: singleLineText()
    .trim()
    .regex(/^[0-9-]{0,20}$/, "数字とハイフンで入力してください / Digits and hyphens only")
    .default(""),
  localId: singleLineText()
    .trim()
    .regex(
      /^[0-9A-Za-z-]{1,20}$/,
      "自施設の患者IDを入力してください（英数字とハイフン） / Your facility's patient ID",
    ),
});

export const LinkLocalIdInput = z.object({
  patientId: z.uuid(),
  localId: singleLineText()
    .trim()
    .regex(
      /^[0-9A-Za-z-]{1,20}$/,
      "自施設の患者IDを入力してください（英数字とハイフン） / Your facility's patient ID",
    ),
});
