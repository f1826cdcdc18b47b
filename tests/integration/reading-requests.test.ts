import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DiagnosticReport, ImagingStudy } from "@medplum/fhirtypes";
import { eq, sql } from "drizzle-orm";
import {
  auditEvents,
  facilities,
  notifications,
  readingReportVersions,
  readingRequests,
} from "../../server/db/schema";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { checkImagingAccess } from "../../server/domain/images/open-imaging-study";
import { signStudy } from "../../server/domain/images/imaging-sources";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { acceptReading } from "../../server/domain/readings/accept-reading";
import { acknowledgeReadingReport } from "../../server/domain/readings/acknowledge-reading-report";
import { cancelReading } from "../../server/domain/readings/cancel-reading";
import { declineReading } from "../../server/domain/readings/decline-reading";
import { getReading } from "../../server/domain/readings/get-reading";
import { listReadings, readingDayCounts } from "../../server/domain/readings/list-readings";
import { listReadingFacilityOptions } from "../../server/domain/readings/reading-facilities";
import { readingReportDocument } from "../../server/domain/readings/reading-documents";
import { requestReading } from "../../server/domain/readings/request-reading";
import { saveReadingDraft } from "../../server/domain/readings/save-reading-draft";
import { signReadingReport } from "../../server/domain/readings/sign-reading-report";
import { readingReportBundle } from "../../server/documents/fhir/reading-report-bundle";
import { renderReadingReportPdf } from "../../server/documents/pdf/reading-report-pdf";
import {
  assertDocumentShape,
  assertReferencesResolve,
  assertValid,
  ofType,
} from "../helpers/fhir-document-checks";
import { PdfFile, assertNotoSansJpSubsets, assertVisibleGlyphsInked, squeeze } from "../helpers/pdf";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { auditedRead } from "../helpers/audit";
import { actor, createNetwork, tinyPdf, type Network } from "../helpers/fixtures";

process.env.AUTH_SECRET ??= "reading-test-secret-0123456789abcdef0123";

const STUDY_UID = "1.2.826.0.1.3680043.8.498.4242";

