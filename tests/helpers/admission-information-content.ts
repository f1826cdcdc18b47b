/** A complete admission information form (入院時情報提供書) as the care manager fills it in, for tests. */
export const completeAdmissionInformation = (overrides: Record<string, unknown> = {}) => ({
  admissionDate: "2026-12-07",
  careLevel: "care_2",
  certificationStart: "2026-04-01",
  certificationEnd: "2027-03-31",
  services: [
    { service: "home_help", provider: "ヘルパーステーションながい", frequency: "週3回" },
    { service: "day_care", provider: "デイサービスひまわり", frequency: "週2回" },
  ],
  noServices: false,
  family: [
    {
      name: "山田 一子",
      relationship: "長女",
      contact: "090-0000-1111",
      livesTogether: false,
      keyPerson: true,
    },
    { name: "山田 太郎", relationship: "夫", contact: "", livesTogether: true, keyPerson: false },
  ],
  adl: {
    moving: "supervision",
    eating: "independent",
    toileting: "partial_assistance",
    bathing: "full_assistance",
    dressing: "partial_assistance",
  },
  adlNote: "屋内は伝い歩き、屋外は車椅子。",
  cognitionLevel: "IIa",
  cognitionNote: "日付の見当識が曖昧。夕方に落ち着かなくなることがある。",
  medicationManager: "family",
  medicationNote: "長女がお薬カレンダーに毎週セット。",
  patientWishes: "家に帰って畑を見たい。",
  familyWishes: "退院後も在宅で介護を続けたい。",
  notes: "",
  ...overrides,
});
