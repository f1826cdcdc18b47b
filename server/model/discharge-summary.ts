import { z } from "zod";
import { plainText } from "./text";
import { Allergy, Diagnosis, Medication, TestResult } from "./referral-letter";
import { msg } from "../errors";

/**
 * The content of a discharge summary (退院時サマリ), section by section as
 * DOMAIN.md and the national eDischargeSummary guide list them. A draft may
 * leave any section empty; `SendableDischargeSummary` says what must be there
 * before it goes to the GP and the care team.
 */

const text = (max: number) => plainText().trim().max(max, msg("dischargeSummary.mostCharacters", { max }));

const day = z.iso.date(msg("dischargeSummary.giveDateAsYYYYMM"));

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
  name: text(200).min(1, msg("dischargeSummary.enterProcedure")),
  performedOn: day.optional(),
  note: text(500).default(""),
});

export const DischargeSummaryContent = z.object({
  /** 入院日 */
  admissionDate: day.optional(),
  /** 退院日 */
  dischargeDate: day.optional(),
  /** 退院時診断; the first is the principal diagnosis (主病名) */
  diagnoses: z.array(Diagnosis).max(20, msg("dischargeSummary.most20Diagnoses")).default([]),
  /** 入院理由 */
  reasonForAdmission: text(2000).default(""),
  /** 入院中の経過 */
  hospitalCourse: text(8000).default(""),
  /** 手術・処置 */
  procedures: z.array(Procedure).max(30, msg("dischargeSummary.most30Procedures")).default([]),
  /** 検査結果 */
  testResults: z.array(TestResult).max(50, msg("dischargeSummary.most50Results")).default([]),
  /** 退院時の状態 */
  conditionAtDischarge: text(4000).default(""),
  /** 看護・介護上の留意点: ADL, diet, wounds, devices, what the visiting nurse and care manager need */
  careNeeds: text(4000).default(""),
  /** 退院時処方; `noDischargeMedication` says "none" explicitly, which is not the same as not filled in */
  dischargeMedications: z.array(Medication).max(50, msg("dischargeSummary.most50Medicines")).default([]),
  noDischargeMedication: z.boolean().default(false),
  /** 入院中の処方変更点 (what was stopped, started or changed, and why): what the pharmacy needs first */
  medicationChanges: text(2000).default(""),
  /** アレルギー・副作用歴 */
  allergies: z.array(Allergy).max(20, msg("dischargeSummary.most20Allergies")).default([]),
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
  if (!c.admissionDate) issue("admissionDate", msg("dischargeSummary.enterAdmissionDate"));
  if (!c.dischargeDate) issue("dischargeDate", msg("dischargeSummary.enterDischargeDate"));
  if (c.admissionDate && c.dischargeDate && c.dischargeDate < c.admissionDate) {
    issue("dischargeDate", msg("dischargeSummary.dischargeDateBeforeAdmissionDate"));
  }
  if (c.diagnoses.length === 0) {
    issue("diagnoses", msg("dischargeSummary.enterLeastOneDiagnosis"));
  }
  const required = [
    ["reasonForAdmission", c.reasonForAdmission, msg("dischargeSummary.enterReasonAdmission")],
    ["hospitalCourse", c.hospitalCourse, msg("dischargeSummary.enterHospitalCourse")],
    ["conditionAtDischarge", c.conditionAtDischarge, msg("dischargeSummary.enterConditionDischarge")],
    ["followUpPlan", c.followUpPlan, msg("dischargeSummary.enterFollowUpPlan")],
  ] as const;
  for (const [field, value, message] of required) if (!value) issue(field, message);
  if (!c.dischargeDestination) {
    issue("dischargeDestination", msg("dischargeSummary.chooseDischargeDestination"));
  }
  if (c.dischargeMedications.length === 0 && !c.noDischargeMedication) {
    issue("dischargeMedications", msg("dischargeSummary.listDischargeMedicationMarkNone"));
  }
  if (c.noDischargeMedication && c.dischargeMedications.length > 0) {
    issue("noDischargeMedication", msg("dischargeSummary.noMedicationContradictsMedicinesListed"));
  }
  if (c.allergies.length === 0 && !c.noKnownAllergies) {
    issue("allergies", msg("dischargeSummary.listAllergiesMarkNoneKnown"));
  }
  if (c.noKnownAllergies && c.allergies.length > 0) {
    issue("noKnownAllergies", msg("dischargeSummary.noKnownAllergiesContradictsAllergies"));
  }
});
