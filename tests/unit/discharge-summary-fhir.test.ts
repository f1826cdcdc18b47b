import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import type {
  AllergyIntolerance,
  Bundle,
  CarePlan,
  CompositionSection,
  Condition,
  DocumentReference,
  Encounter,
  MedicationRequest,
  Observation,
  Organization,
  Practitioner,
  Procedure,
} from "@medplum/fhirtypes";
import { dischargeSummaryBundle } from "../../server/documents/fhir/discharge-summary-bundle";
import { DischargeSummaryContent } from "../../server/model/discharge-summary";
import {
  allSections,
  assertDocumentShape,
  assertNarrativesSafe,
  assertReferencesResolve,
  assertValid,
  assertWellFormedNarratives,
  composition,
  entryByFullUrl,
  fullUrlOf,
  NATIONAL_DOCUMENT_ID,
  ofType,
  resources,
  SECTION_SYSTEM,
  sectionByCode,
  sectionEntryTypes,
} from "../helpers/fhir-document-checks";
import {
  sampleAmendedDischargeSummary,
  sampleDischargeSummary,
  sampleMinimalDischargeSummary,
} from "../helpers/discharge-summary-documents";

/**
 * The sub-sections of JP_Composition_eDischargeSummary's structured section
 * (300) this export writes, in the guide's order, with the display of each code
 * in the JP-CLINS document-section code system. Written out here, apart from
 * the exporter's own table.
 */
const STRUCTURED = [
  ["322", "入院時詳細", "入院時詳細セクション"],
  ["342", "入院時診断", "入院時診断セクション"],
  ["510", "アレルギー・不耐性反応", "アレルギー・不耐性反応セクション"],
  ["352", "主訴", "主訴セクション"],
  ["312", "入院理由", "入院理由セクション"],
  ["360", "現病歴", "現病歴セクション"],
  ["333", "入院中経過", "入院中経過セクション"],
  ["324", "退院時詳細", "退院時詳細セクション"],
  ["344", "退院時診断", "退院時診断セクション"],
  ["444", "退院時投薬指示", "退院時投薬指示セクション"],
  ["424", "退院時方針指示", "退院時方針指示セクション"],
  ["614", "退院時身体所見", "退院時身体所見セクション"],
  ["713", "入院中治療", "入院中治療セクション"],
  ["623", "入院中検査結果", "入院中検査結果セクション"],
] as const;
/** The sub-sections the guide requires (1..1), present in every export. */
const REQUIRED = ["322", "342", "352", "312", "360", "333", "324", "344", "444", "424"];

function code(s: CompositionSection): string | undefined {
  return s.code?.coding?.[0]?.code;
}

function structuredSections(bundle: Bundle): CompositionSection[] {
  const structured = composition(bundle).section?.find((s) => code(s) === "300");
  assert.ok(structured, "structured section 300");
  return structured.section ?? [];
}

function versionOf(bundle: Bundle): string | undefined {
  return composition(bundle).extension?.find(
    (e) => e.url === "http://hl7.org/fhir/StructureDefinition/composition-clinicaldocument-versionNumber",
  )?.valueString;
}

