import { z } from "zod";
import { plainText, singleLineText } from "../../model/text";
import { msg } from "../../errors";

export const PatientSearchInput = z.object({
  q: singleLineText()
    .trim()
    .min(1, msg("patients.enterNameReadingID"))
    .max(64, msg("patients.searchTextTooLong")),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PatientSearchInput = z.input<typeof PatientSearchInput>;

export const PatientIdInput = z.object({ patientId: z.uuid(msg("patients.invalidPatientId")) });

const kana = singleLineText()
  .trim()
  .min(1, msg("practitioners.enterReading"))
  .max(50)
  .transform((v) =>
    v.normalize("NFKC").replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60)),
  )
  .pipe(plainText().regex(/^[\u30a0-\u30ffー\s]+$/, msg("practitioners.useKatakana")));

export const RegisterPatientInput = z.object({
  familyName: singleLineText().trim().min(1, msg("practitioners.enterFamilyName")).max(50),
  givenName: singleLineText().trim().min(1, msg("practitioners.enterGivenName")).max(50),
  familyNameKana: kana,
  givenNameKana: kana,
  birthDate: z.iso
    .date(msg("patients.enterDateBirthAsYYYY"))
    .refine((d) => d >= "1900-01-01", msg("patients.n1900Later"))
    .refine(
      (d) => d <= new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" }),
      msg("patients.cannotFuture"),
    ),
  sex: z.enum(["male", "female", "other", "unknown"], msg("patients.chooseSex")),
  postalCode: singleLineText()
    .trim()
    .regex(/^(\d{3}-?\d{4})?$/, msg("patients.postalCodeLike1234567"))
    .default(""),
  address: singleLineText().trim().max(200).default(""),
  phone: singleLineText()
    .trim()
    .regex(/^[0-9-]{0,20}$/, msg("patients.digitsHyphensOnly"))
    .default(""),
  localId: singleLineText()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,20}$/, msg("patients.facilitysPatientID")),
});

export const LinkLocalIdInput = z.object({
  patientId: z.uuid(),
  localId: singleLineText()
    .trim()
    .regex(/^[0-9A-Za-z-]{1,20}$/, msg("patients.facilitysPatientID")),
});
