import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, count, eq, sql } from "drizzle-orm";
import { auditEvents, departments, notifications, referralEvents, referrals } from "../../server/db/schema";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import {
  listNotifications,
  markNotificationsRead,
} from "../../server/domain/notifications/list-notifications";
import {
  answerAdvice,
  askAdvice,
  convertAdviceToReferral,
} from "../../server/domain/referrals/advice-requests";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { getReferral } from "../../server/domain/referrals/get-referral";
import { listReferrals } from "../../server/domain/referrals/list-referrals";
import {
  addReferralAttachment,
  getReferralAttachment,
} from "../../server/domain/referrals/referral-attachments";
import {
  referralLetterDocument,
  referralReplyDocument,
} from "../../server/domain/referrals/referral-documents";
import { referralLetterBundle, referralReplyBundle } from "../../server/documents/fhir/referral-bundle";
import { validateR4 } from "../helpers/fhir-validation";
import { recordUrl } from "../../server/domain/records/record-url";
import { acknowledgeReply, replyToReferral } from "../../server/domain/referrals/reply-to-referral";
import {
  acceptReferral,
  cancelReferral,
  declineReferral,
  forwardReferral,
} from "../../server/domain/referrals/respond-to-referral";
import { saveReferralDraft } from "../../server/domain/referrals/save-referral-draft";
import { sendReferral } from "../../server/domain/referrals/send-referral";
import { auditedRead } from "../helpers/audit";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, fakeExecutable, tinyPdf, type Network } from "../helpers/fixtures";

const letter = {
  purpose: "精査加療のお願い",
  chiefComplaint: "右上下肢の脱力",
  diagnoses: [{ name: "脳梗塞疑い", icd10: "I63.9", certainty: "suspected" }],
  medications: [{ name: "アムロジピン錠5mg", dosage: "1回1錠 1日1回" }],
};

