import { z } from "zod";
import { plainText, singleLineText } from "./text";
import { msg } from "../errors";

/**
 * The content of a referral letter (診療情報提供書), section by section as
 * DOMAIN.md and the national eReferral guide list them. A draft may leave any
 * section empty; `SendableReferralLetter` says what must be there to send.
 */

const text = (max: number) => plainText().trim().max(max, msg("dischargeSummary.mostCharacters", { max }));

const day = z.iso.date(msg("dischargeSummary.giveDateAsYYYYMM"));

export const Diagnosis = z.object({
  name: text(200).min(1, msg("referralLetter.enterDiagnosis")),
  /** ICD-10 code, when the referrer knows it (e.g. I63.9) */
  icd10: singleLineText()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?)?$/, msg("referralLetter.notICD10Code"))
    .default(""),
  certainty: z.enum(["confirmed", "suspected"]).default("confirmed"),
});

export const Medication = z.object({
  name: text(200).min(1, msg("referralLetter.enterMedicine")),
  /** how it is taken, as written on a prescription: 1回1錠 1日2回 朝夕食後 */
  dosage: text(300).default(""),
});

export const Allergy = z.object({
  substance: text(200).min(1, msg("referralLetter.enterSubstance")),
  reaction: text(300).default(""),
});

export const TestResult = z.object({
  name: text(100).min(1, msg("referralLetter.enterTest")),
  value: text(100).min(1, msg("referralLetter.enterResult")),
  unit: text(30).default(""),
  observedOn: day.optional(),
});

export const ReferralLetterContent = z.object({
  /** 紹介目的 */
  purpose: text(2000).default(""),
  /** 傷病名 */
  diagnoses: z.array(Diagnosis).max(20, msg("dischargeSummary.most20Diagnoses")).default([]),
  /** 主訴 */
  chiefComplaint: text(1000).default(""),
  /** 現病歴 */
  presentIllness: text(8000).default(""),
  /** 既往歴 */
  pastHistory: text(4000).default(""),
  /** 家族歴 */
  familyHistory: text(2000).default(""),
  /** 現在の処方 */
  medications: z.array(Medication).max(50, msg("dischargeSummary.most50Medicines")).default([]),
  /** アレルギー・副作用歴; `noKnownAllergies` says "none" explicitly, which is not the same as not asked */
  allergies: z.array(Allergy).max(20, msg("dischargeSummary.most20Allergies")).default([]),
  noKnownAllergies: z.boolean().default(false),
  /** 感染症情報 (HBs, HCV, syphilis, MRSA ...) */
  infections: text(1000).default(""),
  /** 検査結果 */
  testResults: z.array(TestResult).max(50, msg("dischargeSummary.most50Results")).default([]),
  testResultsNote: text(4000).default(""),
  /** 治療経過 */
  courseOfTreatment: text(8000).default(""),
  /** 備考 */
  remarks: text(2000).default(""),
});
export type ReferralLetterContent = z.output<typeof ReferralLetterContent>;

/** What a letter must contain before it can be sent. */
export const SendableReferralLetter = ReferralLetterContent.superRefine((c, ctx) => {
  const required = [
    ["purpose", c.purpose, msg("referralLetter.enterPurposeReferral")],
    ["chiefComplaint", c.chiefComplaint, msg("referralLetter.enterChiefComplaint")],
  ] as const;
  for (const [field, value, message] of required) {
    if (!value) ctx.addIssue({ code: "custom", path: [field], message });
  }
  if (c.diagnoses.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["diagnoses"],
      message: msg("dischargeSummary.enterLeastOneDiagnosis"),
    });
  }
  if (c.noKnownAllergies && c.allergies.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["noKnownAllergies"],
      message: msg("dischargeSummary.noKnownAllergiesContradictsAllergies"),
    });
  }
});

/** The reply letter (返書・受診報告) from the department back to the referrer. */
export const ReferralReplyContent = z.object({
  /** 受診日 */
  visitedOn: day.optional(),
  diagnoses: z.array(Diagnosis).max(20, msg("dischargeSummary.most20Diagnoses")).default([]),
  /** 所見・経過 */
  findings: text(8000).default(""),
  /** 治療方針 */
  treatmentPlan: text(4000).default(""),
  /** 処方 */
  medications: z.array(Medication).max(50, msg("dischargeSummary.most50Medicines")).default([]),
  /** 今後の方針: back to the referrer, follow-up here, admitted */
  disposition: z
    .enum(["back_to_referrer", "follow_up_here", "admitted", "other"])
    .default("back_to_referrer"),
  /** 備考 */
  remarks: text(2000).default(""),
});
export type ReferralReplyContent = z.output<typeof ReferralReplyContent>;

export const SendableReferralReply = ReferralReplyContent.superRefine((c, ctx) => {
  if (!c.findings) {
    ctx.addIssue({
      code: "custom",
      path: ["findings"],
      message: msg("referralLetter.enterFindings"),
    });
  }
});
