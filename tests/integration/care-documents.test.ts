import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, count, eq, sql } from "drizzle-orm";
import { auditEvents, careDocuments, notifications } from "../../server/db/schema";
import type { Actor } from "../../server/model/permissions";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { listNotifications } from "../../server/domain/notifications/list-notifications";
import { cancelCareDocument } from "../../server/domain/care-documents/cancel-care-document";
import { careDocumentDocument } from "../../server/domain/care-documents/care-document-documents";
import { listCareDocumentRecipients } from "../../server/domain/care-documents/care-document-parties";
import { createCareDocument } from "../../server/domain/care-documents/create-care-document";
import { discardCareDocument } from "../../server/domain/care-documents/discard-care-document";
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
import { TRACING_REPORT } from "../../server/model/care-documents/tracing-report";
import { careDocumentBundle } from "../../server/documents/fhir/care-document-bundle";
import { renderCareDocumentPdf } from "../../server/documents/pdf/care-document-pdf";
import { validateR4 } from "../helpers/fhir-validation";
import { assertNotoSansJpSubsets, assertVisibleGlyphsInked, PdfFile, squeeze } from "../helpers/pdf";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { auditedRead } from "../helpers/audit";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { completeTracingReport } from "../helpers/care-document-content";

for (const backend of BACKENDS) {
  describe(`care documents: the tracing report from the pharmacy to the prescriber (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let pharmacist: Actor;
    let gp: Actor;
    let documentId: string;
    let revision: number;
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      pharmacist = actor(n, "pharm.pharmacist");
      gp = actor(n, "clinic.gp");
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

    it("is started by a pharmacist of a pharmacy, for a patient inside consent; nothing written on refusal", async () => {
      const before = await rows();
      const patientId = n.patients.shared;
      const kind = "tracing_report";
      await assert.rejects(createCareDocument(t.db, gp, { kind, patientId }), expectDomainError("FORBIDDEN"));
      await assert.rejects(
        createCareDocument(t.db, actor(n, "hosp.clerk"), { kind, patientId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        createCareDocument(t.db, pharmacist, { kind, patientId: n.patients.notShared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        createCareDocument(t.db, pharmacist, { kind, patientId, recipientFacilityId: n.facilities.pharmacy }),
        expectDomainError("VALIDATION", "recipientFacilityId"),
      );
      await assert.rejects(
        createCareDocument(t.db, pharmacist, { kind: "weekly_note", patientId }),
        expectDomainError("VALIDATION", "kind"),
      );
      assert.deepEqual(await rows(), before);
      const [denied] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "care_document.create"), eq(auditEvents.outcome, "denied")));
      assert.ok(denied!.n >= 1, "the refusal outside consent is audited");

      const created = await createCareDocument(t.db, pharmacist, { kind, patientId });
      documentId = created.documentId;
      revision = created.revision;
      const view = await getCareDocument(t.db, pharmacist, documentId);
      assert.equal(view.status, "draft");
      assert.equal(view.kind, "tracing_report");
      assert.equal(view.can.edit, true);
      assert.equal(view.can.send, true);
      assert.deepEqual(view.content, TRACING_REPORT.content.parse({}));
    });

    it("offers the clinics and hospitals inside consent, with their physicians, as recipients", async () => {
      const options = await listCareDocumentRecipients(t.db, pharmacist, TRACING_REPORT, n.patients.shared);
      const ids = options.map((o) => o.id).sort();
      assert.deepEqual(ids, [n.facilities.clinic, n.facilities.hospital].sort());
      const clinic = options.find((o) => o.id === n.facilities.clinic)!;
      assert.deepEqual(
        clinic.practitioners.map((p) => p.id),
        [gp.practitionerId],
      );
      assert.ok(!options.some((o) => o.id === n.facilities.outsider), "never outside consent");
    });

    it("refuses bad fields by name and writes nothing", async () => {
      const before = await rows();
      const save = (patch: Record<string, unknown>) =>
        saveCareDocumentDraft(t.db, pharmacist, {
          documentId,
          revision,
          recipientFacilityId: n.facilities.clinic,
          content: completeTracingReport(),
          ...patch,
        });
      await assert.rejects(
        save({ content: { ...completeTracingReport(), adherence: "excellent" } }),
        expectDomainError("VALIDATION", "content.adherence"),
      );
      await assert.rejects(
        save({ content: { ...completeTracingReport(), leftovers: [{ drug: "", quantity: "3錠" }] } }),
        expectDomainError("VALIDATION", "content.leftovers.0.drug"),
      );
      await assert.rejects(
        save({ content: { ...completeTracingReport(), noLeftovers: true } }),
        expectDomainError("VALIDATION", "content.noLeftovers"),
      );
      await assert.rejects(
        save({ content: { ...completeTracingReport(), proposal: "a\u0000b" } }),
        expectDomainError("VALIDATION", "content.proposal"),
      );
      await assert.rejects(
        save({ recipientPractitionerId: actor(n, "hosp.doctor").practitionerId }),
        expectDomainError("VALIDATION", "recipientPractitionerId"),
      );
      await assert.rejects(save({ revision: revision + 5 }), expectDomainError("CONFLICT", "revision"));
      await assert.rejects(
        saveCareDocumentDraft(t.db, gp, { documentId, revision, content: {} }),
        expectDomainError("NOT_FOUND"),
      );
      assert.deepEqual(await rows(), before);
    });

    it("is sent only complete, to a recipient inside consent: each missing field named, nothing written", async () => {
      const draft = await saveCareDocumentDraft(t.db, pharmacist, {
        documentId,
        revision,
        recipientFacilityId: n.facilities.outsider,
        content: { adherence: "good" },
      });
      revision = draft.revision;
      const before = await rows();
      const incomplete = await sendCareDocument(t.db, pharmacist, { documentId, revision }).catch(
        (e: unknown) => e,
      );
      expectDomainError("VALIDATION", "content.proposal")(incomplete);
      expectDomainError("VALIDATION", "content.leftovers")(incomplete);
      expectDomainError("VALIDATION", "content.patientAgreed")(incomplete);
      const full = await saveCareDocumentDraft(t.db, pharmacist, {
        documentId,
        revision,
        recipientFacilityId: n.facilities.outsider,
        content: completeTracingReport(),
      });
      revision = full.revision;
      const afterSave = await rows();
      assert.equal(afterSave.revisions, before.revisions + 1);
      await assert.rejects(
        sendCareDocument(t.db, pharmacist, { documentId, revision }),
        expectDomainError("CONSENT_REQUIRED", "recipientFacilityId"),
      );
      assert.deepEqual(await rows(), afterSave, "a refused send writes nothing");
      assert.equal((await getCareDocument(t.db, pharmacist, documentId)).status, "draft");
    });

    it("goes to the prescriber named at the clinic, who is told; other facilities learn nothing", async () => {
      const saved = await saveCareDocumentDraft(t.db, pharmacist, {
        documentId,
        revision,
        recipientFacilityId: n.facilities.clinic,
        recipientPractitionerId: gp.practitionerId,
        content: completeTracingReport(),
      });
      const sent = await sendCareDocument(t.db, pharmacist, { documentId, revision: saved.revision });
      revision = sent.revision;
      assert.match(sent.documentNumber, /^\d{4}-\d{6}$/);
      const push = pushes.at(-1);
      assert.equal(push?.kind, "care_document_received");
      assert.deepEqual(push?.recipientIds, [gp.practitionerId]);
      assert.equal(push?.careDocumentId, documentId);
      const centre = await listNotifications(t.db, gp);
      assert.equal(centre.items[0]?.careDocumentId, documentId);
      assert.equal(centre.items[0]?.careDocumentKind, "tracing_report");

      const view = await getCareDocument(t.db, gp, documentId);
      assert.equal(view.side, "recipient");
      assert.equal(view.status, "sent");
      assert.deepEqual(view.can, {
        edit: false,
        send: false,
        discard: false,
        cancel: false,
        acknowledge: true,
        answer: true,
      });
      const { result: inbox, event } = await auditedRead(t.db, gp.practitionerId, "care_document.list", () =>
        listCareDocuments(t.db, gp, { box: "received" }),
      );
      assert.deepEqual(event.details.patientIds, [n.patients.shared]);
      assert.deepEqual(
        inbox.map((d) => [d.id, d.patientName]),
        [[documentId, "山田 花子"]],
      );
      assert.deepEqual(await careDocumentDayCounts(t.db, gp), { toReply: 1, due: 0, overdue: 0 });
      assert.deepEqual(
        (await listCareDocuments(t.db, pharmacist, { box: "sent" })).map((d) => d.id),
        [documentId],
      );
      assert.deepEqual(await listCareDocuments(t.db, pharmacist, { box: "drafts" }), []);

      await assert.rejects(
        getCareDocument(t.db, actor(n, "hosp.doctor"), documentId),
        expectDomainError("NOT_FOUND"),
      );
      await assert.rejects(
        getCareDocument(t.db, actor(n, "outsider.gp"), documentId),
        expectDomainError("NOT_FOUND"),
      );
      const [denied] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "care_document.view"), eq(auditEvents.outcome, "denied")));
      assert.equal(denied!.n, 2);
      await assert.rejects(
        saveCareDocumentDraft(t.db, pharmacist, { documentId, revision, content: completeTracingReport() }),
        expectDomainError("INVALID_TRANSITION"),
      );
    });

    it("is answered by the prescriber only; the pharmacist hears of it; the loop then stays closed", async () => {
      await assert.rejects(
        answerCareDocument(t.db, pharmacist, { documentId, answer: "x" }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        answerCareDocument(t.db, gp, { documentId, answer: "  " }),
        expectDomainError("VALIDATION", "answer"),
      );
      const answered = await answerCareDocument(t.db, gp, {
        documentId,
        answer: "次回処方でマグミットを1日1回に減量します。",
      });
      assert.equal(answered.status, "answered");
      assert.equal(pushes.at(-1)?.kind, "care_document_replied");
      assert.deepEqual(pushes.at(-1)?.recipientIds, [pharmacist.practitionerId]);
      const view = await getCareDocument(t.db, pharmacist, documentId);
      assert.equal(view.status, "answered");
      assert.equal(view.reply?.text, "次回処方でマグミットを1日1回に減量します。");
      assert.equal(view.can.cancel, false);
      await assert.rejects(
        acknowledgeCareDocument(t.db, gp, { documentId }),
        expectDomainError("INVALID_TRANSITION"),
      );
      await assert.rejects(
        cancelCareDocument(t.db, pharmacist, { documentId, revision: view.revision, reason: "誤送付" }),
        expectDomainError("INVALID_TRANSITION"),
      );
      assert.deepEqual(await careDocumentDayCounts(t.db, gp), { toReply: 0, due: 0, overdue: 0 });
    });

    it("is acknowledged once, cancelled by its author with a reason, discarded as a draft", async () => {
      const send = async () => {
        const c = await createCareDocument(t.db, pharmacist, {
          kind: "tracing_report",
          patientId: n.patients.shared,
          recipientFacilityId: n.facilities.clinic,
        });
        const s = await saveCareDocumentDraft(t.db, pharmacist, {
          documentId: c.documentId,
          revision: c.revision,
          recipientFacilityId: n.facilities.clinic,
          content: completeTracingReport(),
        });
        return sendCareDocument(t.db, pharmacist, { documentId: c.documentId, revision: s.revision });
      };
      const first = await send();
      const ack = await acknowledgeCareDocument(t.db, gp, { documentId: first.documentId });
      const again = await acknowledgeCareDocument(t.db, gp, { documentId: first.documentId });
      assert.equal(again.repliedAt, ack.repliedAt, "a second receipt returns the first");
      const answered = await answerCareDocument(t.db, gp, {
        documentId: first.documentId,
        answer: "承知しました",
      });
      assert.equal(answered.status, "answered", "an acknowledged report may still be answered");

      const second = await send();
      await assert.rejects(
        cancelCareDocument(t.db, pharmacist, {
          documentId: second.documentId,
          revision: second.revision,
          reason: " ",
        }),
        expectDomainError("VALIDATION", "reason"),
      );
      await assert.rejects(
        cancelCareDocument(t.db, gp, {
          documentId: second.documentId,
          revision: second.revision,
          reason: "x",
        }),
        expectDomainError("FORBIDDEN"),
      );
      await cancelCareDocument(t.db, pharmacist, {
        documentId: second.documentId,
        revision: second.revision,
        reason: "別の患者さんの情報を含んでいたため",
      });
      assert.equal(pushes.at(-1)?.kind, "care_document_cancelled");
      const cancelled = await getCareDocument(t.db, gp, second.documentId);
      assert.equal(cancelled.status, "cancelled");
      assert.equal(cancelled.cancellation?.reason, "別の患者さんの情報を含んでいたため");
      assert.equal(cancelled.can.answer, false);
      await assert.rejects(
        answerCareDocument(t.db, gp, { documentId: second.documentId, answer: "x" }),
        expectDomainError("INVALID_TRANSITION"),
      );

      const draft = await createCareDocument(t.db, pharmacist, {
        kind: "tracing_report",
        patientId: n.patients.shared,
      });
      await discardCareDocument(t.db, pharmacist, draft);
      await assert.rejects(
        getCareDocument(t.db, pharmacist, draft.documentId),
        expectDomainError("NOT_FOUND"),
      );
      assert.deepEqual(await listCareDocuments(t.db, pharmacist, { box: "drafts" }), []);
      const { result: onPatient, event } = await auditedRead(
        t.db,
        pharmacist.practitionerId,
        "care_document.list",
        () => listPatientCareDocuments(t.db, pharmacist, n.patients.shared),
      );
      assert.deepEqual(
        [event.patientId, event.details.documentIds],
        [n.patients.shared, onPatient.map((d) => d.id)],
      );
      assert.equal(onPatient.length, 3);
      assert.ok(!onPatient.some((d) => d.id === draft.documentId));
    });

    it("exports as a PDF with embedded Japanese glyphs and a valid FHIR document, audited", async () => {
      const doc = await careDocumentDocument(t.db, gp, documentId, "pdf");
      assert.equal(doc.draft, false);
      assert.equal(doc.kind, "tracing_report");
      assert.equal(doc.recipient?.facility.id, n.facilities.clinic);
      const bundle = careDocumentBundle(await careDocumentDocument(t.db, pharmacist, documentId, "fhir"));
      assert.deepEqual(validateR4(bundle).errors, []);
      assert.equal(bundle.type, "document");
      assert.equal(bundle.entry![0]!.resource!.resourceType, "Composition");
      assert.match(bundle.identifier?.value ?? "", /^0640000004\^\d{4}\^\d{4}-\d{6}$/);
      const statements = bundle.entry!.filter((e) => e.resource?.resourceType === "MedicationStatement");
      assert.equal(statements.length, 2, "each leftover medicine");
      const pdf = await PdfFile.write(await renderCareDocumentPdf(doc));
      try {
        const text = squeeze(await pdf.text());
        for (const expected of [
          "服薬情報提供書（トレーシングレポート）",
          "緊急を要する疑義照会は、処方医療機関へ電話でご連絡ください",
          "テスト内科クリニック",
          "アムロジピン錠5mg",
          "時々飲み忘れあり",
          "マグミット錠の減量",
          "次回処方でマグミットを1日1回に減量します",
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
        .where(eq(auditEvents.action, "care_document.document_export"));
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
