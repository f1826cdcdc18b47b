import type { NursingInstructionContent } from "../../server/model/nursing-instruction";

/** A complete regular instruction (a stroke patient at home with a gastrostomy and a sacral ulcer), from `start` to `end`. */
export function completeInstruction(
  start: string,
  end: string,
  overrides: Partial<NursingInstructionContent> = {},
): Record<string, unknown> {
  return {
    kind: "regular",
    periodStart: start,
    periodEnd: end,
    mainDiagnosis: { name: "脳梗塞後遺症", icd10: "I69.3" },
    otherDiagnoses: "高血圧症、2型糖尿病",
    currentCondition: "右片麻痺。経口摂取困難で胃瘻より栄養。仙骨部に褥瘡あり。",
    medications: [
      { name: "アムロジピン錠5mg", dosage: "1回1錠 1日1回 朝食後" },
      { name: "クロピドグレル錠75mg", dosage: "1回1錠 1日1回 朝食後" },
    ],
    bedriddenLevel: "B2",
    dementiaLevel: "IIa",
    careLevel: "care_4",
    pressureUlcerDepth: "d2",
    devices: [{ device: "tube_feeding", note: "胃瘻 20Fr 4か月に1回交換" }],
    careInstructions: "誤嚥に注意し、体位変換を2時間ごとに。",
    rehabilitation: "関節可動域訓練（右上下肢）",
    woundCare: "仙骨部褥瘡: 洗浄後ハイドロコロイド貼付、週2回交換",
    deviceManagement: "胃瘻周囲の皮膚観察と清拭",
    emergencyContact: "テスト内科クリニック 0238-00-0000（24時間対応）",
    whenAbsent: "訪問看護ステーションより携帯に連絡",
    ...overrides,
  };
}
