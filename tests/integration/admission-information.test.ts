import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, count, eq, sql } from "drizzle-orm";
import type { Observation, RelatedPerson } from "@medplum/fhirtypes";
import { auditEvents, careDocuments, notifications } from "../../server/db/schema";
import type { Actor, Profession } from "../../server/model/permissions";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { listNotifications } from "../../server/domain/notifications/list-notifications";
import { careDocumentDocument } from "../../server/domain/care-documents/care-document-documents";
import { listCareDocumentRecipients } from "../../server/domain/care-documents/care-document-parties";
import { createCareDocument } from "../../server/domain/care-documents/create-care-document";
import { getCareDocument } from "../../server/domain/care-documents/get-care-document";
import {
  careDocumentDayCounts,
  listCareDocuments,
  listPatientCareDocuments,
} from "../../server/domain/care-documents/list-care-documents";
import {
  acknowledgeCareDocument,
  answerCareDocument,
} from "../../server/domain/care-documents/reply-to-care-document";
import { saveCareDocumentDraft } from "../../server/domain/care-documents/save-care-document-draft";
import { sendCareDocument } from "../../server/domain/care-documents/send-care-document";
import { addDays, tokyoToday } from "../../server/model/care-documents/care-document-status";
import {
  ADMISSION_INFORMATION,
  AdmissionInformationContent,
} from "../../server/model/care-documents/admission-information";
import { careDocumentBundle } from "../../server/documents/fhir/care-document-bundle";
import { renderCareDocumentPdf } from "../../server/documents/pdf/care-document-pdf";
import {
  assertDocumentShape,
  assertReferencesResolve,
  assertValid,
  ofType,
} from "../helpers/fhir-document-checks";
import { assertNotoSansJpSubsets, assertVisibleGlyphsInked, PdfFile, squeeze } from "../helpers/pdf";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import {
  actor,
  addFacility,
  addPractitioner,
  createNetwork,
  tinyPdf,
  type Network,
} from "../helpers/fixtures";
import { completeAdmissionInformation } from "../helpers/admission-information-content";

const today = tokyoToday();
/** Admitted five days ago: due two days ago, so a draft is overdue. */
const admittedLate = addDays(today, -5);
/** Admitted yesterday: due in two days. */
const admitted = addDays(today, -1);

