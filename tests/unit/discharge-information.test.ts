import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ADL_ITEMS,
  DischargeInformationContent,
  SendableDischargeInformation,
} from "../../server/model/care-documents/discharge-information";
import { completeDischargeInformation } from "../helpers/home-nursing-content";
import { fieldsOf, messageOf } from "../helpers/messages";

describe("退院・退所情報記録書: refusals name the field", () => {
  const complete = completeDischargeInformation();
  it("accepts a complete record, and an empty draft with every ADL item unanswered", () => {
    assert.deepEqual(fieldsOf(SendableDischargeInformation, complete), []);
    const draft = DischargeInformationContent.parse({});
    assert.deepEqual(Object.keys(draft.adl).sort(), [...ADL_ITEMS].sort());
    assert.ok(Object.values(draft.adl).every((level) => level === null));
    assert.equal(draft.summaryId, null);
    assert.equal(draft.conferenceId, null);
    assert.equal(draft.diagnosisDisclosed, null);
  });
  it("refuses, in a draft too, a discharge before admission, repeats, contradictions, and values not on the form", () => {
    const draft = DischargeInformationContent;
    assert.deepEqual(fieldsOf(draft, { admissionDate: "2026-12-10", dischargeDate: "2026-12-09" }), [
      "dischargeDate",
    ]);
    assert.equal(
      messageOf(draft, { admissionDate: "2026-12-10", dischargeDate: "2026-12-09" }, "dischargeDate"),
      "退院日は入院日以降にしてください",
    );
    assert.deepEqual(fieldsOf(draft, { admissionDate: "2026-12-10", dischargeDate: "2026-12-10" }), []);
    assert.deepEqual(fieldsOf(draft, { dischargeDate: "2026-11-31" }), ["dischargeDate"]);
    assert.deepEqual(fieldsOf(draft, { medicalCare: [{ item: "oxygen" }, { item: "oxygen" }] }), [
      "medicalCare.1.item",
    ]);
    assert.deepEqual(fieldsOf(draft, { medicalCare: [{ item: "dialysis" }] }), ["medicalCare.0.item"]);
    assert.deepEqual(fieldsOf(draft, { noMedicalCare: true, medicalCare: [{ item: "oxygen" }] }), [
      "noMedicalCare",
    ]);
    assert.deepEqual(fieldsOf(draft, { noMedication: true, medications: [{ name: "薬" }] }), [
      "noMedication",
    ]);
    assert.deepEqual(fieldsOf(draft, { adl: { moving: "crawling" } }), ["adl.moving"]);
    assert.deepEqual(fieldsOf(draft, { recommendedServices: ["day_care", "day_care"] }), [
      "recommendedServices.1",
    ]);
    assert.deepEqual(fieldsOf(draft, { followUp: { method: "telephone" } }), ["followUp.method"]);
    assert.deepEqual(fieldsOf(draft, { summaryId: "summary-1" }), ["summaryId"]);
    assert.deepEqual(fieldsOf(draft, { conferenceId: "x" }), ["conferenceId"]);
    assert.deepEqual(fieldsOf(draft, { contact: { phone: "0238\n00" } }), ["contact.phone"]);
    assert.deepEqual(fieldsOf(draft, { diagnoses: [{ name: "肺炎", icd10: "肺炎" }] }), [
      "diagnoses.0.icd10",
    ]);
  });
  it("wants before sending: the discharge date, a diagnosis, the course, medical care, every ADL item, medicines, wishes, services and the contact", () => {
    assert.deepEqual(
      fieldsOf(SendableDischargeInformation, {}),
      [
        ...ADL_ITEMS.map((item) => `adl.${item}`),
        "contact.name",
        "contact.phone",
        "diagnoses",
        "dischargeDate",
        "hospitalCourse",
        "medicalCare",
        "medications",
        "patientWishes",
        "recommendedServices",
      ].sort(),
    );
    assert.equal(
      messageOf(SendableDischargeInformation, {}, "adl.bathing"),
      "自立・見守り・一部介助・全介助から選んでください",
    );
  });
  it("takes 'none' for medical care and medicines, the family's wishes alone, and a note instead of listed services", () => {
    assert.deepEqual(
      fieldsOf(SendableDischargeInformation, {
        ...complete,
        medicalCare: [],
        noMedicalCare: true,
        medications: [],
        noMedication: true,
        patientWishes: "",
        recommendedServices: [],
        servicesNote: "介護保険の区分変更申請を勧めます",
      }),
      [],
    );
    assert.deepEqual(
      fieldsOf(SendableDischargeInformation, {
        ...complete,
        adl: { ...(complete.adl as object), eating: null },
      }),
      ["adl.eating"],
    );
  });
});
