import { z } from "zod";
import { plainText } from "./text";
import { Allergy, Diagnosis, Medication, TestResult } from "./referral-letter";

/**
 * The content of a discharge summary (退院時サマリ), section by section as
 * DOMAIN.md and the national eDischargeSummary guide list them. A draft may
 * leave any section empty; `SendableDischargeSummary` says what must be there
 * before it goes to the GP and the care team.
 */

const text = (max: number) =>
  plainText().trim().max(max, `${max}文字以内で入力してください / At most ${max} characters`);

const day = z.iso.date("日付は YYYY-MM-DD で入力してください / Give a date as YYYY-MM-DD");

/** Where the patient went on discharge (退院先). */
export const DISCHARGE_DESTINATIONS = [
  "home",
  "home_with_services",
  "care_facility",
  "rehabilitation_hospital",
  "other_hospital",
  "deceased",
  "other",
] as const;
export type DischargeDestination = (typeof DISCHARGE_DESTINATIONS)[number];

export const Procedure = z.object({
  name: text(200).min(1, "手術・処置名を入力してください / Enter the procedure"),
  performedOn: day.optional(),
  note: text(500).default(""),
});

export const DischargeSummaryContent = z.object({
  /** 入院日 */
  admissionDate: day.optional(),
  /** 退院日 */
  dischargeDate: day.optional(),
  /** 退院時診断; the first is the principal diagnosis (主病名) */
  diagnoses: z.array(Diagnosis).max(20, "傷病名は20件までです / At most 20 diagnoses").default([]),
  /** 入院理由 */
  reasonForAdmission: text(2000).default(""),
  /** 入院中の経過 */
  hospitalCourse: text(8000).default(""),
  /** 手術・処置 */
  procedures: z.array(Procedure).max(30, "手術・処置は30件までです / At most 30 procedures").default([]),
  /** 検査結果 */
  testResults: z.array(TestResult).max(50, "検査結果は50件までです / At most 50 results").default([]),
  /** 退院時の状態 */
  conditionAtDischarge: text(4000).default(""),
  /** 看護・介護上の留意点: ADL, diet, wounds, devices, what the visiting nurse and care manager need */
  careNeeds: text(4000).default(""),
  /** 退院時処方; `noDischargeMedication` says "none" explicitly, which is not the same as not filled in */
  dischargeMedications: z.array(Medication).max(50, "処方は50件までです / At most 50 medicines").default([]),
  noDischargeMedication: z.boolean().default(false),
  /** 入院中の処方変更点 (what was stopped, started or changed, and why): what the pharmacy needs first */
  medicationChanges: text(2000).default(""),
  /** アレルギー・副作用歴 */
  allergies: z.array(Allergy).max(20, "アレルギーは20件までです / At most 20 allergies").default([]),
  noKnownAllergies: z.boolean().default(false),
  /** 今後の方針・フォローアップ */
  followUpPlan: text(4000).default(""),
  /** 退院先 */
  dischargeDestination: z.enum(DISCHARGE_DESTINATIONS).optional(),
  dischargeDestinationNote: text(500).default(""),
  /** 備考 */
  remarks: text(2000).default(""),
});
export type DischargeSummaryContent = z.output<typeof DischargeSummaryContent>;

/** What a summary must contain before it is sent (and before each amendment is sent). */
export const SendableDischargeSummary = DischargeSummaryContent.superRefine((c, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (!c.admissionDate) issue("admissionDate", "入院日を入力してください / Enter the admission date");
  if (!c.dischargeDate) issue("dischargeDate", "退院日を入力してください / Enter the discharge date");
  if (c.admissionDate && c.dischargeDate && c.dischargeDate < c.admissionDate) {
    issue(
      "dischargeDate",
      "退院日が入院日より前になっています / The discharge date is before the admission date",
    );
  }
  if (c.diagnoses.length === 0) {
    issue("diagnoses", "傷病名を1件以上入力してください / Enter at least one diagnosis");
  }
  const required = [
    [
      "reasonForAdmission",
      c.reasonForAdmission,
      "入院理由を入力してください / Enter the reason for admission",
    ],
    ["hospitalCourse", c.hospitalCourse, "入院中の経過を入力してください / Enter the hospital course"],
    [
      "conditionAtDischarge",
      c.conditionAtDischarge,
      "退院時の状態を入力してください / Enter the condition at discharge",
    ],
    ["followUpPlan", c.followUpPlan, "今後の方針を入力してください / Enter the follow-up plan"],
  ] as const;
  for (const [field, value, message] of required) if (!value) issue(field, message);
  if (!c.dischargeDestination) {
    issue("dischargeDestination", "退院先を選んでください / Choose the discharge destination");
  }
  if (c.dischargeMedications.length === 0 && !c.noDischargeMedication) {
    issue(
      "dischargeMedications",
      "退院時処方を入力するか「処方なし」を選んでください / List the discharge medication or mark 'none'",
    );
  }
  if (c.noDischargeMedication && c.dischargeMedications.length > 0) {
    issue(
      "noDischargeMedication",
      "「処方なし」と処方の記載が矛盾しています / 'No medication' contradicts the medicines listed",
    );
  }
  if (c.allergies.length === 0 && !c.noKnownAllergies) {
    issue(
      "allergies",
      "アレルギーを入力するか「アレルギーなし」を選んでください / List allergies or mark 'none known'",
    );
  }
  if (c.noKnownAllergies && c.allergies.length > 0) {
    issue(
      "noKnownAllergies",
      "「アレルギーなし」とアレルギーの記載が矛盾しています / 'No known allergies' contradicts the allergies listed",
    );
  }
});
