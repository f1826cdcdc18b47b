import type { Instrument } from "../../../model/pathway-template";

/** Where the patient went at the end of a stage: one coded list for both pathways and the statistics. */
export const DISCHARGE_DESTINATION: Instrument = {
  kind: "code",
  label: { ja: "退院先", en: "Discharge destination" },
  codes: [
    { code: "home", label: { ja: "自宅", en: "Home" } },
    {
      code: "rehabilitation_hospital",
      label: { ja: "回復期リハビリテーション病院・病棟", en: "Rehabilitation hospital or ward" },
    },
    { code: "other_hospital", label: { ja: "その他の病院（療養病床を含む）", en: "Another hospital" } },
    {
      code: "geriatric_health_facility",
      label: { ja: "介護老人保健施設", en: "Geriatric health services facility" },
    },
    { code: "nursing_home", label: { ja: "特別養護老人ホーム", en: "Nursing home" } },
    {
      code: "residential_care",
      label: {
        ja: "有料老人ホーム・サービス付き高齢者向け住宅・グループホーム",
        en: "Residential care (private home, serviced housing, group home)",
      },
    },
    { code: "death", label: { ja: "死亡", en: "Death" } },
    { code: "other", label: { ja: "その他", en: "Other" } },
  ],
};

/** Barthel Index: 0 (fully dependent) to 100 (independent), in steps of 5. */
export const BARTHEL_INDEX: Instrument = {
  kind: "integer",
  label: { ja: "Barthel Index", en: "Barthel Index" },
  min: 0,
  max: 100,
  step: 5,
  higherIsBetter: true,
};
