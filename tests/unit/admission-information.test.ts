import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Encounter, Observation, RelatedPerson } from "@medplum/fhirtypes";
import { careDocumentBundle } from "../../server/documents/fhir/care-document-bundle";
import { SECTION } from "../../server/documents/fhir/codes";
import { drawCareDocumentPdf } from "../../server/documents/pdf/care-document-pdf";
import type { CareDocumentDocument } from "../../server/model/documents";
import {
  ADMISSION_ADL_ITEMS,
  ADMISSION_INFORMATION,
  AdmissionInformationContent,
  SendableAdmissionInformation,
} from "../../server/model/care-documents/admission-information";
import { CARE_DOCUMENT_SPECS, dueOnOf } from "../../server/model/care-documents/registry";
import { isOverdue, wasSentLate } from "../../server/model/care-documents/care-document-status";
import { completeAdmissionInformation } from "../helpers/admission-information-content";
import { fieldsOf, messageOf } from "../helpers/messages";
import {
  assertDocumentShape,
  assertNarrativesSafe,
  assertReferencesResolve,
  assertValid,
  ofType,
  sectionByCode,
} from "../helpers/fhir-document-checks";
import {
  assertNotoSansJpSubsets,
  assertVisibleGlyphsInked,
  labelColumn,
  pdfRenderer,
  squeeze,
} from "../helpers/pdf";
import { sampleReferralLetter } from "../helpers/referral-documents";

describe("入院時情報提供書: the kind", () => {
  it("goes from a care manager's home-care support office to a hospital, whose liaison office is told", () => {
    const spec = CARE_DOCUMENT_SPECS.admission_information;
    assert.equal(spec, ADMISSION_INFORMATION);
    assert.deepEqual(spec.author, { facilityKinds: ["care_facility"], professions: ["care_manager"] });
    assert.deepEqual(spec.recipient.facilityKinds, ["hospital"]);
    assert.deepEqual(spec.recipient.desk, ["liaison"]);
    assert.deepEqual(spec.replies, ["acknowledge"]);
    assert.equal(spec.dataKind, "care");
  });

  it("is due 3 days after the admission date, across month and year ends; no date, no due date", () => {
    const spec = CARE_DOCUMENT_SPECS.admission_information;
    assert.equal(dueOnOf(spec, { admissionDate: "2026-12-07" }), "2026-12-10");
    assert.equal(dueOnOf(spec, { admissionDate: "2026-12-30" }), "2027-01-02");
    assert.equal(dueOnOf(spec, { admissionDate: "2028-02-27" }), "2028-03-01");
    assert.equal(dueOnOf(spec, AdmissionInformationContent.parse({})), null);
    assert.equal(dueOnOf(spec, { admissionDate: "2026-02-30" }), null);
    // the third day after admission is still in time; the fourth is overdue for a draft only
    const due = dueOnOf(spec, { admissionDate: "2026-12-07" });
    assert.equal(isOverdue("draft", due, "2026-12-10"), false);
    assert.equal(isOverdue("draft", due, "2026-12-11"), true);
    assert.equal(isOverdue("sent", due, "2026-12-11"), false);
    // sent on the due day (in Japan) is in time; the day after is late
    assert.equal(wasSentLate(due, new Date("2026-12-10T14:59:00Z")), false, "23:59 on the 10th in Japan");
    assert.equal(wasSentLate(due, new Date("2026-12-10T15:00:00Z")), true, "00:00 on the 11th in Japan");
    assert.equal(wasSentLate(null, new Date("2030-01-01T00:00:00Z")), false, "no due date, never late");
    assert.equal(wasSentLate(due, null), false, "not sent");
  });
});

