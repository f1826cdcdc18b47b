/**
 * Complete contents of the station's and the hospital's documents for 山田 花子's
 * kind of patient (a stroke at home with a gastrostomy and a sacral ulcer),
 * ready to send; each test overrides what it is about.
 */

/** A complete 訪問看護計画書 for `month`, following the instruction `instructionId`. */
export function completeNursingPlan(
  month: string,
  instructionId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    month,
    instructionId,
    careLevel: "care_4",
    goals: "褥瘡の治癒と再発予防。誤嚥性肺炎を起こさず在宅生活を続ける。",
    problems: [
      {
        recordedOn: `${month}-01`,
        problem: "仙骨部の褥瘡（d2）",
        support: "週2回の洗浄とハイドロコロイド貼付、2時間ごとの体位変換を家族と行う",
        evaluation: "",
      },
      {
        recordedOn: `${month}-01`,
        problem: "経管栄養中の誤嚥の危険",
        support: "注入時の体位（30度以上）の確認、口腔ケア",
        evaluation: "",
      },
    ],
    visitsPerWeek: 3,
    visitProfessions: ["nurse", "physical_therapist"],
    visitNote: "月・水・金 午前",
    rehabilitationPlan: "右上下肢の関節可動域訓練、端座位保持の練習（理学療法士 週1回）",
    suppliesNeeded: true,
    supplies: [
      { name: "ハイドロコロイドドレッシング 10cm×10cm", use: "褥瘡処置 週2回", quantity: "10枚／月" },
      { name: "胃瘻用カテーテルチップ 50mL", use: "経管栄養", quantity: "4本／月" },
    ],
    remarks: "",
    ...overrides,
  };
}

/** A complete 訪問看護報告書 for December 2026: nurse visits, one therapist day, one emergency visit. */
export function completeNursingReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    month: "2026-12",
    careLevel: "care_4",
    visits: [
      { date: "2026-12-02", marks: ["nurse"] },
      { date: "2026-12-04", marks: ["nurse", "therapist"] },
      { date: "2026-12-07", marks: ["nurse"] },
      { date: "2026-12-09", marks: ["nurse", "emergency"] },
      { date: "2026-12-11", marks: ["therapist"] },
    ],
    conditionCourse: "褥瘡は d2 から d1 に改善。12月9日に発熱（38.2℃）あり緊急訪問、翌日解熱。",
    nursingGiven: "褥瘡処置、胃瘻周囲の皮膚観察、口腔ケア、家族への体位変換の指導",
    rehabilitationGiven: "右上下肢の関節可動域訓練、端座位保持 5分",
    familyCare: "長女が日中の介護を担う。夜間の体位変換に疲れの訴えあり。",
    suppliesUsed: [{ name: "ハイドロコロイドドレッシング 10cm×10cm", use: "週2回交換", quantity: "8枚" }],
    suppliesChange: "",
    specialNotes: "短期入所の利用をケアマネジャーと相談中",
    ...overrides,
  };
}

/** A complete 退院・退所情報記録書 (discharge on 15 December 2026). */
export function completeDischargeInformation(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    admissionDate: "2026-11-20",
    dischargeDate: "2026-12-15",
    diagnoses: [{ name: "誤嚥性肺炎", icd10: "J69.0", certainty: "confirmed" }],
    hospitalCourse: "抗菌薬治療で改善。嚥下評価の結果、経口摂取は楽しみ程度とし胃瘻栄養を継続。",
    prognosis: "誤嚥性肺炎の再発の恐れあり",
    medicalCare: [
      { item: "gastrostomy", note: "20Fr 4か月ごと交換（次回 2027年3月）" },
      { item: "pressure_ulcer", note: "仙骨部 d1" },
    ],
    noMedicalCare: false,
    followUp: { facility: "やまだ内科クリニック", method: "home_visit" },
    adl: {
      moving: "full_assistance",
      transferring: "full_assistance",
      dressing: "full_assistance",
      grooming: "partial_assistance",
      bathing: "full_assistance",
      eating: "partial_assistance",
      toileting: "full_assistance",
    },
    adlNote: "右片麻痺。おむつ使用。",
    cognition: "軽度の認知機能低下（日常会話は可能）",
    medications: [{ name: "アムロジピン錠5mg", dosage: "1回1錠 1日1回 朝" }],
    noMedication: false,
    medicationManagement: "家族が胃瘻から注入",
    diagnosisDisclosed: true,
    patientUnderstanding: "家に帰れることを喜んでいる",
    patientWishes: "自宅で過ごしたい",
    familyUnderstanding: "再発の危険を理解している",
    familyWishes: "夜間の介護負担を減らしたい",
    recommendedServices: ["home_medical_care", "visiting_nursing", "short_stay"],
    servicesNote: "",
    precautions: "注入中と注入後30分は30度以上の頭部挙上",
    contact: { department: "地域医療連携室", name: "連携 花子", phone: "0238-00-1111" },
    summaryId: null,
    conferenceId: null,
    ...overrides,
  };
}