for (const backend of BACKENDS) {
  describe(`referrals: the closed loop across facilities (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let neurology: string;
    let outsiderInternal: string;
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      const rows = await t.db
        .insert(departments)
        .values([
          {
            facilityId: n.facilities.hospital,
            name: "脳神経内科",
            acceptsReferrals: true,
            referralNotes: "MRI画像",
          },
          { facilityId: n.facilities.hospital, name: "医事課", acceptsReferrals: false },
          { facilityId: n.facilities.outsider, name: "内科", acceptsReferrals: true },
        ])
        .returning({ id: departments.id, name: departments.name });
      neurology = rows[0]!.id;
      outsiderInternal = rows[2]!.id;
      stopListening = onNotification((p) => pushes.push(p));
    });
    after(async () => {
      stopListening();
      await t.close();
    });

    const toHospital = () => ({
      destinationFacilityId: n.facilities.hospital,
      destinationDepartmentId: neurology,
    });

    it("refuses a draft for a patient outside consent, from a non-doctor, or to a department that takes no referrals", async () => {
      await assert.rejects(
        createReferral(t.db, actor(n, "clinic.gp"), { patientId: n.patients.notShared, ...toHospital() }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        createReferral(t.db, actor(n, "pharm.pharmacist"), { patientId: n.patients.shared, ...toHospital() }),
        expectDomainError("FORBIDDEN"),
      );
      const [office] = await t.db
        .select({ id: departments.id })
        .from(departments)
        .where(eq(departments.name, "医事課"));
      await assert.rejects(
        createReferral(t.db, actor(n, "clinic.gp"), {
          patientId: n.patients.shared,
          destinationFacilityId: n.facilities.hospital,
          destinationDepartmentId: office!.id,
        }),
        expectDomainError("VALIDATION", "destinationDepartmentId"),
      );
      await assert.rejects(
        createReferral(t.db, actor(n, "clinic.gp"), {
          patientId: n.patients.shared,
          destinationFacilityId: n.facilities.outsider,
          destinationDepartmentId: neurology,
        }),
        expectDomainError("VALIDATION", "destinationDepartmentId"),
      );
    });

    it("runs the whole loop: draft, attachments, send, receive, accept, interim report, reply, acknowledgement", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const { referralId, version } = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        ...toHospital(),
      });

      // an incomplete letter is refused, naming the sections
      await assert.rejects(
        sendReferral(t.db, gp, { referralId, version }),
        expectDomainError("VALIDATION", "content.purpose"),
      );

      const saved = await saveReferralDraft(t.db, gp, {
        referralId,
        version,
        ...toHospital(),
        priority: "urgent",
        requestedBy: "2026-12-01",
        content: letter,
      });
      assert.equal(saved.version, version + 1);
      // a second editor working from the old version is refused, not merged
      await assert.rejects(
        saveReferralDraft(t.db, gp, {
          referralId,
          version,
          ...toHospital(),
          priority: "routine",
          content: letter,
        }),
        expectDomainError("CONFLICT", "version"),
      );

      // attachments: checked by content and size
      await assert.rejects(
        addReferralAttachment(t.db, gp, referralId, { fileName: "ct.pdf", bytes: fakeExecutable() }),
        expectDomainError("UNSUPPORTED_MEDIA_TYPE", "file"),
      );
      const oversized = new Uint8Array(31 * 1024 * 1024);
      oversized.set(tinyPdf());
      await assert.rejects(
        addReferralAttachment(t.db, gp, referralId, { fileName: "big.pdf", bytes: oversized }),
        expectDomainError("PAYLOAD_TOO_LARGE", "file"),
      );
      const dicom = new Uint8Array(300);
      dicom.set([0x44, 0x49, 0x43, 0x4d], 128);
      const { attachmentId } = await addReferralAttachment(t.db, gp, referralId, {
        fileName: "ct.pdf",
        bytes: tinyPdf(),
      });
      await addReferralAttachment(t.db, gp, referralId, { fileName: "head.dcm", bytes: dicom });

      // the destination cannot see a draft at all
      await assert.rejects(getReferral(t.db, doctor, referralId), expectDomainError("NOT_FOUND"));

      pushes.length = 0;
      const sent = await sendReferral(t.db, gp, { referralId, version: saved.version });
      assert.match(sent.documentNumber!, /^\d{4}-\d{6}$/);
      assert.equal(pushes.length, 1);
      assert.equal(pushes[0]!.kind, "referral_received");
      assert.equal(pushes[0]!.urgent, true);
      assert.ok(pushes[0]!.recipientIds.includes(doctor.practitionerId));
      // editing after sending is refused
      await assert.rejects(
        saveReferralDraft(t.db, gp, {
          referralId,
          version: sent.version,
          ...toHospital(),
          priority: "routine",
          content: letter,
        }),
        expectDomainError("INVALID_TRANSITION"),
      );

      // the destination's inbox shows it; the first opening marks it received
      const inbox = await listReferrals(t.db, doctor, { box: "inbox" });
      assert.equal(inbox.counts.sent, 1);
      assert.equal(inbox.items[0]!.patientName, "山田 花子");
      const opened = await getReferral(t.db, doctor, referralId);
      assert.equal(opened.referral.status, "received");
      assert.deepEqual([...opened.commands].sort(), ["accept", "decline", "forward"]);
      assert.equal(opened.attachments.length, 2);
      assert.ok(opened.attachments.some((a) => a.mediaType === "application/dicom"));
      const file = await getReferralAttachment(t.db, doctor, referralId, attachmentId);
      assert.deepEqual(new Uint8Array(file.content), tinyPdf());

      const fromGpSide = await getReferral(t.db, gp, referralId);
      assert.equal(fromGpSide.referral.status, "received");
      assert.deepEqual(fromGpSide.commands, ["cancel"]);

      // a transition from the wrong side or on a stale version is refused
      await assert.rejects(
        acceptReferral(t.db, gp, {
          referralId,
          version: opened.referral.version,
          appointmentAt: "2026-12-01T10:00:00+09:00",
        }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        acceptReferral(t.db, doctor, {
          referralId,
          version: sent.version,
          appointmentAt: "2026-12-01T10:00:00+09:00",
        }),
        expectDomainError("CONFLICT"),
      );
      await assert.rejects(
        acceptReferral(t.db, doctor, {
          referralId,
          version: opened.referral.version,
          appointmentAt: "2026-12-01 10:00",
        }),
        expectDomainError("VALIDATION", "appointmentAt"),
      );
      const accepted = await acceptReferral(t.db, doctor, {
        referralId,
        version: opened.referral.version,
        appointmentAt: "2026-12-01T10:00:00+09:00",
      });
      assert.equal(accepted.status, "accepted");
      // accepted: the sender may no longer cancel
      await assert.rejects(
        cancelReferral(t.db, gp, { referralId, version: accepted.version }),
        expectDomainError("INVALID_TRANSITION"),
      );

      await assert.rejects(
        replyToReferral(t.db, doctor, { referralId, version: accepted.version, kind: "final", content: {} }),
        expectDomainError("VALIDATION", "content.findings"),
      );
      const interim = await replyToReferral(t.db, doctor, {
        referralId,
        version: accepted.version,
        kind: "interim",
        content: { findings: "MRIで左放線冠に梗塞巣を認めます。入院加療中です。" },
      });
      assert.equal(interim.status, "interim_report");
      const final = await replyToReferral(t.db, doctor, {
        referralId,
        version: interim.version,
        kind: "final",
        content: {
          visitedOn: "2026-12-01",
          findings: "ラクナ梗塞。抗血小板療法を開始しました。",
          treatmentPlan: "当院外来で経過観察",
          disposition: "follow_up_here",
        },
      });
      assert.equal(final.status, "completed");

      await assert.rejects(
        acknowledgeReply(t.db, doctor, { replyId: final.replyId }),
        expectDomainError("FORBIDDEN"),
      );
      await acknowledgeReply(t.db, gp, { replyId: final.replyId });
      const done = await getReferral(t.db, doctor, referralId);
      assert.equal(done.replies.length, 2);
      assert.ok(done.replies.find((r) => r.id === final.replyId)!.acknowledgedAt);
      assert.deepEqual(
        done.events.map((e) => e.kind),
        ["created", "send", "receive", "accept", "interim_report", "complete", "acknowledge_reply"],
      );

      // the GP was told of each step, in the notification centre that survives reloads
      const centre = await listNotifications(t.db, gp);
      assert.ok(centre.unread >= 4, `unread ${centre.unread}`);
      assert.ok(centre.items.some((i) => i.kind === "referral_reply" && i.event === "complete"));
      // each line says which letter: its number, the department it went to, the booked date
      const acceptLine = centre.items.find((i) => i.kind === "referral_status" && i.event === "accept");
      assert.ok(done.referral.documentNumber);
      assert.equal(acceptLine?.documentNumber, done.referral.documentNumber);
      assert.equal(acceptLine?.departmentName, done.destination.department.name);
      assert.equal(
        acceptLine?.appointmentAt?.toISOString(),
        new Date("2026-12-01T10:00:00+09:00").toISOString(),
      );
      assert.equal(await markNotificationsRead(t.db, gp), centre.unread);
      assert.equal((await listNotifications(t.db, gp)).unread, 0);

      // the letter and the reply, as stored, export as valid FHIR document Bundles
      const letterDoc = await referralLetterDocument(t.db, doctor, referralId, "fhir");
      assert.equal(letterDoc.attachments.length, 2);
      assert.equal(letterDoc.patient.localId, null); // the clinic keeps no local ID in this network
      const letterBundle = referralLetterBundle(letterDoc);
      assert.deepEqual(validateR4(letterBundle).errors, []);
      assert.equal(letterBundle.entry![0]!.resource!.resourceType, "Composition");
      const replyDoc = await referralReplyDocument(t.db, gp, referralId, final.replyId, "pdf");
      assert.equal(replyDoc.patient.localId, "H10001"); // the hospital's own patient number
      assert.deepEqual(validateR4(referralReplyBundle(replyDoc)).errors, []);

      // the history cannot be rewritten
      await assert.rejects(
        t.db.update(referralEvents).set({ kind: "cancel" }).where(eq(referralEvents.referralId, referralId)),
      );
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });

    it("refuses a facility outside the patient's consent until the consent is widened (連携先追加)", async () => {
      const gp = actor(n, "clinic.gp");
      const draft = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.outsider,
        destinationDepartmentId: outsiderInternal,
        content: letter,
      });
      await assert.rejects(
        sendReferral(t.db, gp, { referralId: draft.referralId, version: draft.version }),
        expectDomainError("CONSENT_REQUIRED", "destinationFacilityId"),
      );
      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        effectiveOn: "2026-11-20",
        facilityIds: [n.facilities.outsider],
        document: { fileName: "consent-add.pdf", bytes: tinyPdf() },
      });
      const sent = await sendReferral(t.db, gp, { referralId: draft.referralId, version: draft.version });
      const outsider = actor(n, "outsider.gp");
      const opened = await getReferral(t.db, outsider, draft.referralId);
      assert.equal(opened.referral.status, "received");
      assert.ok(sent.version < opened.referral.version);
      const declined = await declineReferral(t.db, outsider, {
        referralId: draft.referralId,
        version: opened.referral.version,
        reason: "refer_elsewhere",
        note: "脳神経内科のある病院へご紹介ください",
      });
      assert.equal(declined.status, "declined");
      await assert.rejects(
        declineReferral(t.db, outsider, {
          referralId: draft.referralId,
          version: declined.version,
          reason: "other",
        }),
        expectDomainError("VALIDATION", "note"),
      );
    });

    it("keeps a third facility out, and audits the attempt", async () => {
      const gp = actor(n, "clinic.gp");
      const draft = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        ...toHospital(),
        content: letter,
      });
      await sendReferral(t.db, gp, draft);
      const pharmacist = actor(n, "pharm.pharmacist");
      await assert.rejects(getReferral(t.db, pharmacist, draft.referralId), expectDomainError("NOT_FOUND"));
      await assert.rejects(
        referralLetterDocument(t.db, pharmacist, draft.referralId, "pdf"),
        expectDomainError("NOT_FOUND"),
      );
      const [denied] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.actorId, pharmacist.practitionerId),
            eq(auditEvents.outcome, "denied"),
            sql`${auditEvents.details}->>'referralId' = ${draft.referralId}`,
          ),
        );
      assert.equal(denied!.n, 2);
      // and the pharmacy's worklists hold nothing
      await assert.rejects(listReferrals(t.db, pharmacist, { box: "inbox" }), expectDomainError("FORBIDDEN"));
    });

    it("forwards to another department, keeping the history and the former destination's read access", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const draft = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        ...toHospital(),
        content: letter,
      });
      await sendReferral(t.db, gp, draft);
      const opened = await getReferral(t.db, doctor, draft.referralId);
      // the outsider clinic is inside consent since the previous test
      const forwarded = await forwardReferral(t.db, doctor, {
        referralId: draft.referralId,
        version: opened.referral.version,
        destinationFacilityId: n.facilities.outsider,
        destinationDepartmentId: outsiderInternal,
        note: "近医での対応が適切と判断",
      });
      assert.equal(forwarded.status, "forwarded");
      const formerView = await getReferral(t.db, doctor, draft.referralId);
      assert.equal(formerView.side, "former_destination");
      assert.deepEqual(formerView.commands, []);
      const outsiderView = await getReferral(t.db, actor(n, "outsider.gp"), draft.referralId);
      assert.equal(outsiderView.referral.status, "received");
      const forward = outsiderView.events.find((e) => e.kind === "forward")!;
      assert.equal(forward.details.fromFacilityId, n.facilities.hospital);
    });

    it("flags a referral with no answer after the configured days as overdue, on both sides", async () => {
      const gp = actor(n, "clinic.gp");
      const draft = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        ...toHospital(),
        content: letter,
      });
      await sendReferral(t.db, gp, draft);
      await t.db.execute(
        sql`update referrals set awaiting_since = now() - interval '8 days' where id = ${draft.referralId}`,
      );
      const outbox = await listReferrals(t.db, gp, { box: "outbox", overdue: true });
      assert.deepEqual(
        outbox.items.map((i) => i.id),
        [draft.referralId],
      );
      assert.equal(outbox.overdue, 1);
      const inbox = await listReferrals(t.db, actor(n, "hosp.doctor"), { box: "inbox", overdue: true });
      assert.deepEqual(
        inbox.items.map((i) => i.id),
        [draft.referralId],
      );
      assert.equal((await getReferral(t.db, gp, draft.referralId)).referral.overdue, true);
    });

    it("gives concurrent senders distinct document numbers", async () => {
      const gp = actor(n, "clinic.gp");
      const drafts = await Promise.all(
        Array.from({ length: 6 }, () =>
          createReferral(t.db, gp, { patientId: n.patients.shared, ...toHospital(), content: letter }),
        ),
      );
      const sent = await Promise.all(drafts.map((d) => sendReferral(t.db, gp, d)));
      const numbers = sent.map((s) => s.documentNumber);
      assert.equal(new Set(numbers).size, numbers.length);
    });

    it("pages a worklist by keyset without skipping or repeating, and its chip counts match a full count", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const drafts = await Promise.all(
        Array.from({ length: 5 }, () =>
          createReferral(t.db, gp, { patientId: n.patients.shared, ...toHospital(), content: letter }),
        ),
      );
      for (const d of drafts.slice(0, 4)) await sendReferral(t.db, gp, d);
      await sendReferral(t.db, gp, {
        ...(await createReferral(t.db, gp, {
          patientId: n.patients.shared,
          ...toHospital(),
          content: letter,
        })),
      });
      for (const [box, who] of [
        ["inbox", doctor],
        ["outbox", gp],
      ] as const) {
        const whole = await listReferrals(t.db, who, { box, limit: 200 });
        const seen: string[] = [];
        let cursor: string | null | undefined;
        for (let guard = 0; guard < 100; guard++) {
          const page = await listReferrals(t.db, who, {
            box,
            limit: 2,
            ...(cursor ? { after: cursor } : {}),
          });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        assert.deepEqual(
          seen,
          whole.items.map((i) => i.id),
          box,
        );
        // the counters kept by the triggers agree with counting the rows
        const facility = box === "inbox" ? n.facilities.hospital : n.facilities.clinic;
        const counted = await t.db
          .select({ status: referrals.status, n: count() })
          .from(referrals)
          .where(
            box === "inbox"
              ? and(eq(referrals.destinationFacilityId, facility), sql`${referrals.status} <> 'draft'`)
              : eq(referrals.referrerFacilityId, facility),
          )
          .groupBy(referrals.status);
        const expected = Object.fromEntries(Object.keys(whole.counts).map((k) => [k, 0]));
        for (const c of counted) expected[c.status] = c.n;
        assert.deepEqual(whole.counts, expected, box);
        assert.equal(whole.total, whole.items.length, box);
      }
      await assert.rejects(
        listReferrals(t.db, doctor, { box: "inbox", after: "bm90LWEtY3Vyc29y" }),
        expectDomainError("VALIDATION", "after"),
      );
    });

    it("audits an inbox page's read: the patients it names, in the page's order, none for a page that names none", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const [office] = await t.db
        .select({ id: departments.id })
        .from(departments)
        .where(
          and(eq(departments.facilityId, n.facilities.hospital), eq(departments.acceptsReferrals, false)),
        );
      await sendReferral(
        t.db,
        gp,
        await createReferral(t.db, gp, { patientId: n.patients.shared, ...toHospital(), content: letter }),
      );
      // a letter about a patient outside the hospital's consent (sent before a change of
      // consent, say), urgent so that it heads the page, in a department of its own
      await t.db.insert(referrals).values({
        status: "sent",
        priority: "urgent",
        patientId: n.patients.notShared,
        referrerId: gp.practitionerId,
        referrerFacilityId: gp.facilityId,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: office!.id,
        content: sql`${JSON.stringify(letter)}::jsonb`,
        documentNumber: "2026-999999",
        sentAt: new Date(),
        awaitingSince: new Date(),
      });
      const { result: page, event } = await auditedRead(t.db, doctor.practitionerId, "referral.view", () =>
        listReferrals(t.db, doctor, { box: "inbox" }),
      );
      assert.equal(page.items[0]!.patientId, n.patients.notShared);
      assert.deepEqual([page.items[0]!.inConsent, page.items[0]!.patientName], [false, null]);
      const named = [...new Set(page.items.filter((i) => i.inConsent).map((i) => i.patientId))];
      assert.deepEqual(named, [n.patients.shared]);
      assert.deepEqual(event, {
        patientId: null,
        outcome: "success",
        details: { worklist: "inbox", patientIds: named },
      });
      // inside a transaction the event is appended beside it, alike
      const inTx = await auditedRead(t.db, doctor.practitionerId, "referral.view", () =>
        t.db.transaction((tx) => listReferrals(tx, doctor, { box: "inbox" })),
      );
      assert.deepEqual(inTx.event, event);
      // a page naming no patient records no read of patient data
      const events = () =>
        t.db
          .select({ n: count() })
          .from(auditEvents)
          .where(
            and(eq(auditEvents.actorId, doctor.practitionerId), eq(auditEvents.action, "referral.view")),
          );
      const [before] = await events();
      const redacted = await listReferrals(t.db, doctor, { box: "inbox", departmentId: office!.id });
      assert.deepEqual(
        redacted.items.map((i) => [i.patientId, i.patientName]),
        [[n.patients.notShared, null]],
      );
      assert.deepEqual(await events(), [before]);
      // an empty page still has its chips' counts (the department's one letter is sent, not
      // completed) and the box's overdue count, as the page that had rows
      const empty = await listReferrals(t.db, doctor, {
        box: "inbox",
        departmentId: office!.id,
        status: "completed",
      });
      assert.deepEqual(
        [empty.items.length, empty.counts.sent, empty.counts.completed, empty.total, empty.overdue],
        [0, 1, 0, 1, page.overdue],
      );
      assert.deepEqual(await events(), [before]);
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });

    it("answers advice before referral, or turns it into a draft letter for the asking GP", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const ask = (question: string) =>
        askAdvice(t.db, gp, { patientId: n.patients.shared, ...toHospital(), question });
      await assert.rejects(
        askAdvice(t.db, gp, { patientId: n.patients.shared, ...toHospital(), question: "  " }),
        expectDomainError("VALIDATION", "question"),
      );
      const first = await ask("抗血小板薬の継続可否についてご意見をお願いします");
      await answerAdvice(t.db, doctor, {
        adviceRequestId: first.adviceRequestId,
        answer: "継続で問題ありません",
      });
      await assert.rejects(
        answerAdvice(t.db, doctor, { adviceRequestId: first.adviceRequestId, answer: "再回答" }),
        expectDomainError("INVALID_TRANSITION"),
      );
      const second = await ask("頭部MRIの適応についてご相談です");
      const converted = await convertAdviceToReferral(t.db, doctor, {
        adviceRequestId: second.adviceRequestId,
        answer: "一度受診をお願いします",
      });
      const draft = await getReferral(t.db, gp, converted.referralId);
      assert.equal(draft.referral.status, "draft");
      assert.equal(draft.referral.content.purpose, "頭部MRIの適応についてご相談です");
      assert.equal(draft.referral.destinationPractitionerId, doctor.practitionerId);
      const [told] = await t.db
        .select({ n: count() })
        .from(notifications)
        .where(
          and(eq(notifications.recipientId, gp.practitionerId), eq(notifications.kind, "advice_answered")),
        );
      assert.equal(told!.n, 2);
    });
  });
}

describe("record links to the referrer's own system", () => {
  it("fills the local patient ID into the viewer address, encoded, and lets only web addresses out", () => {
    assert.equal(
      recordUrl("https://emr.example.jp/view/{localId}", "H 1/2"),
      "https://emr.example.jp/view/H%201%2F2",
    );
    assert.equal(
      recordUrl("https://emr.example.jp/view?x=1", "H1"),
      "https://emr.example.jp/view?x=1&patient=H1",
    );
    assert.throws(() => recordUrl("javascript:alert(1)//{localId}", "H1"));
  });
});