describe("入院時情報提供書: refusals name the field", () => {
  const complete = completeAdmissionInformation();

  it("accepts a complete form, and an empty draft with every ADL item unanswered", () => {
    assert.deepEqual(fieldsOf(SendableAdmissionInformation, complete), []);
    const draft = AdmissionInformationContent.parse({});
    assert.deepEqual(Object.keys(draft.adl).sort(), [...ADMISSION_ADL_ITEMS].sort());
    assert.ok(Object.values(draft.adl).every((level) => level === null));
    assert.equal(draft.admissionDate, "");
    assert.equal(draft.careLevel, null);
  });

  it("refuses, in a draft too, impossible days, a period ending before it starts, contradictions, two key persons, values not on the form", () => {
    const draft = AdmissionInformationContent;
    assert.deepEqual(fieldsOf(draft, { admissionDate: "2026-11-31" }), ["admissionDate"]);
    assert.deepEqual(fieldsOf(draft, { admissionDate: "7 Dec" }), ["admissionDate"]);
    assert.deepEqual(fieldsOf(draft, { certificationStart: "2027-04-01", certificationEnd: "2027-03-31" }), [
      "certificationEnd",
    ]);
    assert.equal(
      messageOf(
        draft,
        { certificationStart: "2027-04-01", certificationEnd: "2027-03-31" },
        "certificationEnd",
      ),
      "認定有効期間の終了は開始以降にしてください",
    );
    assert.deepEqual(fieldsOf(draft, { careLevel: "care_6" }), ["careLevel"]);
    assert.deepEqual(fieldsOf(draft, { cognitionLevel: "V" }), ["cognitionLevel"]);
    assert.deepEqual(fieldsOf(draft, { medicationManager: "robot" }), ["medicationManager"]);
    assert.deepEqual(fieldsOf(draft, { adl: { eating: "crawling" } }), ["adl.eating"]);
    assert.deepEqual(fieldsOf(draft, { services: [{ service: "spa" }] }), ["services.0.service"]);
    assert.deepEqual(fieldsOf(draft, { noServices: true, services: [{ service: "day_care" }] }), [
      "noServices",
    ]);
    assert.deepEqual(
      fieldsOf(draft, {
        family: [
          { name: "A", keyPerson: true },
          { name: "B", keyPerson: true },
        ],
      }),
      ["family.1.keyPerson"],
    );
    assert.deepEqual(fieldsOf(draft, { family: [{ name: "" }] }), ["family.0.name"]);
    assert.deepEqual(fieldsOf(draft, { family: [{ name: "A", contact: "090\n1111" }] }), [
      "family.0.contact",
    ]);
    assert.deepEqual(fieldsOf(draft, { notes: "あ".repeat(2001) }), ["notes"]);
    assert.deepEqual(
      fieldsOf(draft, { services: Array.from({ length: 21 }, () => ({ service: "day_care" })) }),
      ["services"],
    );
    assert.equal(
      AdmissionInformationContent.parse({ patientWishes: "  家に帰りたい  " }).patientWishes,
      "家に帰りたい",
    );
  });

  it("wants before sending: the admission date, the care level, services or none, a key person, every ADL item, cognition, who manages medicines, wishes", () => {
    assert.deepEqual(
      fieldsOf(SendableAdmissionInformation, {}),
      [
        ...ADMISSION_ADL_ITEMS.map((item) => `adl.${item}`),
        "admissionDate",
        "careLevel",
        "cognitionLevel",
        "family",
        "medicationManager",
        "patientWishes",
        "services",
      ].sort(),
    );
    assert.equal(messageOf(SendableAdmissionInformation, {}, "admissionDate"), "入院日を入力してください");
    assert.equal(messageOf(SendableAdmissionInformation, {}, "family"), "キーパーソンを1人選んでください");
  });

  it("asks a certified level for its period, the key person for relationship and contact, each service for its provider", () => {
    assert.deepEqual(
      fieldsOf(SendableAdmissionInformation, { ...complete, certificationStart: "", certificationEnd: "" }),
      ["certificationEnd", "certificationStart"],
    );
    assert.deepEqual(
      fieldsOf(SendableAdmissionInformation, {
        ...complete,
        careLevel: "applied",
        certificationStart: "",
        certificationEnd: "",
      }),
      [],
      "申請中 has no period yet",
    );
    assert.deepEqual(
      fieldsOf(SendableAdmissionInformation, {
        ...complete,
        family: [{ name: "山田 一子", relationship: "", contact: "", keyPerson: true }],
      }),
      ["family.0.contact", "family.0.relationship"],
    );
    assert.deepEqual(
      fieldsOf(SendableAdmissionInformation, {
        ...complete,
        services: [{ service: "day_care", provider: "", frequency: "週2回" }],
      }),
      ["services.0.provider"],
    );
  });

  it("takes 'no services' and the family's wishes alone", () => {
    assert.deepEqual(
      fieldsOf(SendableAdmissionInformation, {
        ...complete,
        services: [],
        noServices: true,
        patientWishes: "",
      }),
      [],
    );
    assert.deepEqual(
      fieldsOf(SendableAdmissionInformation, { ...complete, adl: { ...complete.adl, bathing: null } }),
      ["adl.bathing"],
    );
  });
});

const letter = sampleReferralLetter();
const render = pdfRenderer();

