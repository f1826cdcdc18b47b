import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import type {
  AllergyIntolerance,
  Composition,
  Condition,
  DocumentReference,
  Encounter,
  HumanName,
  MedicationRequest,
  Observation,
  Organization,
  Patient,
  Resource,
} from "@medplum/fhirtypes";
import { referralLetterBundle, referralReplyBundle } from "../../server/documents/fhir/referral-bundle";
import { uuidV5 } from "../../server/documents/fhir/primitives";
import { escapeXhtml } from "../../server/documents/fhir/narrative";
import { ReferralLetterContent } from "../../server/model/referral-letter";
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
import { requiredCodeProblems, validateR4, xhtmlProblems } from "../helpers/fhir-validation";
import { sampleReferralLetter, sampleReferralReply } from "../helpers/referral-documents";

function kanjiAndKana(names: HumanName[] | undefined): [HumanName | undefined, HumanName | undefined] {
  const by = (code: string) =>
    names?.find((n) =>
      n.extension?.some(
        (e) =>
          e.url === "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation" &&
          e.valueCode === code,
      ),
    );
  return [by("IDE"), by("SYL")];
}

describe("FHIR validation helper (tests/helpers/fhir-validation.ts)", () => {
  it("reports a Composition without status (Medplum: required element)", () => {
    const bundle = referralLetterBundle(sampleReferralLetter());
    const { status: _status, ...withoutStatus } = composition(bundle);
    const broken = {
      ...bundle,
      entry: [{ ...bundle.entry![0], resource: withoutStatus as Composition }, ...bundle.entry!.slice(1)],
    };
    const { errors } = validateR4(broken);
    assert.ok(
      errors.some(
        (e) => e.includes("Bundle.entry[0].resource.status") && e.includes("Missing required property"),
      ),
      errors.join("\n"),
    );
  });

  it("reports a Patient with an invalid gender (required binding, from the R4 schema)", () => {
    const bundle = referralLetterBundle(sampleReferralLetter());
    const broken = structuredClone(bundle);
    const patient = broken.entry!.find((e) => e.resource?.resourceType === "Patient")!.resource as Patient;
    (patient as { gender: string }).gender = "femalex";
    const { errors } = validateR4(broken);
    assert.deepEqual(
      errors.filter((e) => e.includes("gender")),
      ['Bundle.entry[1].resource.gender: "femalex" is not one of male | female | other | unknown'],
    );
    assert.ok(validateR4(patient).errors.length > 0, "the Patient alone is rejected too");
  });

  it("reports malformed primitives, unknown elements and broken invariants", () => {
    const cases: [string, Resource, string][] = [
      ["birthDate", { resourceType: "Patient", birthDate: "1948-3-15" }, "Invalid date format"],
      [
        "unknown element",
        { resourceType: "Patient", nickname: "x" } as unknown as Patient,
        "Invalid additional property",
      ],
      [
        "document without identifier (bdl-9)",
        { resourceType: "Bundle", type: "document", entry: [] },
        "bdl-9",
      ],
    ];
    for (const [label, resource, expected] of cases) {
      const { errors } = validateR4(resource);
      assert.ok(
        errors.some((e) => e.includes(expected)),
        `${label}: ${errors.join("; ")}`,
      );
    }
  });

  it("finds required-code problems inside arrays and nested resources", () => {
    assert.deepEqual(
      requiredCodeProblems(
        { resourceType: "AllergyIntolerance", category: ["food", "drug"] },
        "AllergyIntolerance",
      ),
      ['AllergyIntolerance.category[1]: "drug" is not one of food | medication | environment | biologic'],
    );
  });

  it("rejects narratives with markup, unescaped text or a wrong root", () => {
    const root = '<div xmlns="http://www.w3.org/1999/xhtml">';
    assert.deepEqual(xhtmlProblems(`${root}<p>山田 &amp; 花子<br/></p></div>`), []);
    assert.ok(xhtmlProblems(`${root}<script>alert(1)</script></div>`).length > 0);
    assert.ok(xhtmlProblems(`${root}<p>a < b</p></div>`).length > 0);
    assert.ok(xhtmlProblems(`${root}<p>AT&T</p></div>`).length > 0);
    assert.ok(xhtmlProblems(`${root}<p>open</div>`).length > 0);
    assert.ok(xhtmlProblems(`<div><p>x</p></div>`).length > 0);
    assert.ok(xhtmlProblems(`${root}<p onclick="x">x</p></div>`).length > 0);
  });
});