describe("discharge summary as a FHIR document (JP-CLINS eDischargeSummary)", () => {
  const summary = sampleDischargeSummary();
  const bundle = dischargeSummaryBundle(summary);

  it("passes FHIR R4 validation, as a Bundle and entry by entry", () => {
    assertValid(bundle);
  });

  it("is a document Bundle: Composition first, unique urn:uuid fullUrls, the eDischargeSummary profiles", () => {
    assertDocumentShape(bundle);
    assert.deepEqual(bundle.meta?.profile, [
      "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eDischargeSummary|1",
    ]);
    assert.deepEqual(composition(bundle).meta?.profile, [
      "http://jpfhir.jp/fhir/eDischargeSummary/StructureDefinition/JP_Composition_eDischargeSummary",
    ]);
    assert.equal(bundle.timestamp, "2026-12-11T11:00:00.000+09:00");
    assert.deepEqual(
      resources(bundle).map((r) => r.resourceType),
      [
        "Composition",
        "Patient",
        "Practitioner",
        "Organization",
        "Organization",
        "Practitioner",
        "Organization",
        "Encounter",
        ...Array<string>(4).fill("Condition"),
        "AllergyIntolerance",
        "DocumentReference",
        ...Array<string>(4).fill("MedicationRequest"),
        "CarePlan",
        "CarePlan",
        ...Array<string>(3).fill("Procedure"),
        ...Array<string>(6).fill("Observation"),
      ],
    );
  });

  it("carries the national document identifier of the hospital, on the Bundle and the Composition", () => {
    assert.deepEqual(bundle.identifier, {
      system: "http://jpfhir.jp/fhir/clins/bundle-identifier",
      value: "4710200021^2026^2026-000789",
    });
    assert.match(bundle.identifier?.value ?? "", NATIONAL_DOCUMENT_ID);
    assert.deepEqual(composition(bundle).identifier, {
      system: "http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier",
      value: "4710200021^2026^2026-000789",
    });
  });

  it("has the JP_Composition_eDischargeSummary header: type 18842-5, DISCHARGE, version 1, the stay as event", () => {
    const c = composition(bundle);
    assert.equal(c.status, "final");
    assert.equal(c.language, "ja");
    assert.equal(versionOf(bundle), "1");
    assert.deepEqual(c.type.coding, [
      {
        system: "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes",
        code: "18842-5",
        display: "退院時サマリー",
      },
    ]);
    assert.deepEqual(c.category?.[0]?.coding, [
      {
        system: "http://jpfhir.jp/fhir/Common/CodeSystem/doc-subtypecodes",
        code: "DISCHARGE",
        display: "退院時文書",
      },
    ]);
    assert.equal(c.title, "退院時サマリー");
    assert.equal(c.date, "2026-12-11T11:00:00+09:00");
    assert.deepEqual(c.event, [{ period: { start: "2026-11-20", end: "2026-12-11" } }]);
    assert.deepEqual(
      c.author.map((a) => entryByFullUrl(bundle, a.reference)?.resourceType),
      ["Practitioner", "Organization"],
    );
    assert.equal(
      (entryByFullUrl(bundle, c.author[1]?.reference) as Organization).name,
      "県立中部医療センター",
    );
    assert.equal(c.custodian?.reference, c.author[1]?.reference, "the hospital keeps the document");
    assert.equal(entryByFullUrl(bundle, c.subject?.reference)?.resourceType, "Patient");
    assert.equal(entryByFullUrl(bundle, c.encounter?.reference)?.resourceType, "Encounter");
  });

  it("uses the guide's section codes: 300 with the discharge sub-sections in order, then 220", () => {
    const c = composition(bundle);
    assert.deepEqual(c.section?.map(code), ["300", "220"]);
    assert.deepEqual(
      structuredSections(bundle).map((s) => [code(s), s.title, s.code?.coding?.[0]?.display]),
      STRUCTURED.map((row) => [...row]),
    );
    for (const s of allSections(c.section)) {
      assert.equal(s.code?.coding?.length, 1);
      assert.equal(s.code?.coding?.[0]?.system, SECTION_SYSTEM);
      // The structured section is a container (the guide forbids its text); the others read as text.
      if (code(s) === "300") assert.equal(s.text, undefined);
      else assert.equal(s.text?.status, "additional");
    }
  });

  it("puts the resources in their sections", () => {
    for (const wanted of ["322", "312", "324"])
      assert.deepEqual(sectionEntryTypes(bundle, wanted), ["Encounter"]);
    assert.deepEqual(sectionEntryTypes(bundle, "333"), ["DocumentReference"]);
    assert.deepEqual(sectionEntryTypes(bundle, "344"), Array<string>(4).fill("Condition"));
    assert.deepEqual(sectionEntryTypes(bundle, "444"), Array<string>(4).fill("MedicationRequest"));
    assert.deepEqual(sectionEntryTypes(bundle, "424"), ["CarePlan", "CarePlan"]);
    assert.deepEqual(sectionEntryTypes(bundle, "510"), ["AllergyIntolerance"]);
    assert.deepEqual(sectionEntryTypes(bundle, "713"), Array<string>(3).fill("Procedure"));
    assert.deepEqual(sectionEntryTypes(bundle, "623"), Array<string>(6).fill("Observation"));
    assert.deepEqual(sectionEntryTypes(bundle, "220"), ["Organization", "Practitioner", "Organization"]);
    assert.deepEqual(sectionEntryTypes(bundle, "614"), []);
    assert.match(sectionByCode(bundle, "614")?.text?.div ?? "", /右上肢の軽度麻痺/);
  });

  it("marks the sections the guide requires and our form does not ask for as unavailable, with no entries", () => {
    for (const wanted of ["342", "352", "360"]) {
      const s = sectionByCode(bundle, wanted);
      assert.equal(s?.emptyReason?.coding?.[0]?.code, "unavailable", wanted);
      assert.equal(s?.entry, undefined, wanted);
      assert.match(s?.text?.div ?? "", /記載なし/);
    }
    for (const wanted of REQUIRED.filter((c) => !["342", "352", "360"].includes(c))) {
      assert.equal(sectionByCode(bundle, wanted)?.emptyReason, undefined, `${wanted} is filled in`);
    }
  });

  it("resolves every reference to an entry of the declared type, and references every entry", () => {
    assertReferencesResolve(bundle);
  });

  it("records the admission: inpatient, the period, 22 days, the reason, ranked diagnoses, the destination", () => {
    const [admission] = ofType<Encounter>(bundle, "Encounter");
    assert.equal(admission?.status, "finished");
    assert.deepEqual(admission?.class, {
      system: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
      code: "IMP",
      display: "inpatient encounter",
    });
    assert.deepEqual(admission?.period, { start: "2026-11-20", end: "2026-12-11" });
    assert.deepEqual(admission?.length, {
      value: 22,
      unit: "日",
      system: "http://unitsofmeasure.org",
      code: "d",
    });
    assert.equal(admission?.reasonCode?.[0]?.text, summary.content.reasonForAdmission);
    assert.deepEqual(admission?.hospitalization?.dischargeDisposition, {
      coding: [
        {
          system: "http://terminology.hl7.org/CodeSystem/discharge-disposition",
          code: "rehab",
          display: "Rehabilitation",
        },
      ],
      text: "回復期リハビリテーション病院",
    });
    assert.equal(
      (entryByFullUrl(bundle, admission?.serviceProvider?.reference) as Organization).name,
      "県立中部医療センター",
    );
    assert.equal(
      entryByFullUrl(bundle, admission?.participant?.[0]?.individual?.reference)?.resourceType,
      "Practitioner",
    );
    // The referral letter it answers, by the letter's national identifier.
    assert.deepEqual(admission?.basedOn?.[0]?.identifier, {
      system: "http://jpfhir.jp/fhir/clins/bundle-identifier",
      value: "4710100012^2026^2026-000123",
    });
  });

  it("marks the principal diagnosis (主病名): rank 1 of the discharge diagnoses, first in the section", () => {
    const [admission] = ofType<Encounter>(bundle, "Encounter");
    const conditions = ofType<Condition>(bundle, "Condition");
    assert.deepEqual(
      admission?.diagnosis?.map((d) => [
        (entryByFullUrl(bundle, d.condition.reference) as Condition).code?.coding?.[0]?.code,
        d.use?.coding?.[0]?.code,
        d.rank,
      ]),
      [
        ["I63.9", "DD", 1],
        ["I10", "DD", 2],
        ["E11.9", "DD", 3],
        ["E78.5", "DD", 4],
      ],
    );
    const admissionUrl = fullUrlOf(bundle, admission);
    for (const c of conditions) {
      assert.equal(c.encounter?.reference, admissionUrl);
      assert.equal(c.category?.[0]?.coding?.[0]?.code, "encounter-diagnosis");
      assert.equal(c.code?.coding?.[0]?.system, "http://hl7.org/fhir/sid/icd-10");
    }
    assert.equal(sectionByCode(bundle, "344")?.entry?.[0]?.reference, fullUrlOf(bundle, conditions[0]));
    assert.match(sectionByCode(bundle, "344")?.text?.div ?? "", /<li>【主病名】脳梗塞/);
    assert.equal(sectionByCode(bundle, "344")?.text?.div.match(/主病名/g)?.length, 1);
  });

  it("carries the hospital course as a DocumentReference whose text, size and SHA-1 check out", () => {
    const [course] = ofType<DocumentReference>(bundle, "DocumentReference");
    const attachment = course?.content[0]?.attachment;
    assert.deepEqual(course?.type?.coding, [
      { system: "http://loinc.org", code: "8648-8", display: "Hospital course Narrative" },
    ]);
    assert.equal(attachment?.contentType, "text/plain; charset=utf-8");
    const bytes = Buffer.from(attachment?.data ?? "", "base64");
    assert.equal(bytes.toString("utf8"), summary.content.hospitalCourse);
    assert.equal(attachment?.size, bytes.length);
    assert.equal(attachment?.hash, createHash("sha1").update(bytes).digest("base64"));
    assert.equal(course?.context?.encounter?.[0]?.reference, composition(bundle).encounter?.reference);
    assert.ok(sectionByCode(bundle, "333")?.text?.div.includes("<br/>第2病日"), "line breaks kept");
  });

  it("exports the discharge prescription as MedicationRequests of category discharge, with the changes", () => {
    assert.deepEqual(
      ofType<MedicationRequest>(bundle, "MedicationRequest").map((m) => [
        m.medicationCodeableConcept?.text,
        m.dosageInstruction?.[0]?.text,
        m.category?.[0]?.coding?.[0]?.code,
      ]),
      summary.content.dischargeMedications.map((m) => [m.name, m.dosage, "discharge"]),
    );
    assert.match(sectionByCode(bundle, "444")?.text?.div ?? "", /処方変更点.*アスピリン腸溶錠100mgを中止/);
  });

  it("exports the follow-up plan and the care needs as CarePlans, procedures and results with their days", () => {
    assert.deepEqual(
      ofType<CarePlan>(bundle, "CarePlan").map((p) => [p.status, p.intent, p.title, p.description]),
      [
        ["active", "plan", "今後の方針", summary.content.followUpPlan],
        ["active", "plan", "看護・介護上の留意点", summary.content.careNeeds],
      ],
    );
    assert.deepEqual(
      ofType<Procedure>(bundle, "Procedure").map((p) => [
        p.status,
        p.code?.text,
        p.performedDateTime,
        p.note,
      ]),
      [
        [
          "completed",
          "rt-PA（アルテプラーゼ）静注療法",
          "2026-11-20",
          [{ text: "発症から2時間40分で投与開始" }],
        ],
        ["completed", "頭部MRI・MRA", "2026-11-20", undefined],
        ["completed", "嚥下造影検査（VF）", "2026-11-25", [{ text: "とろみ付き水分で誤嚥なし" }]],
      ],
    );
    const observations = ofType<Observation>(bundle, "Observation");
    assert.deepEqual(observations[0]?.valueQuantity, { value: 8, unit: "点" });
    assert.equal(observations[4]?.valueString, "3", "mRS, a score without a unit, as written");
  });

  it("names the recipients in the remarks and contact section (220), with the hospital's contact and the remarks", () => {
    const remarks = sectionByCode(bundle, "220");
    const targets = (remarks?.entry ?? []).map((r) => entryByFullUrl(bundle, r.reference));
    assert.deepEqual(
      targets.map((t) => (t?.resourceType === "Organization" ? t.name : (t as Practitioner).name?.[0]?.text)),
      ["なかがみ内科クリニック", "比嘉 健太", "ちゅうぶ回復期リハビリテーション病院"],
    );
    const div = remarks?.text?.div ?? "";
    assert.match(div, /送付先/);
    assert.match(div, /作成医療機関.*県立中部医療センター.*脳神経内科.*𠮷田 真理子.*098-000-5678/);
    assert.match(div, /ご紹介いただきありがとうございました/);
    assert.ok(!div.includes("訂正"), "version 1 corrects nothing");
    assert.match(
      sectionByCode(bundle, "322")?.text?.div ?? "",
      /紹介元.*なかがみ内科クリニック.*2026-000123/,
    );
  });

  it("exports the same summary identically, and another summary with other fullUrls", () => {
    const again = dischargeSummaryBundle(sampleDischargeSummary());
    assert.deepEqual(again, bundle);
    assert.equal(JSON.stringify(again), JSON.stringify(bundle));
    const other = dischargeSummaryBundle(
      sampleDischargeSummary({ summaryId: "f0000000-0000-4000-8000-00000000000f" }),
    );
    const urls = new Set(bundle.entry?.map((e) => e.fullUrl));
    assert.ok(
      other.entry?.every((e) => !urls.has(e.fullUrl)),
      "no fullUrl shared with another summary",
    );
  });

  it("writes well-formed narratives, 𠮷 (outside the BMP) included", () => {
    const divs = assertWellFormedNarratives(bundle, 10);
    assert.ok(divs.some((d) => d.includes("𠮷田 真理子")));
  });
});