for (const backend of BACKENDS) {
  describe(`reading requests: a clinic asks a hospital to read a study, inside consent (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let farHospital: string;
    let readingId: string;
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;

    const gp = () => actor(n, "clinic.gp");
    const doctor = () => actor(n, "hosp.doctor");
    const request = (over: Record<string, unknown> = {}) => ({
      patientId: n.patients.shared,
      readingFacilityId: n.facilities.hospital,
      clinicalQuestion: "胸部CTで右上葉に結節影。悪性の可能性について読影をお願いします。",
      relevantHistory: "喫煙歴 40本/日×30年。",
      urgency: "urgent",
      study: {
        facilityId: n.facilities.hospital,
        studyUid: STUDY_UID,
        sig: signStudy(n.patients.shared, n.facilities.hospital, STUDY_UID),
        label: { date: "2026-11-30", modalities: ["CT"], description: "胸部CT 単純" },
      },
      ...over,
    });
    const rows = async () => (await t.db.select().from(readingRequests)).length;
    const audits = (action: string) =>
      t.db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(auditEvents.seq);
    const current = async () => (await getReading(t.db, doctor(), readingId)).revision;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      stopListening = onNotification((p) => pushes.push(p));
      // the hospital's PACS (never asked here: a request names a study the list signed)
      await t.db
        .update(facilities)
        .set({ pacsDicomwebUrl: "http://127.0.0.1:9/dicom-web/" })
        .where(eq(facilities.id, n.facilities.hospital));
      const [far] = await t.db
        .insert(facilities)
        .values({
          code: "0610000009",
          name: "遠方病院",
          nameKana: "エンポウ",
          kind: "hospital",
          role: "disclosing",
        })
        .returning({ id: facilities.id });
      farHospital = far!.id;
    });
    after(async () => {
      stopListening();
      await t.close();
    });

    it("offers the hospitals inside the patient's consent, not the requester's own, nor one outside", async () => {
      const options = await listReadingFacilityOptions(t.db, gp(), n.patients.shared);
      assert.deepEqual(
        options.map((o) => o.id),
        [n.facilities.hospital],
      );
      await assert.rejects(
        listReadingFacilityOptions(t.db, actor(n, "outsider.gp"), n.patients.shared),
        expectDomainError("CONSENT_REQUIRED"),
      );
    });

    it("refuses, writing nothing but the audit of the refusal: a hospital outside consent, a study not listed, a non-hospital, a pharmacist, bad fields", async () => {
      await assert.rejects(
        requestReading(t.db, gp(), request({ readingFacilityId: farHospital })),
        expectDomainError("CONSENT_REQUIRED", "readingFacilityId"),
      );
      const refused = (await audits("reading.request")).filter((a) => a.actorId === gp().practitionerId);
      assert.equal(refused.length, 1);
      assert.equal(refused[0]!.outcome, "denied");
      assert.equal((refused[0]!.details as { reason: string }).reason, "reading_facility_not_in_consent");

      const study = request().study;
      await assert.rejects(
        requestReading(t.db, gp(), request({ study: { ...study, studyUid: "1.2.3.4" } })),
        expectDomainError("VALIDATION", "study"),
      );
      await assert.rejects(
        requestReading(t.db, gp(), request({ study: { ...study, facilityId: n.facilities.clinic } })),
        expectDomainError("VALIDATION", "study"),
      );
      await assert.rejects(
        requestReading(t.db, gp(), request({ readingFacilityId: n.facilities.pharmacy })),
        expectDomainError("VALIDATION", "readingFacilityId"),
      );
      await assert.rejects(
        requestReading(t.db, actor(n, "pharm.pharmacist"), request()),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        requestReading(t.db, actor(n, "outsider.gp"), request()),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        requestReading(t.db, gp(), request({ clinicalQuestion: "", urgency: "soon" })),
        (e: unknown) =>
          expectDomainError("VALIDATION", "clinicalQuestion")(e) &&
          expectDomainError("VALIDATION", "urgency")(e),
      );
      // a study of another patient, signed for that patient, is not this patient's
      await assert.rejects(
        requestReading(
          t.db,
          gp(),
          request({
            study: { ...study, sig: signStudy(n.patients.notShared, n.facilities.hospital, STUDY_UID) },
          }),
        ),
        expectDomainError("VALIDATION", "study"),
      );
      assert.equal(await rows(), 0);
      assert.equal((await t.db.select().from(notifications)).length, 0);
    });

    it("sends the request: written with its audit event, the reading hospital's physicians notified after commit", async () => {
      pushes.length = 0;
      const created = await requestReading(t.db, gp(), request());
      readingId = created.readingId;
      const [row] = await t.db.select().from(readingRequests).where(eq(readingRequests.id, readingId));
      assert.equal(row!.status, "requested");
      assert.equal(row!.urgency, "urgent");
      assert.equal(row!.studyUid, STUDY_UID);
      assert.deepEqual(row!.studyModalities, ["CT"]);
      const ok = (await audits("reading.request")).filter((a) => a.outcome === "success");
      assert.equal(ok.length, 1);
      assert.equal((ok[0]!.details as { readingId: string }).readingId, readingId);
      assert.equal(ok[0]!.patientId, n.patients.shared);
      const told = await t.db
        .select({
          recipientId: notifications.recipientId,
          kind: notifications.kind,
          urgent: notifications.urgent,
        })
        .from(notifications)
        .where(eq(notifications.readingRequestId, readingId));
      assert.deepEqual(
        told.map((x) => x.recipientId).sort(),
        [actor(n, "hosp.doctor").practitionerId, actor(n, "hosp.admin").practitionerId].sort(),
      );
      assert.ok(told.every((x) => x.kind === "reading_requested" && x.urgent));
      assert.equal(pushes.length, 1);
      assert.equal(pushes[0]!.readingRequestId, readingId);
    });

    it("is on the hospital's worklist, waiting, with the patient named; the day's counts say so", async () => {
      const { result: list, event } = await auditedRead(t.db, doctor().practitionerId, "reading.list", () =>
        listReadings(t.db, doctor(), { box: "reading", filter: "waiting" }),
      );
      assert.deepEqual([event.outcome, event.details.patientIds], ["success", [n.patients.shared]]);
      assert.deepEqual(
        list.items.map((i) => [i.id, i.status, i.patientName, i.overdue]),
        [[readingId, "requested", "山田 花子", false]],
      );
      assert.equal(
        (await listReadings(t.db, doctor(), { box: "reading", filter: "reported" })).items.length,
        0,
      );
      assert.equal((await listReadings(t.db, gp(), { box: "requested" })).items.length, 1);
      assert.equal((await listReadings(t.db, gp(), { box: "reading" })).items.length, 0);
      const later = new Date(Date.now() + 25 * 3_600_000);
      const overdue = await listReadings(t.db, doctor(), { box: "reading", filter: "overdue" }, later);
      assert.deepEqual(
        overdue.items.map((i) => [i.id, i.overdue]),
        [[readingId, true]],
      );
      assert.deepEqual(await readingDayCounts(t.db, doctor(), later), {
        waiting: 1,
        overdue: 1,
        toAcknowledge: 0,
      });
      await assert.rejects(listReadings(t.db, actor(n, "hosp.clerk"), {}), expectDomainError("FORBIDDEN"));
    });

    it("shows nothing to a facility that is not a party, and audits the attempt", async () => {
      const before = (await audits("reading.view")).length;
      await assert.rejects(
        getReading(t.db, actor(n, "outsider.gp"), readingId),
        expectDomainError("NOT_FOUND"),
      );
      const after = await audits("reading.view");
      assert.equal(after.length, before + 1);
      assert.equal(after.at(-1)!.outcome, "denied");
    });

    it("lets only a physician of the reading hospital accept it; the requester is told", async () => {
      const revision = await current();
      await assert.rejects(
        acceptReading(t.db, actor(n, "hosp.clerk"), { readingId, revision }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        acceptReading(t.db, gp(), { readingId, revision }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        acceptReading(t.db, doctor(), { readingId, revision: revision + 5 }),
        expectDomainError("CONFLICT", "revision"),
      );
      // a report cannot be written before the request is accepted
      await assert.rejects(
        saveReadingDraft(t.db, doctor(), { readingId, revision, content: { findings: "x" } }),
        expectDomainError("INVALID_TRANSITION"),
      );
      pushes.length = 0;
      const accepted = await acceptReading(t.db, doctor(), { readingId, revision });
      assert.equal(accepted.status, "accepted");
      assert.deepEqual(
        pushes.map((p) => [p.kind, p.recipientIds]),
        [["reading_status", [gp().practitionerId]]],
      );
      const asGp = await getReading(t.db, gp(), readingId);
      assert.equal(asGp.status, "accepted");
      assert.equal(asGp.reading.radiologistName, "試験 hosp.doctor");
      assert.deepEqual(asGp.commands, ["cancel"]);
      assert.equal(asGp.draft, null);
      // the clerk's refusal by the access rule is audited; the acceptance once
      assert.deepEqual(
        (await audits("reading.accept")).map((a) => [a.actorId, a.outcome]),
        [
          [actor(n, "hosp.clerk").practitionerId, "denied"],
          [doctor().practitionerId, "success"],
        ],
      );
    });

    it("lets the reading physician open the requested study in the viewer: consent for the reading hospital plus the request", async () => {
      const view = await getReading(t.db, doctor(), readingId);
      const { source } = await checkImagingAccess(
        t.db,
        doctor(),
        {
          patientId: n.patients.shared,
          facilityId: view.study.facilityId,
          studyUid: view.study.studyUid,
          sig: view.study.sig,
        },
        "imaging.study_view",
      );
      assert.equal(source.facilityId, n.facilities.hospital);
      // not another study with the request's signature
      await assert.rejects(
        checkImagingAccess(
          t.db,
          doctor(),
          {
            patientId: n.patients.shared,
            facilityId: view.study.facilityId,
            studyUid: "1.2.3",
            sig: view.study.sig,
          },
          "imaging.study_view",
        ),
        expectDomainError("FORBIDDEN"),
      );
    });

    it("signs a report only with findings and an impression, writing nothing otherwise", async () => {
      let revision = await current();
      const saved = await saveReadingDraft(t.db, doctor(), {
        readingId,
        revision,
        content: { findings: "右上葉S2に 12mm の分葉状結節。", impression: "" },
      });
      revision = saved.revision;
      const draftView = await getReading(t.db, doctor(), readingId);
      assert.equal(draftView.draft?.content.findings, "右上葉S2に 12mm の分葉状結節。");
      assert.equal(
        (await getReading(t.db, gp(), readingId)).draft,
        null,
        "the requester never sees the working copy",
      );
      await assert.rejects(
        signReadingReport(t.db, doctor(), { readingId, revision, content: { findings: "所見あり" } }),
        expectDomainError("VALIDATION", "content.impression"),
      );
      await assert.rejects(
        signReadingReport(t.db, gp(), {
          readingId,
          revision,
          content: { findings: "所見", impression: "診断" },
        }),
        expectDomainError("FORBIDDEN"),
      );
      assert.equal((await t.db.select().from(readingReportVersions)).length, 0);
      assert.equal((await getReading(t.db, doctor(), readingId)).status, "accepted");
    });

    it("signs version 1: reported, the requester told; the requester acknowledges it, the radiologist told", async () => {
      pushes.length = 0;
      const signed = await signReadingReport(t.db, doctor(), {
        readingId,
        revision: await current(),
        content: {
          findings: "右上葉S2に 12mm の分葉状結節。スピキュラあり。縦隔リンパ節腫大なし。",
          impression: "原発性肺癌（腺癌）疑い",
          recommendations: "造影CTおよびPET-CTを推奨します。",
        },
      });
      assert.deepEqual([signed.status, signed.version], ["reported", 1]);
      assert.deepEqual(
        pushes.map((p) => [p.kind, p.recipientIds, p.urgent]),
        [["reading_reported", [gp().practitionerId], true]],
      );
      const asGp = await getReading(t.db, gp(), readingId);
      assert.equal(asGp.shown?.content.impression, "原発性肺癌（腺癌）疑い");
      assert.deepEqual(asGp.commands, ["acknowledge"]);
      assert.equal((await readingDayCounts(t.db, gp())).toAcknowledge, 1);
      // a request reported is no longer the requester's to cancel
      await assert.rejects(
        cancelReading(t.db, gp(), { readingId, revision: asGp.revision, note: "不要" }),
        expectDomainError("INVALID_TRANSITION"),
      );
      await assert.rejects(
        acknowledgeReadingReport(t.db, doctor(), { readingId, version: 1 }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        acknowledgeReadingReport(t.db, gp(), { readingId, version: 2 }),
        expectDomainError("VALIDATION", "version"),
      );
      pushes.length = 0;
      const acked = await acknowledgeReadingReport(t.db, gp(), { readingId, version: 1 });
      assert.equal(acked.status, "acknowledged");
      assert.deepEqual(
        pushes.map((p) => [p.kind, p.recipientIds]),
        [["reading_acknowledged", [doctor().practitionerId]]],
      );
      const seen = await getReading(t.db, gp(), readingId);
      assert.equal(seen.acknowledged?.version, 1);
    });

    it("amends as version 2 with a reason, keeping version 1; the requester acknowledges again", async () => {
      const revision = await current();
      const content = {
        findings: "右上葉S2に 12mm の分葉状結節。スピキュラあり。縦隔リンパ節腫大なし。",
        impression: "原発性肺癌（腺癌）疑い。右下葉に 4mm の微小結節を追記。",
        recommendations: "造影CTおよびPET-CTを推奨します。",
      };
      await assert.rejects(
        signReadingReport(t.db, doctor(), { readingId, revision, content }),
        expectDomainError("VALIDATION", "amendmentNote"),
      );
      const amended = await signReadingReport(t.db, doctor(), {
        readingId,
        revision,
        content,
        amendmentNote: "右下葉の微小結節の記載漏れ",
      });
      assert.deepEqual([amended.status, amended.version], ["reported", 2]);
      const asGp = await getReading(t.db, gp(), readingId);
      assert.deepEqual(
        asGp.versions.map((v) => [v.version, v.amendmentNote]),
        [
          [1, ""],
          [2, "右下葉の微小結節の記載漏れ"],
        ],
      );
      assert.equal(
        (await getReading(t.db, gp(), readingId, { version: 1 })).shown?.content.impression,
        "原発性肺癌（腺癌）疑い",
      );
      assert.deepEqual(asGp.commands, ["acknowledge"]);
      // signed versions are never rewritten
      await assert.rejects(
        t.db.execute(
          sql`update reading_report_versions set amendment_note = 'x' where request_id = ${readingId}`,
        ),
      );
      assert.equal((await audits("reading.report_amend")).length, 1);
      await acknowledgeReadingReport(t.db, gp(), { readingId, version: 2 });
    });

    it("exports the report as a Japanese PDF with embedded glyphs and as a valid FHIR document, audited", async () => {
      const doc = await readingReportDocument(t.db, gp(), readingId, "pdf");
      assert.equal(doc.version, 2);
      assert.equal(doc.amendment?.replacesVersion, 1);
      const pdf = await PdfFile.write(await renderReadingReportPdf(doc));
      try {
        const flat = squeeze(await pdf.text());
        for (const expected of [
          "読影レポート",
          "第2版",
          "山田花子様",
          "右上葉S2に",
          "原発性肺癌（腺癌）疑い",
          "訂正理由：右下葉の微小結節の記載漏れ",
          "至急",
        ]) {
          assert.ok(flat.includes(squeeze(expected)), `missing: ${expected}`);
        }
        await assertNotoSansJpSubsets(pdf);
        await assertVisibleGlyphsInked(pdf, 20);
      } finally {
        await pdf.remove();
      }
      const bundle = readingReportBundle(await readingReportDocument(t.db, gp(), readingId, "fhir", 1));
      assertDocumentShape(bundle);
      assertValid(bundle);
      assertReferencesResolve(bundle);
      const [report] = ofType<DiagnosticReport>(bundle, "DiagnosticReport");
      assert.equal(report!.status, "final");
      assert.equal(report!.conclusion, "原発性肺癌（腺癌）疑い");
      const [study] = ofType<ImagingStudy>(bundle, "ImagingStudy");
      assert.equal(study!.identifier?.[0]?.value, `urn:oid:${STUDY_UID}`);
      const exports = await audits("reading.document_export");
      assert.deepEqual(
        exports.map((e) => (e.details as { format: string; version: number }).format),
        ["pdf", "fhir"],
      );
      await assert.rejects(
        readingReportDocument(t.db, gp(), readingId, "pdf", 3),
        expectDomainError("NOT_FOUND"),
      );
    });

    it("declines and cancels with a reason, each side its own", async () => {
      const second = await requestReading(t.db, gp(), request({ urgency: "routine" }));
      const rev = async () => (await getReading(t.db, gp(), second.readingId)).revision;
      await assert.rejects(
        declineReading(t.db, doctor(), { readingId: second.readingId, revision: await rev() }),
        expectDomainError("VALIDATION", "note"),
      );
      await assert.rejects(
        declineReading(t.db, gp(), { readingId: second.readingId, revision: await rev(), note: "対応不可" }),
        expectDomainError("FORBIDDEN"),
      );
      const declined = await declineReading(t.db, doctor(), {
        readingId: second.readingId,
        revision: await rev(),
        note: "該当モダリティの専門医が不在のため",
      });
      assert.equal(declined.status, "declined");
      await assert.rejects(
        cancelReading(t.db, gp(), { readingId: second.readingId, revision: await rev(), note: "x" }),
        expectDomainError("INVALID_TRANSITION"),
      );
      const third = await requestReading(t.db, gp(), request({ urgency: "emergency" }));
      const cancelled = await cancelReading(t.db, gp(), {
        readingId: third.readingId,
        revision: (await getReading(t.db, gp(), third.readingId)).revision,
        note: "自院で読影済み",
      });
      assert.equal(cancelled.status, "cancelled");
      assert.equal((await getReading(t.db, doctor(), third.readingId)).closingNote, "自院で読影済み");
    });

    it("is closed to the requesting clinic once the patient withdraws its consent: not read, not named", async () => {
      await withdrawConsent(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        withdrawnOn: "2026-12-02",
        facilityIds: [n.facilities.clinic],
        document: { fileName: "withdrawal.pdf", bytes: tinyPdf("withdrawn") },
      });
      await assert.rejects(getReading(t.db, gp(), readingId), expectDomainError("CONSENT_REQUIRED"));
      await assert.rejects(
        readingReportDocument(t.db, gp(), readingId, "pdf"),
        expectDomainError("CONSENT_REQUIRED"),
      );
      const list = await listReadings(t.db, gp(), { box: "requested" });
      assert.ok(list.items.length >= 1, "the lines stay");
      assert.ok(
        list.items.every((i) => i.patientName === null),
        "without the patient's name",
      );
      // the reading hospital, still inside consent, keeps its worklist and report
      assert.equal((await getReading(t.db, doctor(), readingId)).status, "acknowledged");
    });
  });
}
