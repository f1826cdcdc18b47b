import type { Profession } from "../../model/permissions";

/** The sections of a discharge summary in their document order (DOMAIN.md). */
export const SUMMARY_SECTIONS = [
  "stay",
  "diagnoses",
  "reasonForAdmission",
  "hospitalCourse",
  "procedures",
  "testResults",
  "conditionAtDischarge",
  "careNeeds",
  "dischargeMedications",
  "allergies",
  "followUpPlan",
  "dischargeDestination",
  "remarks",
] as const;
export type SummarySection = (typeof SUMMARY_SECTIONS)[number];

/**
 * What each profession reads first. A pharmacist starts from the discharge
 * medication (and what changed), the allergies and the diagnoses; a visiting
 * nurse from the condition, the care needs and where the patient went; a care
 * manager from the destination and the care needs. Doctors read in document order.
 */
const FOCUS: Partial<Record<Profession, readonly SummarySection[]>> = {
  pharmacist: ["dischargeMedications", "allergies", "diagnoses", "stay"],
  visiting_nurse: [
    "conditionAtDischarge",
    "careNeeds",
    "dischargeDestination",
    "followUpPlan",
    "dischargeMedications",
    "allergies",
  ],
  care_manager: ["dischargeDestination", "careNeeds", "conditionAtDischarge", "followUpPlan"],
  therapist: ["conditionAtDischarge", "careNeeds", "procedures", "followUpPlan"],
  nurse: ["conditionAtDischarge", "careNeeds", "dischargeMedications", "allergies", "followUpPlan"],
};

/**
 * A reader's view: `focus` first, then `rest` (folded when there is a focus).
 * Nothing is withheld: everyone who may open the summary can read the whole.
 */
export function summarySectionsFor(profession: Profession): {
  focus: SummarySection[];
  rest: SummarySection[];
} {
  const focus = [...(FOCUS[profession] ?? [])];
  return { focus, rest: SUMMARY_SECTIONS.filter((s) => !focus.includes(s)) };
}
