import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DiagnosticReport, ImagingStudy, Media, ServiceRequest } from "@medplum/fhirtypes";
import { readingReportBundle } from "../../server/documents/fhir/reading-report-bundle";
import type { ReadingReportDocument } from "../../server/model/documents";
import {
  assertDocumentShape,
  assertNarrativesSafe,
  assertReferencesResolve,
  assertValid,
  composition,
  ofType,
} from "../helpers/fhir-document-checks";
import { sampleReferralLetter } from "../helpers/referral-documents";

/** A reading report built from the sample letter's parties: the clinic asked, the hospital read. */
function sampleReadingReport(over: Partial<ReadingReportDocument> = {}): ReadingReportDocument {
  const letter = sampleReferralLetter();
  return {
    readingId: "7b0c8a52-1e3d-4f6a-9b2c-5d4e3f2a1b0c",
    version: 1,
    signedAt: "2026-12-02T06:15:00.000Z",
    firstSignedAt: "2026-12-02T06:15:00.000Z",
    amendment: null,
    request: {
      facility: letter.referrer.facility,
      practitioner: letter.referrer.practitioner,
      requestedAt: "2026-12-01T00:30:00.000Z",
      urgency: "emergency",
      clinicalQuestion: "右上葉の結節影について悪性の可能性をご評価ください。",
      relevantHistory: "喫煙歴 40本/日×30年。",
    },
    reader: { facility: letter.destination.facility, practitioner: letter.destination.practitioner! },
    study: {
      studyUid: "1.2.826.0.1.3680043.8.498.4242",
      facility: letter.destination.facility,
      date: "2026-11-30",
      modalities: ["CT"],
      description: "胸部CT 単純",
    },
    patient: letter.patient,
    content: {
      findings: "右上葉S2に 12mm の分葉状結節。<script>alert(1)</script> & 縦隔リンパ節腫大なし。",
      impression: "原発性肺癌（腺癌）疑い",
      recommendations: "造影CTおよびPET-CTを推奨します。",
    },
    keyImages: [],
    ...over,
  };
}

describe("reading report as a FHIR document Bundle", () => {
  it("is a valid R4 document: Composition first, every reference resolving, no claimed profile", () => {
    const bundle = readingReportBundle(sampleReadingReport());
    assertDocumentShape(bundle);
    assertValid(bundle);
    assertReferencesResolve(bundle);
    assert.equal(bundle.meta?.profile, undefined);
    assert.match(bundle.identifier?.value ?? "", /\^2026\^7b0c8a52-1e3d-4f6a-9b2c-5d4e3f2a1b0c$/);
  });

  it("holds the DiagnosticReport (impression as conclusion), the ImagingStudy by its UID and the request", () => {
    const bundle = readingReportBundle(sampleReadingReport());
    const [report] = ofType<DiagnosticReport>(bundle, "DiagnosticReport");
    assert.equal(report!.status, "final");
    assert.equal(report!.code.coding?.[0]?.code, "18748-4");
    assert.equal(report!.conclusion, "原発性肺癌（腺癌）疑い");
    const [study] = ofType<ImagingStudy>(bundle, "ImagingStudy");
    assert.equal(study!.identifier?.[0]?.system, "urn:dicom:uid");
    assert.equal(study!.identifier?.[0]?.value, "urn:oid:1.2.826.0.1.3680043.8.498.4242");
    assert.deepEqual(
      study!.modality?.map((m) => m.code),
      ["CT"],
    );
    const [order] = ofType<ServiceRequest>(bundle, "ServiceRequest");
    assert.equal(order!.priority, "stat", "緊急 is stat");
    assert.equal(order!.reasonCode?.[0]?.text, "右上葉の結節影について悪性の可能性をご評価ください。");
    assert.deepEqual(
      composition(bundle).section?.map((s) => s.code?.coding?.[0]?.code),
      ["18785-6", "18782-3", "19005-8", "18783-1"],
    );
  });

  it("escapes what the radiologist typed in every narrative", () => {
    assertNarrativesSafe(readingReportBundle(sampleReadingReport()), "<script>alert(1)</script>", 3);
  });

  it("marks an amendment: its own fullUrls, status amended, the version and the reason in the impression section", () => {
    const first = readingReportBundle(sampleReadingReport());
    const second = readingReportBundle(
      sampleReadingReport({
        version: 2,
        signedAt: "2026-12-03T01:00:00.000Z",
        amendment: {
          note: "微小結節の追記",
          replacesVersion: 1,
          replacesSignedAt: "2026-12-02T06:15:00.000Z",
        },
      }),
    );
    assertValid(second);
    assert.equal(ofType<DiagnosticReport>(second, "DiagnosticReport")[0]!.status, "amended");
    assert.equal(
      second.identifier?.value,
      first.identifier?.value,
      "one document identifier across versions",
    );
    assert.notEqual(second.entry?.[0]?.fullUrl, first.entry?.[0]?.fullUrl);
    const impression = composition(second).section?.find((s) => s.code?.coding?.[0]?.code === "19005-8");
    assert.match(impression?.text?.div ?? "", /微小結節の追記/);
  });

  it("lists the key images as Media of the study (instance UID, frame, window), linked from the DiagnosticReport, still valid", () => {
    const keyImage = {
      seriesUid: "1.2.826.0.1.3680043.8.498.4242.1",
      instanceUid: "1.2.826.0.1.3680043.8.498.4242.1.7",
      frame: 3,
      windowCenter: -600,
      windowWidth: 1500,
      note: "結節 <b>12mm</b>",
      picture: null,
    };
    const bundle = readingReportBundle(
      sampleReadingReport({ keyImages: [keyImage, { ...keyImage, note: "" }] }),
    );
    assertDocumentShape(bundle);
    assertValid(bundle);
    assertReferencesResolve(bundle);
    assertNarrativesSafe(bundle, "<b>12mm</b>", 3);
    const [report] = ofType<DiagnosticReport>(bundle, "DiagnosticReport");
    const [study] = ofType<ImagingStudy>(bundle, "ImagingStudy");
    const media = ofType<Media>(bundle, "Media");
    assert.equal(media.length, 2);
    assert.deepEqual(
      report!.media?.map((m) => [m.link.reference, m.comment]),
      bundle
        .entry!.filter((e) => e.resource?.resourceType === "Media")
        .map((e, i) => [e.fullUrl, i === 0 ? "結節 <b>12mm</b>" : undefined]),
    );
    assert.equal(media[0]!.identifier?.[0]?.value, "urn:oid:1.2.826.0.1.3680043.8.498.4242.1.7");
    assert.equal(media[0]!.frames, 3);
    assert.equal(media[0]!.content.title, "キー画像1（フレーム3・WW 1500 / WL -600）");
    const studyUrl = bundle.entry!.find((e) => e.resource === study)!.fullUrl;
    assert.ok(media.every((m) => m.partOf?.[0]?.reference === studyUrl));
  });
});
