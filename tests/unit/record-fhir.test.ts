import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  RecordParseError,
  entriesOf,
  parseSearchBundle,
  patientIdsOf,
  plainText,
  recordKindsHeldBy,
  timeOf,
} from "../../server/domain/records/fhir-resources";
import { demoRecords, fhirPatientId, fhirResource } from "../../server/demo/records/synthetic-records";

const BASE = "https://emr.hospital.example/fhir";

const bundle = (...resources: unknown[]) => ({
  resourceType: "Bundle",
  type: "searchset",
  entry: resources.map((resource) => ({ resource, search: { mode: "match" } })),
});

const doc = (over: Record<string, unknown> = {}) => ({
  resourceType: "DocumentReference",
  id: "d1",
  status: "current",
  date: "2025-03-30T14:00:00+09:00",
  type: { text: "退院時サマリ" },
  content: [
    { attachment: { contentType: "application/pdf", url: "Binary/1", title: "summary.pdf", size: 1234 } },
  ],
  ...over,
});

describe("shared records: reading a facility's FHIR search answers", () => {
  it("takes only searchset Bundles, and only their matches", () => {
    const { matches, hasMore } = parseSearchBundle({
      ...bundle(doc()),
      entry: [
        { resource: doc(), search: { mode: "match" } },
        { resource: { resourceType: "OperationOutcome" }, search: { mode: "outcome" } },
        { resource: { resourceType: "Patient", id: "p" }, search: { mode: "include" } },
        { resource: doc({ id: "d2" }) },
      ],
      link: [{ relation: "next", url: `${BASE}/DocumentReference?page=2` }],
    });
    assert.equal(matches.length, 2);
    assert.equal(hasMore, true);
    for (const wrong of [
      { resourceType: "OperationOutcome", issue: [] },
      { resourceType: "Bundle", type: "collection", entry: [] },
      { resourceType: "Bundle" },
      [],
      "Bundle",
      null,
    ]) {
      assert.throws(() => parseSearchBundle(wrong), RecordParseError, JSON.stringify(wrong));
    }
    assert.throws(
      () => parseSearchBundle({ resourceType: "Observation" }),
      /expected a Bundle, got Observation/,
    );
  });

  it("finds the Patient ids of an identifier search, ignoring anything that is not a Patient", () => {
    assert.deepEqual(
      patientIdsOf(bundle({ resourceType: "Patient", id: "p-1" }, { resourceType: "Practitioner", id: "x" })),
      ["p-1"],
    );
    assert.deepEqual(patientIdsOf(bundle({ resourceType: "Patient", id: "bad id/../" })), []);
  });

  it("reads the four kinds into timeline entries with their dates, titles and attachments", () => {
    const { entries, skipped } = entriesOf("document", bundle(doc()), BASE);
    assert.equal(skipped, 0);
    assert.deepEqual(entries, [
      {
        ref: "DocumentReference/d1",
        kind: "document",
        date: "2025-03-30T14:00:00+09:00",
        time: Date.parse("2025-03-30T05:00:00Z"),
        title: "退院時サマリ",
        detail: "",
        status: "current",
        attachments: [
          {
            title: "summary.pdf",
            contentType: "application/pdf",
            size: 1234,
            url: `${BASE}/Binary/1`,
          },
        ],
      },
    ]);

    const report = entriesOf(
      "report",
      bundle({
        resourceType: "DiagnosticReport",
        id: "r1",
        status: "final",
        code: { coding: [{ display: "血液検査" }] },
        effectivePeriod: { start: "2025-02-01" },
        conclusion: "HbA1c 6.8%",
      }),
      BASE,
    ).entries[0]!;
    assert.deepEqual([report.title, report.detail, report.date], ["血液検査", "HbA1c 6.8%", "2025-02-01"]);

    const study = entriesOf(
      "imaging",
      bundle({
        resourceType: "ImagingStudy",
        id: "s1",
        status: "available",
        started: "2025-01-10T09:00:00+09:00",
        modality: [{ code: "MR" }],
        numberOfInstances: 120,
        contained: [
          { resourceType: "Endpoint", id: "e", address: "Binary/img-1", payloadMimeType: ["image/png"] },
          { resourceType: "Endpoint", id: "far", address: "https://pacs.elsewhere.example/wado" },
        ],
        endpoint: [{ reference: "#e" }, { reference: "#far" }, { reference: "Endpoint/123" }],
      }),
      BASE,
    );
    assert.equal(study.entries[0]!.title, "MR");
    assert.equal(study.entries[0]!.detail, "MR / 120");
    assert.deepEqual(
      study.entries[0]!.attachments.map((a) => [a.url, a.contentType]),
      [[`${BASE}/Binary/img-1`, "image/png"]],
    );
    assert.equal(study.skipped, 2, "an endpoint elsewhere and one not contained are not followed");

    const visit = entriesOf(
      "encounter",
      bundle({
        resourceType: "Encounter",
        id: "e1",
        status: "finished",
        class: { code: "AMB", display: "ambulatory" },
        type: [{ text: "外来受診（内科）" }],
        period: { start: "2025-04-01T10:00:00+09:00" },
        reasonCode: [{ text: "高血圧症" }],
      }),
      BASE,
    ).entries[0]!;
    assert.deepEqual([visit.title, visit.detail], ["外来受診（内科）", "高血圧症"]);
  });

  it("skips and counts a match of the wrong type or invalid where the timeline reads it", () => {
    const { entries, skipped } = entriesOf(
      "document",
      bundle(
        doc(),
        { resourceType: "Observation", id: "o1", status: "final" },
        doc({ id: "no-content", content: [] }),
        doc({ id: "bad-date", date: "yesterday" }),
        doc({ id: "bad-status", status: "<b>" }),
        doc({ id: "../../x" }),
        doc({ id: "size", content: [{ attachment: { url: "Binary/2", size: -5 } }] }),
        "just a string",
      ),
      BASE,
    );
    assert.deepEqual(
      entries.map((e) => e.ref),
      ["DocumentReference/d1"],
    );
    assert.equal(skipped, 7);
  });

  it("keeps text as plain text: markup stays visible characters, controls and bidi overrides go, length is capped", () => {
    const markup = `<img src=x onerror="alert(1)">退院時サマリ`;
    const { entries } = entriesOf("document", bundle(doc({ description: markup })), BASE);
    assert.equal(entries[0]!.title, markup);
    assert.equal(plainText("a\u0000b\u202ec\u200bd\n\n e"), "abcd e");
    const long = plainText("あ".repeat(1000));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith("…"), long.slice(-5));
  });

  it("offers only attachments under the facility's FHIR base", () => {
    const { entries, skipped } = entriesOf(
      "document",
      bundle(
        doc({
          content: [
            { attachment: { url: "Binary/ok" } },
            { attachment: { url: `${BASE}/Binary/abs` } },
            { attachment: { url: "https://evil.example/fhir/Binary/1" } },
            { attachment: { url: "../admin/Binary/1" } },
            { attachment: { url: "javascript:alert(1)" } },
            { attachment: { url: "file:///etc/passwd" } },
            { attachment: { data: "AAAA" } },
          ],
        }),
      ),
      BASE,
    );
    assert.deepEqual(
      entries[0]!.attachments.map((a) => a.url),
      [`${BASE}/Binary/ok`, `${BASE}/Binary/abs`],
    );
    assert.equal(entries[0]!.attachments[0]!.contentType, "application/octet-stream");
    assert.equal(skipped, 5);
  });

  it("sorts FHIR dates of any precision", () => {
    assert.equal(timeOf("2025"), Date.parse("2025-01-01"));
    assert.equal(timeOf("2025-03"), Date.parse("2025-03-01"));
    assert.equal(timeOf("2025-03-04T10:00:00+09:00"), Date.parse("2025-03-04T01:00:00Z"));
    assert.equal(timeOf(undefined), null);
  });

  it("reads every record the demo record server makes", () => {
    const records = demoRecords("0610000001", "0001234");
    assert.ok(records.length >= 8, `${records.length} records`);
    assert.deepEqual(demoRecords("0610000001", "0001234"), records, "the same every time");
    assert.notDeepEqual(demoRecords("0610000002", "0001234"), records, "another hospital, other records");
    const patient = `Patient/${fhirPatientId("0001234")}`;
    for (const kind of ["document", "report", "imaging", "encounter", "prescription"] as const) {
      const mine = records.filter((r) => r.kind === kind);
      assert.ok(mine.length > 0, kind);
      const read = entriesOf(kind, bundle(...mine.map((r) => fhirResource(r, patient))), BASE);
      assert.equal(read.skipped, 0, kind);
      assert.deepEqual(
        read.entries.map((e) => e.title),
        mine.map((r) => (r.kind === "document" && r.detail ? `${r.title}（${r.detail}）` : r.title)),
      );
    }
  });

  const dispense = (over: Record<string, unknown> = {}) => ({
    resourceType: "MedicationDispense",
    id: "md1",
    status: "completed",
    medicationCodeableConcept: {
      coding: [{ system: "urn:oid:1.2.392.100495.20.2.74", code: "2171022F1", display: "アムロジピン錠5mg" }],
    },
    quantity: { value: 28, unit: "錠" },
    daysSupply: { value: 28, unit: "日" },
    whenPrepared: "2026-03-02T10:00:00+09:00",
    whenHandedOver: "2026-03-02T10:30:00+09:00",
    dosageInstruction: [{ text: "1日1回 朝食後" }],
    authorizingPrescription: [
      { reference: "MedicationRequest/rx-9", display: "院外処方箋（2026-03-01 交付）" },
    ],
    ...over,
  });
  const prescription = (over: Record<string, unknown> = {}) => ({
    resourceType: "MedicationRequest",
    id: "rx1",
    status: "active",
    intent: "order",
    medicationCodeableConcept: { text: "メトホルミン塩酸塩錠250mg" },
    authoredOn: "2026-03-01",
    dosageInstruction: [{ text: "1日2回" }, { text: "朝夕食後" }],
    dispenseRequest: {
      quantity: { value: 56, unit: "錠" },
      expectedSupplyDuration: { value: 28, unit: "日" },
    },
    ...over,
  });

  it("reads a dispensing result (調剤結果): the drug, quantity, days' supply, when handed over, the prescription it fills", () => {
    const { entries, skipped } = entriesOf("dispensing", bundle(dispense()), BASE);
    assert.equal(skipped, 0);
    assert.deepEqual(entries, [
      {
        ref: "MedicationDispense/md1",
        kind: "dispensing",
        date: "2026-03-02T10:30:00+09:00",
        time: Date.parse("2026-03-02T01:30:00Z"),
        title: "アムロジピン錠5mg",
        detail: "",
        status: "completed",
        attachments: [],
        medication: {
          quantity: "28 錠",
          days: 28,
          dosage: "1日1回 朝食後",
          prescription: "院外処方箋（2026-03-01 交付）",
        },
      },
    ]);
    // prepared but not yet handed over: dated when prepared; no prescription named, none shown
    const prepared = entriesOf(
      "dispensing",
      bundle(
        dispense({
          whenHandedOver: undefined,
          authorizingPrescription: [{ reference: "MedicationRequest/x" }],
        }),
      ),
      BASE,
    ).entries[0]!;
    assert.equal(prepared.date, "2026-03-02T10:00:00+09:00");
    assert.equal(prepared.medication?.prescription, "");
  });

  it("reads a prescription (MedicationRequest) with its quantity, days and dosage", () => {
    const [entry] = entriesOf("prescription", bundle(prescription()), BASE).entries;
    assert.equal(entry?.kind, "prescription");
    assert.equal(entry?.title, "メトホルミン塩酸塩錠250mg");
    assert.equal(entry?.time, Date.parse("2026-03-01"));
    assert.deepEqual(entry?.medication, {
      quantity: "56 錠",
      days: 28,
      dosage: "1日2回、朝夕食後",
      prescription: "",
    });
  });

  it("skips and counts a dispensing or prescription it cannot read, and one entered in error", () => {
    const { entries, skipped } = entriesOf(
      "dispensing",
      bundle(
        dispense({ id: "ok" }),
        dispense({ id: "no-drug", medicationCodeableConcept: { text: "  " } }),
        dispense({
          id: "by-reference",
          medicationCodeableConcept: undefined,
          medicationReference: { reference: "Medication/1" },
        }),
        dispense({ id: "bad-date", whenHandedOver: "2026-13-40" }),
        dispense({ id: "bad-quantity", quantity: { value: -1 } }),
        dispense({ id: "bad-status", status: "dispensed" }),
        dispense({ id: "in-error", status: "entered-in-error" }),
        dispense({ id: "bad id!" }),
        prescription({ id: "a-prescription" }),
      ),
      BASE,
    );
    assert.deepEqual(
      entries.map((e) => e.ref),
      ["MedicationDispense/ok"],
    );
    assert.equal(skipped, 8);
    const rx = entriesOf(
      "prescription",
      bundle(
        prescription({ id: "ok" }),
        prescription({ id: "in-error", status: "entered-in-error" }),
        dispense(),
      ),
      BASE,
    );
    assert.deepEqual([rx.entries.length, rx.skipped], [1, 2]);
  });

  it("keeps a pharmacy's text plain: markup visible, controls gone", () => {
    const [entry] = entriesOf(
      "dispensing",
      bundle(
        dispense({
          medicationCodeableConcept: { text: "<b>薬</b>\u202e錠" },
          dosageInstruction: [{ text: "<script>x</script>" }],
        }),
      ),
      BASE,
    ).entries;
    assert.equal(entry?.title, "<b>薬</b>錠");
    assert.equal(entry?.medication?.dosage, "<script>x</script>");
  });

  it("asks a pharmacy for its dispensing results only, and a hospital or clinic for everything else", () => {
    assert.deepEqual(recordKindsHeldBy("pharmacy"), ["dispensing"]);
    for (const kind of ["hospital", "medical_clinic"])
      assert.deepEqual(recordKindsHeldBy(kind), [
        "document",
        "report",
        "imaging",
        "encounter",
        "prescription",
      ]);
  });

  it("reads every dispensing the demo pharmacy makes, newest first, each naming the prescription it fills", () => {
    const records = demoRecords("0640000001", "P000001");
    assert.ok(
      records.length >= 6 && records.every((r) => r.kind === "dispensing"),
      `${records.length} records`,
    );
    assert.deepEqual(demoRecords("0640000001", "P000001"), records, "the same every time");
    const patient = `Patient/${fhirPatientId("P000001")}`;
    const read = entriesOf("dispensing", bundle(...records.map((r) => fhirResource(r, patient))), BASE);
    assert.equal(read.skipped, 0);
    assert.deepEqual(
      read.entries.map((e) => e.title),
      records.map((r) => r.title),
    );
    assert.ok(read.entries.every((e) => /^院外処方箋/.test(e.medication?.prescription ?? "")));
  });
});
