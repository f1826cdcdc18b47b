import type { DischargeSummaryDocument, DocumentFacility } from "../../server/model/documents";
import { DischargeSummaryContent } from "../../server/model/discharge-summary";
import { sampleReferralLetter } from "./referral-documents";

/**
 * Discharge summaries for renderer tests. The realistic one follows the sample
 * referral letter: the patient the clinic sent with a suspected stroke was
 * admitted, given rt-PA, rehabilitated and transferred to a recovery-phase
 * rehabilitation hospital (回復期リハビリテーション病院); its hospital course is
 * long enough to break pages.
 */

const rehabilitationHospital: DocumentFacility = {
  id: "a0000000-0000-4000-8000-000000000003",
  code: "4710300034",
  name: "ちゅうぶ回復期リハビリテーション病院",
  address: "沖縄県沖縄市知花5-6-7",
  phone: "098-000-9012",
};

export function sampleDischargeSummary(
  overrides: Partial<DischargeSummaryDocument> = {},
): DischargeSummaryDocument {
  const letter = sampleReferralLetter();
  const rehabilitationDays = Array.from(
    { length: 30 },
    (_, i) =>
      `第${i + 2}病日：血圧 ${128 + (i % 6)}/${74 + (i % 4)} mmHg。理学療法・作業療法・言語聴覚療法を各40分実施。` +
      `歩行練習は${i < 10 ? "平行棒内" : i < 20 ? "四点杖で介助" : "四点杖で見守り"}、嚥下は良好。`,
  ).join("\n");
  return {
    summaryId: "f0000000-0000-4000-8000-000000000001",
    version: 1,
    documentNumber: "2026-000789",
    issuedAt: "2026-12-11T02:00:00.000Z",
    firstIssuedAt: "2026-12-11T02:00:00.000Z",
    draft: false,
    amendment: null,
    author: {
      facility: letter.destination.facility,
      department: letter.destination.department,
      practitioner: letter.destination.practitioner!,
    },
    recipients: [
      { kind: "referrer", facility: letter.referrer.facility, practitioner: letter.referrer.practitioner },
      { kind: "care_team", facility: rehabilitationHospital, practitioner: null },
    ],
    patient: letter.patient,
    referral: {
      documentNumber: letter.documentNumber,
      issuedAt: letter.issuedAt,
      referrerFacility: letter.referrer.facility,
    },
    content: DischargeSummaryContent.parse({
      admissionDate: "2026-11-20",
      dischargeDate: "2026-12-11",
      diagnoses: [
        { name: "脳梗塞（左中大脳動脈領域、アテローム血栓性）", icd10: "I63.9" },
        { name: "高血圧症", icd10: "I10" },
        { name: "２型糖尿病", icd10: "E11.9" },
        { name: "脂質異常症", icd10: "E78.5" },
      ],
      reasonForAdmission:
        "右上下肢の脱力と構音障害。発症から2時間で来院し、頭部MRI拡散強調像で左中大脳動脈領域の急性期脳梗塞と診断。" +
        "NIHSS 8点、rt-PA静注療法の適応と判断し緊急入院とした。",
      hospitalCourse:
        "第1病日：rt-PA（アルテプラーゼ 0.6mg/kg）静注療法を施行。24時間後のNIHSSは4点に改善し、頭部CTで出血性変化なし。\n" +
        rehabilitationDays +
        "\n第32病日：mRS 3、Barthel Index 65点。回復期リハビリテーション病院への転院が決定した。",
      procedures: [
        {
          name: "rt-PA（アルテプラーゼ）静注療法",
          performedOn: "2026-11-20",
          note: "発症から2時間40分で投与開始",
        },
        { name: "頭部MRI・MRA", performedOn: "2026-11-20" },
        { name: "嚥下造影検査（VF）", performedOn: "2026-11-25", note: "とろみ付き水分で誤嚥なし" },
      ],
      testResults: [
        { name: "NIHSS（入院時）", value: "8", unit: "点", observedOn: "2026-11-20" },
        { name: "NIHSS（退院時）", value: "3", unit: "点", observedOn: "2026-12-10" },
        { name: "HbA1c", value: "7.2", unit: "%", observedOn: "2026-11-20" },
        { name: "LDLコレステロール", value: "142", unit: "mg/dL", observedOn: "2026-11-20" },
        { name: "modified Rankin Scale", value: "3", observedOn: "2026-12-10" },
        { name: "Barthel Index", value: "65", unit: "点", observedOn: "2026-12-10" },
      ],
      conditionAtDischarge:
        "意識清明。右上肢の軽度麻痺（MMT 4）と軽度の構音障害が残存。歩行は四点杖で見守り。食事は常食を自力摂取。",
      careNeeds:
        "転倒リスクあり、夜間のトイレ移動は見守りをお願いします。水分は軽度のとろみ付き。血圧は収縮期140mmHg未満を目標としてください。",
      dischargeMedications: [
        { name: "クロピドグレル錠75mg", dosage: "1回1錠 1日1回 朝食後" },
        { name: "アムロジピン錠5mg", dosage: "1回1錠 1日1回 朝食後" },
        { name: "メトホルミン塩酸塩錠250mg", dosage: "1回1錠 1日2回 朝夕食後" },
        { name: "ロスバスタチン錠2.5mg", dosage: "1回1錠 1日1回 夕食後" },
      ],
      medicationChanges:
        "アスピリン腸溶錠100mgを中止し、クロピドグレル錠75mgに変更（脳梗塞再発予防）。ロスバスタチン錠2.5mgを新規開始（LDL-C 142mg/dL）。",
      allergies: [{ substance: "ペニシリン系抗菌薬", reaction: "発疹" }],
      followUpPlan:
        "回復期リハビリテーション病棟で集中的なリハビリテーションを継続します。3か月後に当科外来で頭部MRIを再検予定です。" +
        "血圧・血糖・脂質の管理は引き続きかかりつけ医にお願いいたします。",
      dischargeDestination: "rehabilitation_hospital",
      dischargeDestinationNote: "ちゅうぶ回復期リハビリテーション病院（回復期リハビリテーション病棟）",
      remarks: "ご紹介いただきありがとうございました。今後ともよろしくお願い申し上げます。",
    }),
    ...overrides,
  };
}

