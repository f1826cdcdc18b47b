/** The kinds of facility in the network; the database enum facility_kind is made from this list. */
export const FACILITY_KINDS = [
  "hospital",
  "medical_clinic",
  "dental_clinic",
  "pharmacy",
  "care_facility",
  /** 訪問看護ステーション */
  "visiting_nurse_station",
  "other",
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];
