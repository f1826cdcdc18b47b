import type { ReferralLetterDocument, ReferralReplyDocument } from "../../server/model/documents";
import { ReferralLetterContent, ReferralReplyContent } from "../../server/model/referral-letter";

/** A realistic referral letter for renderer tests: every section filled, some long enough to break pages. */
export function sampleReferralLetter(
  overrides: Partial<ReferralLetterDocument> = {},
): ReferralLetterDocument {
  const longCourse = Array.from(
    { length: 40 },
    (_, i) =>
      `${i + 1}日目：血圧 ${130 + (i % 7)}/${80 + (i % 5)} mmHg、脈拍 ${70 + (i % 9)}/分。右上下肢の脱力は徐々に改善傾向。食事摂取は良好で、リハビリテーションを継続している。`,
  ).join("\n");
  return {
    referralId: "3f1c2a6e-8d0b-4c55-9a51-7f1e2d3c4b5a",
    documentNumber: "2026-000123",
    issuedAt: "2026-11-20T01:30:00.000Z",
    draft: false,
    priority: "urgent",
    requestedBy: "2026-11-27",
    referrer: {
      facility: {
        id: "a0000000-0000-4000-8000-000000000001",
        code: "4710100012",
        name: "なかがみ内科クリニック",
        address: "沖縄県那覇市おもろまち1-2-3",
        phone: "098-000-1234",
      },
      department: "内科",
      practitioner: {
        id: "b0000000-0000-4000-8000-000000000001",
        familyName: "比嘉",
        givenName: "健太",
        familyNameKana: "ヒガ",
        givenNameKana: "ケンタ",
        profession: "physician",
      },
    },
    destination: {
      facility: {
        id: "a0000000-0000-4000-8000-000000000002",
        code: "4710200021",
        name: "県立中部医療センター",
        address: "沖縄県うるま市宮里281",
        phone: "098-000-5678",
      },
      department: "脳神経内科",
      practitioner: {
        id: "b0000000-0000-4000-8000-000000000002",
        familyName: "𠮷田",
        givenName: "真理子",
        familyNameKana: "ヨシダ",
        givenNameKana: "マリコ",
        profession: "physician",
      },
    },
    patient: {
      id: "c0000000-0000-4000-8000-000000000001",
      regionalId: "OK000000018",
      localId: "K-0042",
      familyName: "山田",
      givenName: "花子",
      familyNameKana: "ヤマダ",
      givenNameKana: "ハナコ",
      birthDate: "1948-03-15",
      sex: "female",
      postalCode: "900-0006",
      address: "沖縄県那覇市おもろまち4-5-6",
      phone: "098-111-2222",
    },
    content: ReferralLetterContent.parse({
      purpose: "精査加療のお願い（脳梗塞疑い）。ＭＲＩ検査および今後の治療方針についてご高診ください。",
      diagnoses: [
        { name: "脳梗塞疑い", icd10: "I63.9", certainty: "suspected" },
        { name: "高血圧症", icd10: "I10", certainty: "confirmed" },
        { name: "２型糖尿病", icd10: "E11.9", certainty: "confirmed" },
      ],
      chiefComplaint: "右上下肢の脱力、構音障害（①発症 11月19日 朝 〒900-0006 自宅にて）",
      presentIllness:
        "11月19日起床時より右上下肢の脱力と呂律の回りにくさを自覚。同日当院受診。NIHSS 4点。頭部CTで明らかな出血なし。",
      pastHistory: "高血圧症（2010年〜）、２型糖尿病（2015年〜）、虫垂炎術後（1970年）",
      familyHistory: "父：脳出血、母：糖尿病",
      medications: [
        { name: "アムロジピン錠5mg", dosage: "1回1錠 1日1回 朝食後" },
        { name: "メトホルミン塩酸塩錠250mg", dosage: "1回1錠 1日2回 朝夕食後" },
        { name: "アスピリン腸溶錠100mg", dosage: "1回1錠 1日1回 朝食後（11/19より）" },
      ],
      allergies: [{ substance: "ペニシリン系抗菌薬", reaction: "発疹" }],
      infections: "HBs抗原（－）、HCV抗体（－）、梅毒（－）",
      testResults: [
        { name: "HbA1c", value: "7.2", unit: "%", observedOn: "2026-11-19" },
        { name: "LDLコレステロール", value: "142", unit: "mg/dL", observedOn: "2026-11-19" },
        { name: "eGFR", value: "58", unit: "mL/min/1.73m2", observedOn: "2026-11-19" },
      ],
      testResultsNote: "心電図：洞調律、心房細動なし。",
      courseOfTreatment: longCourse,
      remarks: "ご多忙のところ恐れ入りますが、よろしくお願い申し上げます。",
    }),
    attachments: [
      {
        id: "d0000000-0000-4000-8000-000000000001",
        fileName: "頭部CT所見.pdf",
        mediaType: "application/pdf",
        byteSize: 182_344,
        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        createdAt: "2026-11-20T01:20:00.000Z",
      },
      {
        id: "d0000000-0000-4000-8000-000000000002",
        fileName: "心電図.png",
        mediaType: "image/png",
        byteSize: 48_211,
        sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        createdAt: "2026-11-20T01:21:00.000Z",
      },
    ],
    ...overrides,
  };
}

export function sampleReferralReply(overrides: Partial<ReferralReplyDocument> = {}): ReferralReplyDocument {
  const letter = sampleReferralLetter();
  return {
    referralId: letter.referralId,
    replyId: "e0000000-0000-4000-8000-000000000001",
    documentNumber: "2026-000456",
    issuedAt: "2026-11-22T06:00:00.000Z",
    draft: false,
    author: {
      facility: letter.destination.facility,
      department: letter.destination.department,
      practitioner: letter.destination.practitioner!,
    },
    recipient: { facility: letter.referrer.facility, practitioner: letter.referrer.practitioner },
    patient: letter.patient,
    referralIssuedAt: letter.issuedAt,
    content: ReferralReplyContent.parse({
      visitedOn: "2026-11-21",
      diagnoses: [{ name: "ラクナ梗塞（左放線冠）", icd10: "I63.8", certainty: "confirmed" }],
      findings: "頭部MRI拡散強調像で左放線冠に高信号域を認めました。抗血小板療法を開始しています。",
      treatmentPlan: "クロピドグレル75mg/日を継続。2週間後に当科外来で再診予定です。",
      medications: [{ name: "クロピドグレル錠75mg", dosage: "1回1錠 1日1回 朝食後" }],
      disposition: "follow_up_here",
      remarks: "ご紹介いただきありがとうございました。",
    }),
    ...overrides,
  };
}