/** Version 2 of the sample: the statin dose corrected three days after version 1. */
export function sampleAmendedDischargeSummary(
  overrides: Partial<DischargeSummaryDocument> = {},
): DischargeSummaryDocument {
  const first = sampleDischargeSummary();
  return {
    ...first,
    version: 2,
    issuedAt: "2026-12-14T01:00:00.000Z",
    amendment: {
      note: "退院時処方のロスバスタチンの用量を訂正しました（誤 2.5mg → 正 5mg）。",
      replacesVersion: 1,
      replacesIssuedAt: first.issuedAt,
    },
    content: {
      ...first.content,
      dischargeMedications: first.content.dischargeMedications.map((m) =>
        m.name === "ロスバスタチン錠2.5mg" ? { ...m, name: "ロスバスタチン錠5mg" } : m,
      ),
      medicationChanges: first.content.medicationChanges.replace("2.5mg", "5mg"),
    },
    ...overrides,
  };
}

/**
 * A short stay with every "none" said explicitly: no discharge medication, no
 * known allergies; no referral, procedures or test results; home.
 */
export function sampleMinimalDischargeSummary(
  overrides: Partial<DischargeSummaryDocument> = {},
): DischargeSummaryDocument {
  const first = sampleDischargeSummary();
  return {
    ...first,
    summaryId: "f0000000-0000-4000-8000-000000000002",
    documentNumber: "2026-000790",
    issuedAt: "2026-11-05T06:00:00.000Z",
    firstIssuedAt: "2026-11-05T06:00:00.000Z",
    recipients: [first.recipients[0]!],
    referral: null,
    content: DischargeSummaryContent.parse({
      admissionDate: "2026-11-02",
      dischargeDate: "2026-11-04",
      diagnoses: [{ name: "一過性脳虚血発作", icd10: "G45.9" }],
      reasonForAdmission: "右手のしびれが30分持続し消失。精査目的で入院。",
      hospitalCourse: "頭部MRIで新規梗塞なし。頸動脈エコーで有意狭窄なし。症状の再発なく経過した。",
      conditionAtDischarge: "神経学的異常所見なし。ADL自立。",
      noDischargeMedication: true,
      noKnownAllergies: true,
      followUpPlan:
        "再発時は直ちに救急受診するよう指導しました。かかりつけ医での経過観察をお願いいたします。",
      dischargeDestination: "home",
    }),
    ...overrides,
  };
}