/** An admission information form from the sample letter's clinic (as the care office) to its hospital, sent. */
function documentOf(content: AdmissionInformationContent, dueOn: string | null = null): CareDocumentDocument {
  return {
    documentId: "0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f",
    kind: "admission_information",
    documentNumber: "2026-000123",
    issuedAt: "2026-12-08T00:00:00.000Z",
    draft: false,
    author: { facility: letter.referrer.facility, practitioner: letter.referrer.practitioner },
    recipient: { facility: letter.destination.facility, practitioner: null },
    patient: letter.patient,
    dueOn,
    reply: null,
    related: [],
    content,
  };
}

describe("入院時情報提供書: PDF and FHIR", () => {
  const content = AdmissionInformationContent.parse(completeAdmissionInformation());

  it("prints the form's items in its order, in embedded Noto Sans JP, with the due date", async () => {
    const pdf = await render(drawCareDocumentPdf(documentOf(content, "2026-12-10")));
    await assertNotoSansJpSubsets(pdf);
    await assertVisibleGlyphsInked(pdf, 20);
    const column = await labelColumn(pdf);
    let at = -1;
    for (const label of [
      "入院日",
      "認定有効期間",
      "利用している介護サービス",
      "家族・キーパーソン",
      "ADL",
      "認知症高齢者の日常生活自立度",
      "服薬管理",
      "本人の意向",
      "家族の意向",
      "提出期限",
    ]) {
      const next = column.indexOf(squeeze(label), at + 1);
      assert.ok(next > at, `${label} down the label column, after the previous one`);
      at = next;
    }
    const text = squeeze(await pdf.text());
    for (const value of [
      "入院時情報提供書",
      "居宅介護支援事業所",
      "2026年12月7日",
      "要介護度",
      "要介護2",
      "ヘルパーステーションながい",
      "週3回",
      "山田 一子",
      "長女",
      "090-0000-1111",
      "キーパーソン",
      "見守り",
      "全介助",
      "Ⅱa",
      "お薬カレンダー",
      "家に帰って畑を見たい",
      "2026年12月10日",
    ])
      assert.ok(text.includes(squeeze(value)), `the PDF shows ${value}`);
  });

  it("carries the stay, the care level, ADL, cognition and the family as resources, valid FHIR R4", () => {
    const bundle = careDocumentBundle(documentOf(content, "2026-12-10"));
    assertDocumentShape(bundle);
    assertValid(bundle);
    assertReferencesResolve(bundle);
    const [stay] = ofType<Encounter>(bundle, "Encounter");
    assert.deepEqual(stay?.period, { start: "2026-12-07" });
    const observations = ofType<Observation>(bundle, "Observation");
    const level = observations.find((o) => o.code.text === "要介護度");
    assert.equal(level?.valueCodeableConcept?.text, "要介護2");
    assert.deepEqual(level?.effectivePeriod, { start: "2026-04-01", end: "2027-03-31" });
    assert.equal(observations.find((o) => o.code.text === "入浴")?.valueCodeableConcept?.text, "全介助");
    assert.equal(
      observations.find((o) => o.code.text === "認知症高齢者の日常生活自立度")?.valueCodeableConcept?.text,
      "Ⅱa",
    );
    assert.equal(observations.length, 1 + ADMISSION_ADL_ITEMS.length + 1);
    const family = ofType<RelatedPerson>(bundle, "RelatedPerson");
    assert.deepEqual(
      family.map((f) => [f.name?.[0]?.text, f.relationship?.map((r) => r.text)]),
      [
        ["山田 一子", ["長女", "キーパーソン"]],
        ["山田 太郎", ["夫"]],
      ],
    );
    assert.equal(family[0]?.telecom?.[0]?.value, "090-0000-1111");
    assert.ok(
      sectionByCode(bundle, SECTION.detailsOnAdmission.code)?.text?.div.includes("デイサービスひまわり"),
    );
    const remarks = sectionByCode(bundle, SECTION.remarks.code)?.text?.div ?? "";
    assert.match(remarks, /家に帰って畑を見たい/);
    assert.match(remarks, /2026-12-10/);
  });

  it("exports an empty draft and a form with no services, and keeps markup as text", () => {
    const empty = careDocumentBundle(documentOf(AdmissionInformationContent.parse({})));
    assertValid(empty);
    assertReferencesResolve(empty);
    assert.equal(ofType(empty, "Encounter").length, 0);
    const none = careDocumentBundle(
      documentOf(
        AdmissionInformationContent.parse(completeAdmissionInformation({ services: [], noServices: true })),
      ),
    );
    assertValid(none);
    const markup = "<b>家族&介護</b>";
    const marked = careDocumentBundle(
      documentOf(AdmissionInformationContent.parse(completeAdmissionInformation({ familyWishes: markup }))),
    );
    assertNarrativesSafe(marked, markup, 1);
  });
});