describe("escapeXhtml", () => {
  it("escapes markup characters and drops what XML cannot carry, keeping characters outside the BMP", () => {
    assert.equal(escapeXhtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    assert.equal(escapeXhtml("a\u0000b\u001Fc\uFFFEd\uD800e\uDC00f"), "abcdef");
    assert.equal(escapeXhtml("𠮷田\t改行\n"), "𠮷田\t改行\n");
  });
});

describe("uuidV5 (deterministic fullUrls)", () => {
  it("matches the RFC 4122 name-based UUID of www.example.com in the DNS namespace", () => {
    assert.equal(
      uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"),
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });
});

describe("referral letter as a FHIR document (JP-CLINS eReferral)", () => {
  const letter = sampleReferralLetter();
  const bundle = referralLetterBundle(letter);

  it("passes FHIR R4 validation, as a Bundle and entry by entry", () => {
    assertValid(bundle);
  });

  it("is a document Bundle: Composition first, unique urn:uuid fullUrls, the eReferral profile", () => {
    assertDocumentShape(bundle);
    assert.deepEqual(bundle.meta?.profile, [
      "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eReferral|1",
    ]);
    assert.deepEqual(composition(bundle).meta?.profile, [
      "http://jpfhir.jp/fhir/eReferral/StructureDefinition/JP_Composition_eReferral",
    ]);
    assert.equal(bundle.timestamp, "2026-11-20T10:30:00.000+09:00");
    assert.deepEqual(
      resources(bundle).map((r) => r.resourceType),
      [
        "Composition",
        "Patient",
        "Practitioner",
        "Practitioner",
        "Organization",
        "Organization",
        "Encounter",
        ...Array<string>(3).fill("Condition"),
        ...Array<string>(3).fill("MedicationRequest"),
        "AllergyIntolerance",
        ...Array<string>(3).fill("Observation"),
        ...Array<string>(2).fill("DocumentReference"),
      ],
    );
  });

  it("carries the national document identifier <institution code>^<year>^<document number>", () => {
    assert.equal(bundle.identifier?.system, "http://jpfhir.jp/fhir/clins/bundle-identifier");
    assert.match(bundle.identifier?.value ?? "", /^\d{10}\^\d{4}\^.+$/);
    assert.match(bundle.identifier?.value ?? "", NATIONAL_DOCUMENT_ID);
    assert.equal(bundle.identifier?.value, "4710100012^2026^2026-000123");
    assert.deepEqual(composition(bundle).identifier, {
      system: "http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier",
      value: "4710100012^2026^2026-000123",
    });
  });

  it("takes the year of issue in Japan time, whatever the server's time zone", () => {
    const newYear = referralLetterBundle(sampleReferralLetter({ issuedAt: "2026-12-31T15:30:00.000Z" }));
    assert.equal(newYear.identifier?.value, "4710100012^2027^2026-000123");
    assert.equal(composition(newYear).date, "2027-01-01T00:30:00+09:00");
    assert.equal(composition(newYear).event?.[0]?.period?.start, "2027-01-01");
  });

  it("refuses a document number the national identifier cannot carry", () => {
    assert.throws(
      () => referralLetterBundle(sampleReferralLetter({ documentNumber: "2026/123" })),
      /document number/,
    );
    assert.throws(
      () => referralLetterBundle(sampleReferralLetter({ documentNumber: "" })),
      /document number/,
    );
  });

  it("resolves every reference to an entry of the declared type, and references every entry", () => {
    assertReferencesResolve(bundle);
  });

  it("has the JP_Composition_eReferral header: type 57133-1, category, title, author, custodian, event", () => {
    const c = composition(bundle);
    assert.equal(c.status, "final");
    assert.equal(c.language, "ja");
    assert.deepEqual(c.type.coding, [
      {
        system: "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes",
        code: "57133-1",
        display: "診療情報提供書",
      },
    ]);
    assert.equal(c.category?.[0]?.coding?.[0]?.code, "OUTPATIENT");
    assert.equal(c.title, "診療情報提供書");
    assert.equal(c.date, "2026-11-20T10:30:00+09:00");
    assert.deepEqual(
      c.author.map((a) => entryByFullUrl(bundle, a.reference)?.resourceType),
      ["Practitioner", "Organization"],
    );
    const custodian = entryByFullUrl(bundle, c.custodian?.reference) as Organization;
    assert.equal(custodian.name, letter.referrer.facility.name);
    assert.deepEqual(c.event?.[0], {
      code: [{ text: "診療情報提供書発行" }],
      period: { start: "2026-11-20" },
    });
    assert.equal(entryByFullUrl(bundle, c.subject?.reference)?.resourceType, "Patient");
  });

  it("uses the guide's section codes: 920, 910, 300 with the clinical sub-sections, 210, 220", () => {
    const c = composition(bundle);
    assert.deepEqual(
      c.section?.map((s) => s.code?.coding?.[0]?.code),
      ["920", "910", "300", "210", "220"],
    );
    const structured = c.section?.find((s) => s.code?.coding?.[0]?.code === "300");
    assert.deepEqual(
      structured?.section?.map((s) => [s.code?.coding?.[0]?.code, s.title]),
      [
        ["950", "紹介目的"],
        ["340", "傷病名・主訴"],
        ["360", "現病歴"],
        ["370", "既往歴"],
        ["510", "アレルギー・不耐性反応"],
        ["550", "家族歴"],
        ["520", "感染症情報"],
        ["620", "検査結果"],
        ["330", "臨床経過"],
        ["430", "投薬指示"],
      ],
    );
    for (const s of allSections(c.section)) {
      for (const coding of s.code?.coding ?? []) assert.equal(coding.system, SECTION_SYSTEM);
      // The structured section is a container (the guide forbids its text); the others read as text.
      if (s.code?.coding?.[0]?.code !== "300") assert.equal(s.text?.status, "additional");
    }
  });

  it("puts the resources in their sections", () => {
    assert.deepEqual(sectionEntryTypes(bundle, "340"), ["Condition", "Condition", "Condition"]);
    assert.deepEqual(sectionEntryTypes(bundle, "430"), Array<string>(3).fill("MedicationRequest"));
    assert.deepEqual(sectionEntryTypes(bundle, "510"), ["AllergyIntolerance"]);
    assert.deepEqual(sectionEntryTypes(bundle, "620"), ["Observation", "Observation", "Observation"]);
    assert.deepEqual(sectionEntryTypes(bundle, "210"), ["DocumentReference", "DocumentReference"]);
    assert.deepEqual(sectionEntryTypes(bundle, "920"), ["Organization", "Practitioner"]);
    assert.deepEqual(sectionEntryTypes(bundle, "910"), ["Organization", "Practitioner"]);
    assert.deepEqual(sectionEntryTypes(bundle, "950"), ["Encounter"]);
    const referrer = entryByFullUrl(
      bundle,
      sectionByCode(bundle, "920")?.entry?.[0]?.reference,
    ) as Organization;
    const destination = entryByFullUrl(
      bundle,
      sectionByCode(bundle, "910")?.entry?.[0]?.reference,
    ) as Organization;
    assert.equal(referrer.name, "なかがみ内科クリニック");
    assert.equal(destination.name, "県立中部医療センター");
  });

  it("identifies facilities by the 10-digit medical-institution code, with JP Core's code parts", () => {
    const [referrer] = ofType<Organization>(bundle, "Organization");
    assert.deepEqual(referrer?.identifier?.[0], {
      system: "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no",
      value: "4710100012",
    });
    const ext = (suffix: string) => referrer?.extension?.find((e) => e.url.endsWith(suffix));
    assert.equal(ext("JP_Organization_PrefectureNo")?.valueCoding?.code, "47");
    assert.equal(ext("JP_Organization_InsuranceOrganizationCategory")?.valueCoding?.code, "1");
    assert.equal(ext("JP_Organization_InsuranceOrganizationNo")?.valueIdentifier?.value, "0100012");
    assert.equal(ext("JP_eCS_Department")?.valueCodeableConcept?.text, "内科");
  });

  it("gives the Patient kanji and kana names, the regional ID and the local ID", () => {
    const [patient] = ofType<Patient>(bundle, "Patient");
    const [kanji, kana] = kanjiAndKana(patient?.name);
    assert.deepEqual([kanji?.family, kanji?.given, kanji?.text], ["山田", ["花子"], "山田 花子"]);
    assert.deepEqual([kana?.family, kana?.given, kana?.text], ["ヤマダ", ["ハナコ"], "ヤマダ ハナコ"]);
    assert.equal(patient?.gender, "female");
    assert.equal(patient?.birthDate, "1948-03-15");
    assert.deepEqual(patient?.address, [
      { use: "home", text: "沖縄県那覇市おもろまち4-5-6", postalCode: "900-0006", country: "JP" },
    ]);
    assert.deepEqual(patient?.telecom, [{ system: "phone", value: "098-111-2222", use: "home" }]);
    assert.deepEqual(patient?.identifier, [
      { system: "https://okinet.example.jp/fhir/IdSystem/regional-patient-id", value: "OK000000018" },
      { system: "urn:oid:1.2.392.100495.20.3.51.14710100012", value: "K-0042" },
    ]);
    const withoutLocal = referralLetterBundle(
      sampleReferralLetter({ patient: { ...letter.patient, localId: null } }),
    );
    assert.equal(ofType<Patient>(withoutLocal, "Patient")[0]?.identifier?.length, 1);
  });

  it("codes diagnoses in ICD-10, suspected ones as provisional", () => {
    const conditions = ofType<Condition>(bundle, "Condition");
    assert.deepEqual(
      conditions.map((c) => [
        c.code?.text,
        c.code?.coding?.[0]?.system,
        c.code?.coding?.[0]?.code,
        c.verificationStatus?.coding?.[0]?.code,
      ]),
      [
        ["脳梗塞疑い", "http://hl7.org/fhir/sid/icd-10", "I63.9", "provisional"],
        ["高血圧症", "http://hl7.org/fhir/sid/icd-10", "I10", "confirmed"],
        ["２型糖尿病", "http://hl7.org/fhir/sid/icd-10", "E11.9", "confirmed"],
      ],
    );
    const uncoded = referralLetterBundle(
      sampleReferralLetter({ content: ReferralLetterContent.parse({ diagnoses: [{ name: "めまい症" }] }) }),
    );
    assert.deepEqual(ofType<Condition>(uncoded, "Condition")[0]?.code, { text: "めまい症" });
  });

  it("gives each medicine its dosage as written", () => {
    assert.deepEqual(
      ofType<MedicationRequest>(bundle, "MedicationRequest").map((m) => [
        m.medicationCodeableConcept?.text,
        m.dosageInstruction?.[0]?.text,
      ]),
      letter.content.medications.map((m) => [m.name, m.dosage]),
    );
  });

  it("gives test results a Quantity when numeric with a unit, the text otherwise, and the day observed", () => {
    assert.deepEqual(
      ofType<Observation>(bundle, "Observation").map((o) => [
        o.code.text,
        o.valueQuantity,
        o.effectiveDateTime,
      ]),
      [
        ["HbA1c", { value: 7.2, unit: "%" }, "2026-11-19"],
        ["LDLコレステロール", { value: 142, unit: "mg/dL" }, "2026-11-19"],
        ["eGFR", { value: 58, unit: "mL/min/1.73m2" }, "2026-11-19"],
      ],
    );
    const mixed = referralLetterBundle(
      sampleReferralLetter({
        content: ReferralLetterContent.parse({
          testResults: [
            { name: "HBs抗原", value: "陰性" },
            { name: "CRP", value: "<0.1", unit: "mg/dL", observedOn: "2026-11-18" },
            { name: "NIHSS", value: "4" },
          ],
        }),
      }),
    );
    assertValid(mixed);
    assert.deepEqual(
      ofType<Observation>(mixed, "Observation").map((o) => [
        o.valueString,
        o.valueQuantity,
        o.effectiveDateTime,
      ]),
      [
        ["陰性", undefined, undefined],
        ["<0.1 mg/dL", undefined, "2026-11-18"],
        ["4", undefined, undefined],
      ],
    );
  });

  it("references attachments by fetch URL, type and size, naming the SHA-256 in an ni URI (no SHA-1 hash)", () => {
    const docs = ofType<DocumentReference>(bundle, "DocumentReference");
    assert.equal(docs.length, letter.attachments.length);
    letter.attachments.forEach((a, i) => {
      const attachment = docs[i]?.content[0]?.attachment;
      assert.equal(
        attachment?.hash,
        undefined,
        "Attachment.hash is SHA-1 by definition; we hold SHA-256 only",
      );
      assert.deepEqual(attachment, {
        contentType: a.mediaType,
        url: `/api/referrals/${letter.referralId}/attachments/${a.id}`,
        size: a.byteSize,
        title: a.fileName,
        creation: docs[i]?.date,
      });
      const ni = docs[i]?.identifier?.find((id) => id.system === "urn:ietf:rfc:3986")?.value;
      assert.equal(ni, `ni:///sha-256;${Buffer.from(a.sha256, "hex").toString("base64url")}`);
    });
    // The sample's first digest is SHA-256("test"): the ni URI decodes back to it.
    const first = docs[0]?.identifier?.find((id) => id.system === "urn:ietf:rfc:3986")?.value ?? "";
    assert.equal(
      Buffer.from(first.replace("ni:///sha-256;", ""), "base64url").toString("hex"),
      createHash("sha256").update("test").digest("hex"),
    );
  });

  it("exports the same letter identically, and another letter with other fullUrls", () => {
    const again = referralLetterBundle(sampleReferralLetter());
    assert.deepEqual(again, bundle);
    assert.equal(JSON.stringify(again), JSON.stringify(bundle));
    const other = referralLetterBundle(
      sampleReferralLetter({ referralId: "9a8b7c6d-0000-4000-8000-000000000009" }),
    );
    const urls = new Set(bundle.entry?.map((e) => e.fullUrl));
    assert.ok(
      other.entry?.every((e) => !urls.has(e.fullUrl)),
      "no fullUrl shared with another letter",
    );
  });

  it("escapes names and text in every narrative: a patient named <script> stays text", () => {
    const markup = "<script>alert(1)</script>";
    const hostile = referralLetterBundle(
      sampleReferralLetter({
        patient: { ...letter.patient, familyName: markup },
        destination: {
          ...letter.destination,
          practitioner: { ...letter.destination.practitioner!, familyName: markup },
        },
        content: ReferralLetterContent.parse({ ...letter.content, remarks: `${markup} & "quotes"\n2行目` }),
      }),
    );
    assertValid(hostile);
    assertNarrativesSafe(hostile, markup, 10);
    const [kanji] = kanjiAndKana(ofType<Patient>(hostile, "Patient")[0]?.name);
    assert.equal(kanji?.family, markup, "data elements keep the value as given; only narratives are markup");
    assert.ok(sectionByCode(hostile, "220")?.text?.div.includes("&amp; &quot;quotes&quot;<br/>2行目"));
  });

  it("writes well-formed narratives for the sample letter, 𠮷 (outside the BMP) included", () => {
    const divs = assertWellFormedNarratives(bundle, 10);
    assert.ok(divs.some((d) => d.includes("𠮷田 真理子")));
    assert.ok(
      divs.some((d) => d.includes("<br/>2日目")),
      "line breaks in the course of treatment are kept",
    );
  });

  it("says 'no known allergies' the guide's way: emptyReason nilknown and no AllergyIntolerance", () => {
    const nka = referralLetterBundle(
      sampleReferralLetter({
        content: ReferralLetterContent.parse({ ...letter.content, allergies: [], noKnownAllergies: true }),
      }),
    );
    assertValid(nka);
    assert.equal(ofType<AllergyIntolerance>(nka, "AllergyIntolerance").length, 0);
    const section = sectionByCode(nka, "510");
    assert.deepEqual(section?.emptyReason?.coding, [
      {
        system: "http://terminology.hl7.org/CodeSystem/list-empty-reason",
        code: "nilknown",
        display: "Nil Known",
      },
    ]);
    assert.equal(section?.entry, undefined);
    assert.match(section?.text?.div ?? "", /アレルギー・不耐性反応なし/);
  });

  it("leaves the allergy section out when allergies were neither listed nor denied", () => {
    const unknown = referralLetterBundle(
      sampleReferralLetter({
        content: ReferralLetterContent.parse({ ...letter.content, allergies: [], noKnownAllergies: false }),
      }),
    );
    assert.equal(sectionByCode(unknown, "510"), undefined);
    assert.equal(ofType<AllergyIntolerance>(unknown, "AllergyIntolerance").length, 0);
  });

  it("records the purpose and urgency on the planned visit at the destination", () => {
    const [visit] = ofType<Encounter>(bundle, "Encounter");
    assert.equal(visit?.status, "planned");
    assert.equal(visit?.reasonCode?.[0]?.text, letter.content.purpose);
    assert.equal(visit?.priority?.coding?.[0]?.code, "UR");
    assert.equal(
      (entryByFullUrl(bundle, visit?.serviceProvider?.reference) as Organization).name,
      "県立中部医療センター",
    );
    assert.deepEqual(visit?.basedOn, [
      {
        type: "ServiceRequest",
        identifier: {
          system: "https://okinet.example.jp/fhir/IdSystem/referral-id",
          value: letter.referralId,
        },
      },
    ]);
  });

  it("exports a bare draft: preliminary, no profile claimed, required sections marked as not written", () => {
    const draft = referralLetterBundle(
      sampleReferralLetter({
        draft: true,
        destination: { ...letter.destination, practitioner: null },
        requestedBy: null,
        content: ReferralLetterContent.parse({}),
        attachments: [],
      }),
    );
    assertValid(draft);
    assertDocumentShape(draft);
    assertReferencesResolve(draft);
    assert.equal(composition(draft).status, "preliminary");
    assert.equal(draft.meta?.profile, undefined);
    assert.equal(composition(draft).meta?.profile, undefined);
    assert.deepEqual(
      allSections(composition(draft).section).map((s) => [
        s.code?.coding?.[0]?.code,
        s.emptyReason?.coding?.[0]?.code,
      ]),
      [
        ["920", undefined],
        ["910", undefined],
        ["300", undefined],
        ["950", undefined],
        ["340", "unavailable"],
        ["360", "unavailable"],
      ],
    );
    assert.deepEqual(sectionEntryTypes(draft, "910"), ["Organization"]);
  });
});

describe("referral reply as a FHIR document", () => {
  const reply = sampleReferralReply();
  const bundle = referralReplyBundle(reply);

  it("passes FHIR R4 validation, as a Bundle and entry by entry", () => {
    assertValid(bundle);
  });

  it("is a document Bundle with the hospital's document identifier and no eReferral profile claim", () => {
    assertDocumentShape(bundle);
    assert.equal(bundle.identifier?.system, "http://jpfhir.jp/fhir/clins/bundle-identifier");
    assert.equal(bundle.identifier?.value, "4710200021^2026^2026-000456");
    assert.match(bundle.identifier?.value ?? "", NATIONAL_DOCUMENT_ID);
    assert.equal(bundle.meta?.profile, undefined);
    assert.equal(composition(bundle).meta?.profile, undefined);
  });

  it("is typed LOINC 11488-4 Consult note and titled 診療情報提供書（返書）", () => {
    const c = composition(bundle);
    assert.deepEqual(c.type.coding, [
      { system: "http://loinc.org", code: "11488-4", display: "Consult note" },
    ]);
    assert.equal(c.title, "診療情報提供書（返書）");
    assert.equal(c.status, "final");
    assert.equal(
      (entryByFullUrl(bundle, c.custodian?.reference) as Organization).name,
      "県立中部医療センター",
    );
    assert.deepEqual(
      c.author.map((a) => entryByFullUrl(bundle, a.reference)?.resourceType),
      ["Practitioner", "Organization"],
    );
  });

  it("resolves every reference to an entry of the declared type, and references every entry", () => {
    assertReferencesResolve(bundle);
  });

  it("puts the resources in their sections: hospital in 910, referrer in 920, diagnoses, medicines", () => {
    assert.deepEqual(
      composition(bundle).section?.map((s) => s.code?.coding?.[0]?.code),
      ["910", "920", "300", "220"],
    );
    assert.deepEqual(sectionEntryTypes(bundle, "340"), ["Condition"]);
    assert.deepEqual(sectionEntryTypes(bundle, "430"), ["MedicationRequest"]);
    assert.equal(
      (entryByFullUrl(bundle, sectionByCode(bundle, "910")?.entry?.[0]?.reference) as Organization).name,
      "県立中部医療センター",
    );
    assert.equal(
      (entryByFullUrl(bundle, sectionByCode(bundle, "920")?.entry?.[0]?.reference) as Organization).name,
      "なかがみ内科クリニック",
    );
    assert.match(sectionByCode(bundle, "330")?.text?.div ?? "", /2026-11-21/);
    assert.match(sectionByCode(bundle, "420")?.text?.div ?? "", /当科にて継続して診療いたします/);
    assert.match(sectionByCode(bundle, "220")?.text?.div ?? "", /2026年11月20日付けでご紹介いただいた/);
  });

  it("ties the diagnoses to the visit, which is based on the referral", () => {
    const [visit] = ofType<Encounter>(bundle, "Encounter");
    assert.equal(visit?.status, "finished");
    assert.deepEqual(visit?.period, { start: "2026-11-21" });
    const visitUrl = fullUrlOf(bundle, visit);
    assert.equal(composition(bundle).encounter?.reference, visitUrl);
    const [condition] = ofType<Condition>(bundle, "Condition");
    assert.equal(condition?.encounter?.reference, visitUrl);
    assert.equal(condition?.category?.[0]?.coding?.[0]?.code, "encounter-diagnosis");
    assert.equal(visit?.basedOn?.[0]?.identifier?.value, reply.referralId);
  });

  it("gives the Patient kanji and kana names and the hospital's local ID", () => {
    const [patient] = ofType<Patient>(bundle, "Patient");
    const [kanji, kana] = kanjiAndKana(patient?.name);
    assert.equal(kanji?.text, "山田 花子");
    assert.equal(kana?.text, "ヤマダ ハナコ");
    assert.deepEqual(patient?.identifier?.[1], {
      system: "urn:oid:1.2.392.100495.20.3.51.14710200021",
      value: "K-0042",
    });
  });

  it("exports the same reply identically", () => {
    assert.deepEqual(referralReplyBundle(sampleReferralReply()), bundle);
    assert.equal(JSON.stringify(referralReplyBundle(sampleReferralReply())), JSON.stringify(bundle));
  });

  it("escapes names and text in every narrative", () => {
    const markup = "<img src=x onerror=alert(1)>";
    const hostile = referralReplyBundle(
      sampleReferralReply({
        author: { ...reply.author, practitioner: { ...reply.author.practitioner, familyName: markup } },
        patient: { ...reply.patient, familyName: markup },
      }),
    );
    assertValid(hostile);
    assertNarrativesSafe(hostile, markup, 5);
  });

  it("exports a draft reply without a visit date as preliminary", () => {
    const draft = referralReplyBundle(
      sampleReferralReply({
        draft: true,
        content: { ...reply.content, visitedOn: undefined, diagnoses: [], medications: [] },
      }),
    );
    assertValid(draft);
    assertReferencesResolve(draft);
    assert.equal(composition(draft).status, "preliminary");
    assert.equal(ofType<Encounter>(draft, "Encounter")[0]?.status, "unknown");
    assert.equal(sectionByCode(draft, "340")?.emptyReason?.coding?.[0]?.code, "unavailable");
    assert.equal(sectionByCode(draft, "430"), undefined);
  });
});