for (const backend of BACKENDS) {
  describe(`care documents: the admission information from the care manager to the hospital (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let careManager: Actor;
    let liaison: Actor;
    let careOffice: string;
    let otherHospital: string;
    let documentId: string;
    let revision: number;
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      careOffice = await addFacility(t.db, {
        code: "0630000011",
        name: "テスト居宅介護支援事業所",
        kind: "care_facility",
      });
      otherHospital = await addFacility(t.db, {
        code: "0610000012",
        name: "よそ総合病院",
        kind: "hospital",
        role: "disclosing",
      });
      const person = (loginId: string, profession: Profession, facilityId: string) =>
        addPractitioner(t.db, { loginId, profession, facilityId });
      careManager = await person("cm.manager", "care_manager", careOffice);
      liaison = await person("hosp.liaison", "liaison", n.facilities.hospital);
      await person("other.liaison", "liaison", otherHospital);
      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        effectiveOn: "2026-11-01",
        facilityIds: [careOffice],
        document: { fileName: "consent-added.pdf", bytes: tinyPdf("連携先追加") },
      });
      stopListening = onNotification((p) => pushes.push(p));
    });
    after(async () => {
      stopListening();
      await t.close();
    });

    const rows = async () => {
      const [d] = await t.db.select({ n: count() }).from(careDocuments);
      const [note] = await t.db.select({ n: count() }).from(notifications);
      const [rev] = await t.db
        .select({ n: sql<number>`coalesce(sum(${careDocuments.revision}), 0)::int` })
        .from(careDocuments);
      return { documents: d!.n, notifications: note!.n, revisions: rev!.n };
    };

    it("is started by a care manager of a care office, for a patient inside consent; nothing written on refusal", async () => {
      const before = await rows();
      const kind = "admission_information";
      const patientId = n.patients.shared;
      await assert.rejects(
        createCareDocument(t.db, actor(n, "clinic.gp"), { kind, patientId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        createCareDocument(t.db, liaison, { kind, patientId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        createCareDocument(t.db, careManager, { kind, patientId: n.patients.notShared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        createCareDocument(t.db, careManager, { kind, patientId, recipientFacilityId: n.facilities.clinic }),
        expectDomainError("VALIDATION", "recipientFacilityId"),
      );
      assert.deepEqual(await rows(), before);

      const created = await createCareDocument(t.db, careManager, { kind, patientId });
      documentId = created.documentId;
      revision = created.revision;
      const view = await getCareDocument(t.db, careManager, documentId);
      assert.equal(view.status, "draft");
      assert.equal(view.dueOn, null, "no admission date yet, no due date");
      assert.deepEqual(view.content, AdmissionInformationContent.parse({}));
    });

    it("offers only the hospitals inside consent, with their liaison officers, nurses and physicians", async () => {
      const options = await listCareDocumentRecipients(
        t.db,
        careManager,
        ADMISSION_INFORMATION,
        n.patients.shared,
      );
      assert.deepEqual(
        options.map((o) => o.id),
        [n.facilities.hospital],
      );
      const people = options[0]!.practitioners.map((p) => p.id);
      assert.ok(people.includes(liaison.practitionerId));
      assert.ok(people.includes(actor(n, "hosp.doctor").practitionerId));
      assert.ok(!people.includes(actor(n, "hosp.clerk").practitionerId), "not the clerk");
    });

    it("takes its due date from the admission date: 3 days on, overdue after, on the care manager's due list", async () => {
      const saved = await saveCareDocumentDraft(t.db, careManager, {
        documentId,
        revision,
        recipientFacilityId: n.facilities.hospital,
        content: { admissionDate: admittedLate, careLevel: "care_2" },
      });
      revision = saved.revision;
      assert.equal(saved.dueOn, addDays(admittedLate, 3));
      const view = await getCareDocument(t.db, careManager, documentId);
      assert.equal(view.overdue, true);
      assert.equal(view.daysUntilDue, -2);
      const due = await listCareDocuments(t.db, careManager, { box: "due" });
      assert.deepEqual(
        due.map((d) => [d.id, d.dueOn, d.overdue]),
        [[documentId, addDays(today, -2), true]],
      );
      assert.deepEqual(await careDocumentDayCounts(t.db, careManager), { toReply: 0, due: 0, overdue: 1 });

      const inTime = await saveCareDocumentDraft(t.db, careManager, {
        documentId,
        revision,
        recipientFacilityId: n.facilities.hospital,
        content: { admissionDate: admitted, careLevel: "care_2" },
      });
      revision = inTime.revision;
      assert.equal(inTime.dueOn, addDays(today, 2));
      assert.equal((await getCareDocument(t.db, careManager, documentId)).daysUntilDue, 2);
      assert.deepEqual(await careDocumentDayCounts(t.db, careManager), { toReply: 0, due: 1, overdue: 0 });
      assert.deepEqual(
        await listCareDocuments(t.db, liaison, { box: "received" }),
        [],
        "a draft is not sent",
      );
    });

    it("refuses bad fields by name and writes nothing", async () => {
      const before = await rows();
      const save = (content: Record<string, unknown>, patch: Record<string, unknown> = {}) =>
        saveCareDocumentDraft(t.db, careManager, {
          documentId,
          revision,
          recipientFacilityId: n.facilities.hospital,
          content: completeAdmissionInformation({ admissionDate: admitted, ...content }),
          ...patch,
        });
      await assert.rejects(
        save({ admissionDate: "2026-02-30" }),
        expectDomainError("VALIDATION", "content.admissionDate"),
      );
      await assert.rejects(
        save({ careLevel: "care_6" }),
        expectDomainError("VALIDATION", "content.careLevel"),
      );
      await assert.rejects(
        save({ certificationStart: "2027-04-01", certificationEnd: "2027-03-31" }),
        expectDomainError("VALIDATION", "content.certificationEnd"),
      );
      await assert.rejects(
        save({ adl: { moving: "flying" } }),
        expectDomainError("VALIDATION", "content.adl.moving"),
      );
      await assert.rejects(
        save({
          family: [
            { name: "A", relationship: "長女", contact: "1", keyPerson: true },
            { name: "B", relationship: "長男", contact: "2", keyPerson: true },
          ],
        }),
        expectDomainError("VALIDATION", "content.family.1.keyPerson"),
      );
      await assert.rejects(
        save({ services: [{ service: "spa", provider: "x" }] }),
        expectDomainError("VALIDATION", "content.services.0.service"),
      );
      await assert.rejects(save({ notes: "a\u0000b" }), expectDomainError("VALIDATION", "content.notes"));
      await assert.rejects(
        save({}, { recipientPractitionerId: actor(n, "hosp.clerk").practitionerId }),
        expectDomainError("VALIDATION", "recipientPractitionerId"),
      );
      await assert.rejects(save({}, { revision: revision + 5 }), expectDomainError("CONFLICT", "revision"));
      assert.deepEqual(await rows(), before);
    });

    it("is sent only complete, and never to a hospital outside consent: fields named, nothing written", async () => {
      const before = await rows();
      const incomplete = await sendCareDocument(t.db, careManager, { documentId, revision }).catch(
        (e: unknown) => e,
      );
      for (const field of [
        "content.family",
        "content.adl.bathing",
        "content.cognitionLevel",
        "content.services",
      ])
        expectDomainError("VALIDATION", field)(incomplete);
      assert.deepEqual(await rows(), before);

      const full = await saveCareDocumentDraft(t.db, careManager, {
        documentId,
        revision,
        recipientFacilityId: otherHospital,
        content: completeAdmissionInformation({ admissionDate: admitted }),
      });
      revision = full.revision;
      const afterSave = await rows();
      await assert.rejects(
        sendCareDocument(t.db, careManager, { documentId, revision }),
        expectDomainError("CONSENT_REQUIRED", "recipientFacilityId"),
      );
      assert.deepEqual(await rows(), afterSave, "a refused send writes nothing");
      assert.equal((await getCareDocument(t.db, careManager, documentId)).status, "draft");
      assert.ok(
        !pushes.some((p) => p.careDocumentId === documentId),
        "nobody at the other hospital heard of it",
      );
    });

    it("goes to the hospital's liaison office, which is told and finds it on its worklist with its due date", async () => {
      const saved = await saveCareDocumentDraft(t.db, careManager, {
        documentId,
        revision,
        recipientFacilityId: n.facilities.hospital,
        content: completeAdmissionInformation({ admissionDate: admitted }),
      });
      const sent = await sendCareDocument(t.db, careManager, { documentId, revision: saved.revision });
      revision = sent.revision;
      const push = pushes.at(-1);
      assert.equal(push?.kind, "care_document_received");
      assert.deepEqual(push?.recipientIds, [liaison.practitionerId], "the desk: the liaison office");
      const centre = await listNotifications(t.db, liaison);
      assert.equal(centre.items[0]?.careDocumentKind, "admission_information");

      const inbox = await listCareDocuments(t.db, liaison, { box: "received" });
      assert.deepEqual(
        inbox.map((d) => [d.id, d.kind, d.patientName, d.dueOn, d.status]),
        [[documentId, "admission_information", "山田 花子", addDays(today, 2), "sent"]],
      );
      assert.deepEqual(await careDocumentDayCounts(t.db, liaison), { toReply: 1, due: 0, overdue: 0 });
      assert.deepEqual(await careDocumentDayCounts(t.db, careManager), { toReply: 0, due: 0, overdue: 0 });
      const view = await getCareDocument(t.db, liaison, documentId);
      assert.equal(view.side, "recipient");
      assert.deepEqual(
        [view.can.acknowledge, view.can.answer],
        [true, false],
        "a receipt closes it; there is no written answer",
      );
      // the hospital's physician sees it too (the care part of the record), the clinic and the pharmacy do not
      assert.equal((await getCareDocument(t.db, actor(n, "hosp.doctor"), documentId)).status, "sent");
      for (const outsider of ["clinic.gp", "pharm.pharmacist", "outsider.gp"]) {
        await assert.rejects(
          getCareDocument(t.db, actor(n, outsider), documentId),
          expectDomainError("NOT_FOUND"),
        );
      }
      assert.deepEqual(await listCareDocuments(t.db, actor(n, "pharm.pharmacist"), { box: "received" }), []);
    });

    it("is acknowledged by the liaison office, never answered; the care manager hears of it", async () => {
      await assert.rejects(
        answerCareDocument(t.db, liaison, { documentId, answer: "承知しました" }),
        expectDomainError("VALIDATION", "answer"),
      );
      await assert.rejects(
        acknowledgeCareDocument(t.db, careManager, { documentId }),
        expectDomainError("FORBIDDEN"),
      );
      const ack = await acknowledgeCareDocument(t.db, liaison, { documentId });
      assert.equal(ack.status, "acknowledged");
      assert.equal(pushes.at(-1)?.kind, "care_document_replied");
      assert.deepEqual(pushes.at(-1)?.recipientIds, [careManager.practitionerId]);
      const view = await getCareDocument(t.db, careManager, documentId);
      assert.equal(view.status, "acknowledged");
      assert.equal(view.reply?.byName, "テスト hosp.liaison");
      assert.deepEqual(await careDocumentDayCounts(t.db, liaison), { toReply: 0, due: 0, overdue: 0 });
      const onPatient = await listPatientCareDocuments(t.db, careManager, n.patients.shared);
      assert.deepEqual(
        onPatient.map((d) => [d.id, d.status]),
        [[documentId, "acknowledged"]],
      );
    });

    it("reads as sent late on both sides when it went after its due date", async () => {
      const c = await createCareDocument(t.db, careManager, {
        kind: "admission_information",
        patientId: n.patients.shared,
        recipientFacilityId: n.facilities.hospital,
      });
      const s = await saveCareDocumentDraft(t.db, careManager, {
        documentId: c.documentId,
        revision: c.revision,
        recipientFacilityId: n.facilities.hospital,
        content: completeAdmissionInformation({ admissionDate: admittedLate }),
      });
      await sendCareDocument(t.db, careManager, { documentId: c.documentId, revision: s.revision });
      const inbox = await listCareDocuments(t.db, liaison, { box: "received" });
      assert.deepEqual(
        inbox.map((d) => [d.id, d.sentLate, d.overdue]).sort(),
        [
          [c.documentId, true, false],
          [documentId, false, false],
        ].sort(),
      );
      assert.equal((await getCareDocument(t.db, liaison, c.documentId)).sentLate, true);
      assert.equal((await getCareDocument(t.db, careManager, documentId)).sentLate, false);
    });

    it("exports as a PDF with embedded Japanese glyphs and a valid FHIR document, audited", async () => {
      const doc = await careDocumentDocument(t.db, liaison, documentId, "pdf");
      assert.equal(doc.kind, "admission_information");
      assert.equal(doc.dueOn, addDays(today, 2));
      const bundle = careDocumentBundle(await careDocumentDocument(t.db, careManager, documentId, "fhir"));
      assertDocumentShape(bundle);
      assertValid(bundle);
      assertReferencesResolve(bundle);
      assert.equal(ofType<RelatedPerson>(bundle, "RelatedPerson").length, 2);
      assert.ok(
        ofType<Observation>(bundle, "Observation").some((o) => o.valueCodeableConcept?.text === "要介護2"),
      );
      const pdf = await PdfFile.write(await renderCareDocumentPdf(doc));
      try {
        const text = squeeze(await pdf.text());
        for (const expected of [
          "入院時情報提供書",
          "テスト居宅介護支援事業所",
          "テスト総合病院",
          "要介護2",
          "デイサービスひまわり",
          "山田 一子",
          "一部介助",
          "受領確認",
        ])
          assert.ok(text.includes(squeeze(expected)), `the PDF says ${expected}`);
        await assertNotoSansJpSubsets(pdf);
        await assertVisibleGlyphsInked(pdf, 30);
      } finally {
        await pdf.remove();
      }
      const [exports] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "care_document.document_export")));
      assert.equal(exports!.n, 2);
    });

    it("audits with ids, never names; the audit chain holds", async () => {
      const [leaks] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(sql`${auditEvents.details}::text like ${"%山田%"}`);
      assert.equal(leaks!.n, 0);
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });
  });
}