describe("discharge summary amendments (version 2)", () => {
  const first = dischargeSummaryBundle(sampleDischargeSummary());
  const second = dischargeSummaryBundle(sampleAmendedDischargeSummary());

  it("passes FHIR R4 validation and keeps the document shape", () => {
    assertValid(second);
    assertDocumentShape(second);
    assertReferencesResolve(second);
  });

  it("keeps the document's identifier and says version 2 in the Composition's version extension", () => {
    assert.deepEqual(second.identifier, first.identifier);
    assert.deepEqual(composition(second).identifier, composition(first).identifier);
    assert.equal(versionOf(first), "1");
    assert.equal(versionOf(second), "2");
    assert.equal(composition(second).status, "final", "the guide fixes a registered document's status");
    assert.deepEqual(second.meta?.profile, first.meta?.profile);
  });

  it("is a document of its own: every fullUrl differs from version 1's, and it is dated when it was issued", () => {
    const urls = new Set(first.entry?.map((e) => e.fullUrl));
    assert.ok(second.entry?.every((e) => !urls.has(e.fullUrl)));
    assert.equal(second.timestamp, "2026-12-14T10:00:00.000+09:00");
    assert.equal(composition(second).date, "2026-12-14T10:00:00+09:00");
    assert.deepEqual(composition(second).event, composition(first).event, "the same stay");
  });

  it("carries the corrected content and says what it corrects and why", () => {
    const names = (b: Bundle) =>
      ofType<MedicationRequest>(b, "MedicationRequest").map((m) => m.medicationCodeableConcept?.text);
    assert.ok(names(first).includes("ロスバスタチン錠2.5mg"));
    assert.ok(names(second).includes("ロスバスタチン錠5mg"));
    assert.ok(!names(second).includes("ロスバスタチン錠2.5mg"));
    const div = sectionByCode(second, "220")?.text?.div ?? "";
    assert.match(div, /<b>訂正<\/b>：第2版（2026年12月11日付け第1版を訂正）/);
    assert.match(div, /<b>訂正理由<\/b>：退院時処方のロスバスタチンの用量を訂正しました/);
  });

  it("keeps the year of the first issue in the identifier for every version, whatever year it is issued in", () => {
    const first = "2026-12-28T01:00:00.000Z";
    const lateFirst = sampleDischargeSummary({ issuedAt: first, firstIssuedAt: first });
    const amendment = sampleAmendedDischargeSummary({
      issuedAt: "2027-01-05T01:00:00.000Z",
      firstIssuedAt: first,
      amendment: { note: "誤記訂正", replacesVersion: 1, replacesIssuedAt: first },
    });
    // a third version in 2027 replacing a second from 2027 still carries the first issue's year
    const third = sampleAmendedDischargeSummary({
      version: 3,
      issuedAt: "2027-02-01T01:00:00.000Z",
      firstIssuedAt: first,
      amendment: { note: "再訂正", replacesVersion: 2, replacesIssuedAt: "2027-01-05T01:00:00.000Z" },
    });
    for (const doc of [lateFirst, amendment, third]) {
      assert.equal(dischargeSummaryBundle(doc).identifier?.value, "4710200021^2026^2026-000789");
    }
    // A first issue on 31 December in UTC is already 1 January in Japan.
    const jstNewYear = "2026-12-31T15:30:00.000Z";
    const newYear = dischargeSummaryBundle(
      sampleDischargeSummary({ issuedAt: jstNewYear, firstIssuedAt: jstNewYear }),
    );
    assert.equal(newYear.identifier?.value, "4710200021^2027^2026-000789");
  });

  it("exports a draft amendment as preliminary, without the profile claim", () => {
    const draft = dischargeSummaryBundle(sampleAmendedDischargeSummary({ draft: true }));
    assertValid(draft);
    assert.equal(composition(draft).status, "preliminary");
    assert.equal(draft.meta?.profile, undefined);
    assert.equal(composition(draft).meta?.profile, undefined);
    assert.equal(versionOf(draft), "2");
  });
});

