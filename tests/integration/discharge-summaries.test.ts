import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents, departments, notifications, patients, referrals } from "../../server/db/schema";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { getReferral } from "../../server/domain/referrals/get-referral";
import { acceptReferral } from "../../server/domain/referrals/respond-to-referral";
import { saveReferralDraft } from "../../server/domain/referrals/save-referral-draft";
import { sendReferral } from "../../server/domain/referrals/send-referral";
import { acknowledgeSummary } from "../../server/domain/summaries/acknowledge-summary";
import { amendSummary, discardSummaryAmendment } from "../../server/domain/summaries/amend-summary";
import { createSummary } from "../../server/domain/summaries/create-summary";
import { getSummary } from "../../server/domain/summaries/get-summary";
import { listNotifications } from "../../server/domain/notifications/list-notifications";
import { listSummaries } from "../../server/domain/summaries/list-summaries";
import { listReferralSummaries } from "../../server/domain/summaries/list-referral-summaries";
import { saveSummaryDraft } from "../../server/domain/summaries/save-summary-draft";
import { sendSummary } from "../../server/domain/summaries/send-summary";
import { dischargeSummaryDocument } from "../../server/domain/summaries/summary-documents";
import { listSummaryRecipientOptions } from "../../server/domain/summaries/summary-recipients";
import { dischargeSummaryBundle } from "../../server/documents/fhir/discharge-summary-bundle";
import { renderDischargeSummaryPdf } from "../../server/documents/pdf/discharge-summary-pdf";
import { validateR4 } from "../helpers/fhir-validation";
import { PdfFile, squeeze } from "../helpers/pdf";
import { BACKENDS, createTestDatabase, dbErrorMatching, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { auditedRead } from "../helpers/audit";
import { actor, createNetwork, tinyPdf, type Network } from "../helpers/fixtures";
import { completeSummary } from "../helpers/summary-content";

for (const backend of BACKENDS) {
  describe(`discharge summaries: from the hospital to the GP and the care team (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let referralId: string;
    let summaryId: string;
    let revision: number;
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      stopListening = onNotification((p) => pushes.push(p));
      // the clinic refers 山田花子 to the hospital, which accepts and admits her
      const [neurology] = await t.db
        .insert(departments)
        .values({ facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true })
        .returning({ id: departments.id });
      const gp = actor(n, "clinic.gp");
      const draft = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology!.id,
      });
      const saved = await saveReferralDraft(t.db, gp, {
        referralId: draft.referralId,
        version: draft.version,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology!.id,
        priority: "urgent",
        content: {
          purpose: "精査加療のお願い",
          chiefComplaint: "右上下肢の脱力",
          diagnoses: [{ name: "脳梗塞疑い", icd10: "I63.9", certainty: "suspected" }],
          allergies: [{ substance: "ペニシリン", reaction: "発疹" }],
        },
      });
      await sendReferral(t.db, gp, { referralId: draft.referralId, version: saved.version });
      const doctor = actor(n, "hosp.doctor");
      const opened = await getReferral(t.db, doctor, draft.referralId);
      await acceptReferral(t.db, doctor, {
        referralId: draft.referralId,
        version: opened.referral.version,
        appointmentAt: "2026-11-02T10:00:00+09:00",
      });
      referralId = draft.referralId;
    });
    after(async () => {
      stopListening();
      await t.close();
    });

    it("is written by a hospital's doctors, for a patient inside consent", async () => {
      await assert.rejects(
        createSummary(t.db, actor(n, "clinic.gp"), { patientId: n.patients.shared }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        createSummary(t.db, actor(n, "hosp.clerk"), { patientId: n.patients.shared }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        createSummary(t.db, actor(n, "hosp.doctor"), { patientId: n.patients.notShared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        createSummary(t.db, actor(n, "hosp.doctor"), { patientId: n.patients.withdrawn, referralId }),
        expectDomainError("VALIDATION", "referralId"),
      );
      await assert.rejects(
        createSummary(t.db, actor(n, "hosp.doctor"), { patientId: "not-a-uuid" }),
        expectDomainError("VALIDATION", "patientId"),
      );
    });

    it("answers the referral that brought the patient, even started from the patient page: the referring GP is the first recipient and the letter pre-fills it", async () => {
      const doctor = actor(n, "hosp.doctor");
      // started from the patient page, naming no referral: the admitting referral is found and answered
      const created = await createSummary(t.db, doctor, {
        patientId: n.patients.shared,
        authorDepartment: "脳神経内科",
      });
      summaryId = created.summaryId;
      revision = created.revision;
      const view = await getSummary(t.db, doctor, summaryId);
      assert.equal(view.status, "draft");
      assert.equal(view.shown.version, "draft");
      assert.deepEqual(
        view.recipients.map((r) => [r.facilityId, r.kind, r.practitionerId, r.sinceVersion]),
        [[n.facilities.clinic, "referrer", actor(n, "clinic.gp").practitionerId, null]],
      );
      assert.equal(view.shown.content.diagnoses[0]?.name, "脳梗塞疑い");
      assert.equal(view.shown.content.allergies[0]?.substance, "ペニシリン");
      assert.equal(view.shown.content.reasonForAdmission, "精査加療のお願い");
      assert.deepEqual(view.referral, {
        id: referralId,
        documentNumber: view.referral?.documentNumber ?? null,
      });
      // one summary answers one referral
      await assert.rejects(
        createSummary(t.db, doctor, { patientId: n.patients.shared, referralId }),
        expectDomainError("CONFLICT", "referralId"),
      );
      assert.deepEqual(
        (await listReferralSummaries(t.db, doctor, referralId)).map((s) => [s.id, s.status, s.mine]),
        [[summaryId, "draft", true]],
      );
      assert.deepEqual(await listReferralSummaries(t.db, actor(n, "clinic.gp"), referralId), []);
      // the draft is the hospital's alone: a recipient chosen in it sees nothing yet
      await assert.rejects(
        getSummary(t.db, actor(n, "clinic.gp"), summaryId),
        expectDomainError("NOT_FOUND"),
      );
      const options = await listSummaryRecipientOptions(t.db, doctor, n.patients.shared);
      assert.deepEqual(options.map((o) => o.id).sort(), [n.facilities.clinic, n.facilities.pharmacy].sort());
    });

    it("autosaves, refuses a stale revision, and names every missing section before sending", async () => {
      const doctor = actor(n, "hosp.doctor");
      const save = (content: object, recipients: object[], rev = revision) =>
        saveSummaryDraft(t.db, doctor, {
          summaryId,
          revision: rev,
          authorDepartment: "脳神経内科",
          recipients,
          content,
        });
      const gpRecipient = {
        facilityId: n.facilities.clinic,
        practitionerId: actor(n, "clinic.gp").practitionerId,
      };
      const partial = await save({ hospitalCourse: "経過良好", admissionDate: "2026-11-02" }, [gpRecipient]);
      revision = partial.revision;
      await assert.rejects(save({}, [gpRecipient], revision - 1), expectDomainError("CONFLICT", "revision"));
      await assert.rejects(
        save({}, [{ facilityId: n.facilities.hospital, practitionerId: null }]),
        expectDomainError("VALIDATION", "recipients.0.facilityId"),
      );
      await assert.rejects(
        save({ dischargeDate: "2026-13-40" }, [gpRecipient]),
        expectDomainError("VALIDATION", "content.dischargeDate"),
      );
      await assert.rejects(sendSummary(t.db, doctor, { summaryId, revision }), (e: unknown) => {
        expectDomainError("VALIDATION")(e);
        const fields = (e as { fields: { field: string }[] }).fields.map((f) => f.field);
        for (const f of [
          "content.dischargeDate",
          "content.reasonForAdmission",
          "content.conditionAtDischarge",
          "content.followUpPlan",
          "content.dischargeDestination",
          "content.dischargeMedications",
        ]) {
          assert.ok(fields.includes(f), `missing ${f} in ${fields.join(", ")}`);
        }
        assert.ok(!fields.includes("content.hospitalCourse"));
        return true;
      });
      const backwards = await save({ ...completeSummary, dischargeDate: "2026-11-01" }, [gpRecipient]);
      revision = backwards.revision;
      await assert.rejects(
        sendSummary(t.db, doctor, { summaryId, revision }),
        expectDomainError("VALIDATION", "content.dischargeDate"),
      );
    });

    it("refuses to send to a facility outside the patient's consent, naming it", async () => {
      const doctor = actor(n, "hosp.doctor");
      const saved = await saveSummaryDraft(t.db, doctor, {
        summaryId,
        revision,
        authorDepartment: "脳神経内科",
        recipients: [
          { facilityId: n.facilities.clinic, practitionerId: actor(n, "clinic.gp").practitionerId },
          { facilityId: n.facilities.outsider },
        ],
        content: completeSummary,
      });
      revision = saved.revision;
      await assert.rejects(
        sendSummary(t.db, doctor, { summaryId, revision }),
        expectDomainError("CONSENT_REQUIRED", "recipients.1.facilityId"),
      );
    });

    it("sends version 1 to the GP and the pharmacy, closes the referral's loop and tells them live", async () => {
      const doctor = actor(n, "hosp.doctor");
      const saved = await saveSummaryDraft(t.db, doctor, {
        summaryId,
        revision,
        authorDepartment: "脳神経内科",
        recipients: [
          { facilityId: n.facilities.clinic, practitionerId: actor(n, "clinic.gp").practitionerId },
          { facilityId: n.facilities.pharmacy },
        ],
        content: completeSummary,
      });
      pushes.length = 0;
      const sent = await sendSummary(t.db, doctor, { summaryId, revision: saved.revision });
      revision = sent.revision;
      assert.equal(sent.version, 1);
      assert.match(sent.documentNumber ?? "", /^\d{4}-\d{6}$/);

      const [referral] = await t.db.select().from(referrals).where(eq(referrals.id, referralId));
      assert.equal(referral!.status, "completed");
      const gpLines = await listReferralSummaries(t.db, actor(n, "clinic.gp"), referralId);
      assert.deepEqual(
        gpLines.map((s) => [s.id, s.sentVersion, s.mine]),
        [[summaryId, 1, false]],
      );
      const summaryPush = pushes.find((p) => p.kind === "summary_received");
      assert.ok(summaryPush, "recipients are told");
      assert.equal(summaryPush.dischargeSummaryId, summaryId);
      assert.ok(summaryPush.recipientIds.includes(actor(n, "clinic.gp").practitionerId));
      assert.ok(summaryPush.recipientIds.includes(actor(n, "pharm.pharmacist").practitionerId));
      assert.ok(!summaryPush.recipientIds.includes(doctor.practitionerId));
      assert.ok(pushes.some((p) => p.kind === "referral_status" && p.referralId === referralId));
      const [stored] = await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(
          and(
            eq(notifications.dischargeSummaryId, summaryId),
            eq(notifications.recipientId, actor(n, "clinic.gp").practitionerId),
          ),
        );
      assert.equal(stored!.n, 1);
      // the notification centre links the summary and names its patient (the GP's clinic is inside consent)
      const centre = await listNotifications(t.db, actor(n, "clinic.gp"));
      const line = centre.items.find((i) => i.kind === "summary_received");
      assert.equal(line?.dischargeSummaryId, summaryId);
      assert.equal(line?.patientName, "山田 花子");
      // what was sent can no longer be edited as a draft
      await assert.rejects(
        saveSummaryDraft(t.db, doctor, { summaryId, revision, recipients: [], content: {} }),
        expectDomainError("INVALID_TRANSITION"),
      );
    });

    it("recipients read it in their role's order; outsiders and clerks are refused and audited", async () => {
      const gpView = await getSummary(t.db, actor(n, "clinic.gp"), summaryId);
      assert.equal(gpView.side, "recipient");
      assert.equal(gpView.shown.version, 1);
      assert.deepEqual(gpView.sections.focus, []);
      assert.equal(gpView.can.acknowledge, true);
      assert.equal(gpView.can.edit, false);
      const pharmacistView = await getSummary(t.db, actor(n, "pharm.pharmacist"), summaryId);
      assert.equal(pharmacistView.sections.focus[0], "dischargeMedications");
      assert.ok(pharmacistView.sections.rest.includes("hospitalCourse"), "the whole summary stays readable");
      assert.equal(pharmacistView.shown.content.dischargeMedications.length, 2);

      await assert.rejects(
        getSummary(t.db, actor(n, "outsider.gp"), summaryId),
        expectDomainError("NOT_FOUND"),
      );
      await assert.rejects(
        getSummary(t.db, actor(n, "hosp.clerk"), summaryId),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        getSummary(t.db, actor(n, "clinic.gp"), "00000000-0000-4000-8000-000000000000"),
        expectDomainError("NOT_FOUND"),
      );
      const denied = await t.db
        .select({ actorId: auditEvents.actorId })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "summary.view"), eq(auditEvents.outcome, "denied")));
      assert.ok(denied.some((d) => d.actorId === actor(n, "outsider.gp").practitionerId));
      assert.ok(denied.some((d) => d.actorId === actor(n, "hosp.clerk").practitionerId));
    });

    it("recipients confirm receipt once; the author sees who confirmed and when", async () => {
      const gp = actor(n, "clinic.gp");
      const { result: inbox, event } = await auditedRead(t.db, gp.practitionerId, "summary.list", () =>
        listSummaries(t.db, gp, { box: "inbox" }),
      );
      assert.deepEqual([event.outcome, event.details.patientIds], ["success", [n.patients.shared]]);
      assert.equal(inbox.unacknowledged, 1);
      assert.equal(inbox.summaries[0]?.id, summaryId);
      assert.equal(inbox.summaries[0]?.patient?.regionalId !== undefined, true);
      const [shared] = await t.db
        .select({ regionalId: patients.regionalId })
        .from(patients)
        .where(eq(patients.id, n.patients.shared));
      assert.deepEqual(inbox.summaries[0]?.patient, { name: "山田 花子", regionalId: shared!.regionalId });
      assert.equal(inbox.summaries[0]?.acknowledged, false);

      pushes.length = 0;
      const first = await acknowledgeSummary(t.db, gp, { summaryId, version: 1 });
      const again = await acknowledgeSummary(t.db, gp, { summaryId, version: 1 });
      assert.equal(again.acknowledgedAt, first.acknowledgedAt);
      assert.equal(pushes.filter((p) => p.kind === "summary_acknowledged").length, 1);
      assert.deepEqual(pushes[0]?.recipientIds, [actor(n, "hosp.doctor").practitionerId]);
      await assert.rejects(
        acknowledgeSummary(t.db, gp, { summaryId, version: 2 }),
        expectDomainError("VALIDATION", "version"),
      );
      await assert.rejects(
        acknowledgeSummary(t.db, actor(n, "hosp.doctor"), { summaryId, version: 1 }),
        expectDomainError("FORBIDDEN"),
      );
      assert.equal((await listSummaries(t.db, gp, { box: "inbox", unacknowledged: "1" })).total, 0);

      const authorView = await getSummary(t.db, actor(n, "hosp.doctor"), summaryId);
      const clinic = authorView.recipients.find((r) => r.facilityId === n.facilities.clinic)!;
      const pharmacy = authorView.recipients.find((r) => r.facilityId === n.facilities.pharmacy)!;
      assert.equal(clinic.acknowledgements.length, 1);
      assert.equal(clinic.acknowledgements[0]?.version, 1);
      assert.equal(pharmacy.acknowledgements.length, 0);
      const outbox = await listSummaries(t.db, actor(n, "hosp.doctor"), { box: "outbox" });
      assert.equal(outbox.summaries[0]?.recipientCount, 2);
      assert.equal(outbox.summaries[0]?.ackCount, 1);
    });

    it("amends as a new version with a reason; earlier versions stay readable and unchangeable", async () => {
      const doctor = actor(n, "hosp.doctor");
      const amending = await amendSummary(t.db, doctor, { summaryId, revision });
      revision = amending.revision;
      // recipients keep reading version 1 meanwhile
      assert.equal((await getSummary(t.db, actor(n, "clinic.gp"), summaryId)).shown.version, 1);
      const discarded = await discardSummaryAmendment(t.db, doctor, { summaryId, revision });
      const again = await amendSummary(t.db, doctor, { summaryId, revision: discarded.revision });
      revision = again.revision;
      await assert.rejects(
        sendSummary(t.db, doctor, { summaryId, revision }),
        expectDomainError("VALIDATION", "amendmentNote"),
      );
      const saved = await saveSummaryDraft(t.db, doctor, {
        summaryId,
        revision,
        authorDepartment: "脳神経内科",
        recipients: [{ facilityId: n.facilities.pharmacy }],
        content: {
          ...completeSummary,
          dischargeMedications: [{ name: "クロピドグレル錠75mg", dosage: "1回1錠 1日1回 朝食後" }],
          medicationChanges: "アトルバスタチンは肝機能上昇のため中止",
        },
        amendmentNote: "退院時処方の訂正（アトルバスタチン中止）",
      });
      const sent = await sendSummary(t.db, doctor, { summaryId, revision: saved.revision });
      revision = sent.revision;
      assert.equal(sent.version, 2);

      const gp = actor(n, "clinic.gp");
      const latest = await getSummary(t.db, gp, summaryId);
      assert.equal(latest.shown.version, 2);
      assert.equal(latest.shown.amendmentNote, "退院時処方の訂正（アトルバスタチン中止）");
      assert.equal(latest.shown.content.dischargeMedications.length, 1);
      assert.deepEqual(
        latest.versions.map((v) => v.version),
        [1, 2],
      );
      // the clinic was dropped from the amendment's list, but a recipient once sent to stays one
      assert.ok(latest.recipients.some((r) => r.facilityId === n.facilities.clinic));
      const first = await getSummary(t.db, gp, summaryId, { version: 1 });
      assert.equal(first.shown.content.dischargeMedications.length, 2);
      assert.equal(first.can.acknowledge, false, "version 1 was already confirmed");
      assert.equal((await listSummaries(t.db, gp, { box: "inbox", unacknowledged: "1" })).total, 1);
      await assert.rejects(
        t.db.execute(
          sql`update discharge_summary_versions set amendment_note = 'x' where summary_id = ${summaryId}`,
        ),
        dbErrorMatching(/append-only/),
      );
      await assert.rejects(
        t.db.execute(sql`delete from discharge_summary_acknowledgements where summary_id = ${summaryId}`),
        dbErrorMatching(/append-only/),
      );
    });

    it("gives the renderers each version as it was sent, audited as an export", async () => {
      const gp = actor(n, "clinic.gp");
      const v2 = await dischargeSummaryDocument(t.db, gp, summaryId, "pdf");
      assert.equal(v2.version, 2);
      assert.equal(v2.draft, false);
      assert.equal(v2.amendment?.replacesVersion, 1);
      assert.equal(v2.author.facility.code, "0610000001");
      assert.equal(v2.patient.localId, "H10001");
      assert.equal(v2.referral?.referrerFacility.id, n.facilities.clinic);
      assert.deepEqual(v2.recipients.map((r) => r.kind).sort(), ["care_team", "referrer"]);
      const v1 = await dischargeSummaryDocument(t.db, gp, summaryId, "fhir", 1);
      assert.equal(v1.amendment, null);
      assert.equal(v1.content.dischargeMedications.length, 2);
      await assert.rejects(
        dischargeSummaryDocument(t.db, gp, summaryId, "pdf", "draft"),
        expectDomainError("NOT_FOUND"),
      );
      // both versions, as stored, render: a valid FHIR document each, one identifier for both, and the PDF
      const bundles = [v1, v2].map((doc) => dischargeSummaryBundle(doc));
      for (const bundle of bundles) {
        assert.deepEqual(validateR4(bundle).errors, []);
        assert.equal(bundle.entry![0]!.resource!.resourceType, "Composition");
      }
      assert.equal(bundles[0]!.identifier?.value, bundles[1]!.identifier?.value);
      assert.match(bundles[1]!.identifier?.value ?? "", /^0610000001\^\d{4}\^\d{4}-\d{6}$/);
      const pdf = await PdfFile.write(await renderDischargeSummaryPdf(v2));
      try {
        const text = squeeze(await pdf.text());
        assert.ok(text.includes(squeeze("第2版")), "the amendment is marked");
        assert.ok(text.includes(squeeze("退院時処方の訂正")), "with its reason");
        assert.ok(text.includes(squeeze("クロピドグレル錠75mg")), "the medication");
      } finally {
        await pdf.remove();
      }
      const exports = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, "summary.document_export"), eq(auditEvents.actorId, gp.practitionerId)),
        );
      assert.equal(exports.length, 2);
    });

    it("keeps a line in the inbox after consent is withdrawn, but names no one and opens nothing", async () => {
      const doctor = actor(n, "hosp.doctor");
      const created = await createSummary(t.db, doctor, { patientId: n.patients.withdrawn });
      const saved = await saveSummaryDraft(t.db, doctor, {
        summaryId: created.summaryId,
        revision: created.revision,
        recipients: [{ facilityId: n.facilities.clinic }],
        content: completeSummary,
      });
      await sendSummary(t.db, doctor, { summaryId: created.summaryId, revision: saved.revision });
      await withdrawConsent(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.withdrawn,
        withdrawnOn: "2026-11-21",
        document: { fileName: "withdrawal.pdf", bytes: tinyPdf("withdrawn") },
      });
      const inbox = await listSummaries(t.db, actor(n, "clinic.gp"), { box: "inbox" });
      const line = inbox.summaries.find((s) => s.id === created.summaryId);
      assert.ok(line, "the line stays");
      assert.equal(line.patient, null);
      await assert.rejects(
        getSummary(t.db, actor(n, "clinic.gp"), created.summaryId),
        expectDomainError("CONSENT_REQUIRED"),
      );
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });
  });
}
