/** A complete tracing report (服薬情報提供書) as the pharmacist fills it in, for tests. */
export const completeTracingReport = () => ({
  adherence: "sometimes_missed",
  adherenceNote: "夕食後の分を週2回ほど飲み忘れ",
  leftovers: [
    { drug: "アムロジピン錠5mg", quantity: "12錠", reason: "飲み忘れ" },
    { drug: "マグミット錠330mg", quantity: "20錠", reason: "便が緩く自己調節" },
  ],
  noLeftovers: false,
  sideEffects: "ふらつきの訴えなし。",
  proposal: "マグミット錠の減量（1日2回→1回）をご検討ください。次回処方で残薬分の調整をお願いします。",
  otherInformation: "",
  patientAgreed: true,
});