describe("discharge summary: none known, and nothing recorded", () => {
  it("says 'no discharge medication' and 'no known allergies' the guide's way: nilknown, no resources", () => {
    const bundle = dischargeSummaryBundle(sampleMinimalDischargeSummary());
    assertValid(bundle);
    assertDocumentShape(bundle);
    assertReferencesResolve(bundle);
    assert.equal(ofType<MedicationRequest>(bundle, "MedicationRequest").length, 0);
    assert.equal(ofType<AllergyIntolerance>(bundle, "AllergyIntolerance").length, 0);
    for (const [wanted, text] of [
      ["444", "退院時処方なし"],
      ["510", "アレルギー・不耐性反応なし"],
    ] as const) {
      const s = sectionByCode(bundle, wanted);
      assert.deepEqual(s?.emptyReason?.coding, [
        {
          system: "http://terminology.hl7.org/CodeSystem/list-empty-reason",
          code: "nilknown",
          display: "Nil Known",
        },
      ]);
      assert.equal(s?.entry, undefined);
      assert.match(s?.text?.div ?? "", new RegExp(text));
    }
    // Sections with nothing to say and no need to say it are left out.
    assert.deepEqual(structuredSections(bundle).map(code), [
      "322",
      "342",
      "510",
      "352",
      "312",
      "360",
      "333",
      "324",
      "344",
      "444",
      "424",
      "614",
    ]);
    const [admission] = ofType<Encounter>(bundle, "Encounter");
    assert.equal(admission?.basedOn, undefined, "no referral");
    assert.equal(admission?.length?.value, 3);
    assert.equal(admission?.hospitalization?.dischargeDisposition?.coding?.[0]?.code, "home");
    assert.ok(!(sectionByCode(bundle, "322")?.text?.div ?? "").includes("紹介元"));
    assert.deepEqual(sectionEntryTypes(bundle, "220"), ["Organization", "Practitioner"]);
  });

  it("tells 'no medication listed' (unavailable) from 'none' (nilknown), and leaves out allergies not asked", () => {
    const sample = sampleMinimalDischargeSummary();
    const bundle = dischargeSummaryBundle({
      ...sample,
      draft: true,
      content: { ...sample.content, noDischargeMedication: false, noKnownAllergies: false },
    });
    assertValid(bundle);
    assert.equal(sectionByCode(bundle, "444")?.emptyReason?.coding?.[0]?.code, "unavailable");
    assert.equal(sectionByCode(bundle, "510"), undefined);
  });

  it("exports a bare draft: preliminary, no event, the required sections there and marked as not written", () => {
    const draft = dischargeSummaryBundle(
      sampleDischargeSummary({
        draft: true,
        recipients: [],
        referral: null,
        content: DischargeSummaryContent.parse({}),
      }),
    );
    assertValid(draft);
    assertDocumentShape(draft);
    assertReferencesResolve(draft);
    assert.equal(composition(draft).status, "preliminary");
    assert.equal(composition(draft).event, undefined);
    assert.deepEqual(composition(draft).section?.map(code), ["300", "220"]);
    assert.equal(sectionByCode(draft, "220")?.entry, undefined, "no recipients chosen yet");
    const [admission] = ofType<Encounter>(draft, "Encounter");
    assert.equal(admission?.status, "unknown");
    assert.equal(admission?.period, undefined);
    assert.deepEqual(
      structuredSections(draft).map((s) => [code(s), s.emptyReason?.coding?.[0]?.code]),
      [
        ["322", undefined],
        ["342", "unavailable"],
        ["352", "unavailable"],
        ["312", "unavailable"],
        ["360", "unavailable"],
        ["333", "unavailable"],
        ["324", undefined],
        ["344", "unavailable"],
        ["444", "unavailable"],
        ["424", "unavailable"],
      ],
    );
    assert.deepEqual(structuredSections(draft).map(code).sort(), [...REQUIRED].sort());
  });

  it("escapes names and text in every narrative: a patient named <script> stays text", () => {
    const markup = "<script>alert(1)</script>";
    const sample = sampleAmendedDischargeSummary();
    const hostile = dischargeSummaryBundle({
      ...sample,
      patient: { ...sample.patient, familyName: markup },
      amendment: { ...sample.amendment!, note: `${markup} & "quotes"` },
      content: { ...sample.content, remarks: `${markup}\n2行目`, hospitalCourse: markup },
    });
    assertValid(hostile);
    const all = assertNarrativesSafe(hostile, markup, 10).join("");
    assert.ok(all.includes("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert.ok(all.includes("&lt;script&gt;alert(1)&lt;/script&gt;<br/>2行目"));
    const [course] = ofType<DocumentReference>(hostile, "DocumentReference");
    assert.equal(
      Buffer.from(course?.content[0]?.attachment.data ?? "", "base64").toString("utf8"),
      markup,
      "the course document keeps the text as written; only narratives are markup",
    );
  });
});
