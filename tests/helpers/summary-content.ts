/** A complete discharge summary body, as a hospital doctor would send it (see SendableDischargeSummary). */
export const completeSummary = {
  admissionDate: "2026-11-02",
  dischargeDate: "2026-11-20",
  diagnoses: [{ name: "脳梗塞（左中大脳動脈領域）", icd10: "I63.4", certainty: "confirmed" as const }],
  reasonForAdmission: "右上下肢の脱力と構音障害で紹介、同日入院",
  hospitalCourse: "入院後アルガトロバン、エダラボン投与。第3病日よりリハビリ開始。",
  procedures: [{ name: "頭部MRI", performedOn: "2026-11-02", note: "左放線冠に拡散強調像で高信号" }],
  conditionAtDischarge: "右上肢の軽度麻痺残存。杖歩行自立。mRS 2。",
  careNeeds: "入浴は見守り。嚥下は常食可、水分はとろみ不要。",
  dischargeMedications: [
    { name: "クロピドグレル錠75mg", dosage: "1回1錠 1日1回 朝食後" },
    { name: "アトルバスタチン錠10mg", dosage: "1回1錠 1日1回 夕食後" },
  ],
  medicationChanges: "アムロジピンは継続、クロピドグレルとアトルバスタチンを新規開始",
  noKnownAllergies: true,
  followUpPlan: "2週間後に紹介元で血圧と副作用の確認をお願いします。3か月後に当院外来でMRI再検。",
  dischargeDestination: "home_with_services" as const,
  dischargeDestinationNote: "訪問看護週1回",
};
