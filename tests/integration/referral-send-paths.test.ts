import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../server/db/client";
import { auditEvents, departments, notifications, referralEvents, referrals } from "../../server/db/schema";
import { linkAuditEvents } from "../../server/domain/audit/link-audit-events";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { sendReferral, sendReferralStepByStep } from "../../server/domain/referrals/send-referral";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

// sendReferral writes a send in one statement when every check passes, and goes
// step by step otherwise: both ways must leave the same rows behind.
const letter = {
  purpose: "精査加療のお願い",
  chiefComplaint: "右上下肢の脱力",
  diagnoses: [{ name: "脳梗塞疑い", icd10: "I63.9", certainty: "suspected" }],
};

for (const backend of BACKENDS) {
  describe(`referral send: the one-statement way and the step-by-step way (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let neurology: string;
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      const [row] = await t.db
        .insert(departments)
        .values({ facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true })
        .returning({ id: departments.id });
      neurology = row!.id;
      stopListening = onNotification((p) => pushes.push(p));
    });
    after(async () => {
      stopListening();
      await t.close();
    });

    const draft = () =>
      createReferral(t.db, actor(n, "clinic.gp"), {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
        destinationPractitionerId: n.actors["hosp.doctor"]!.practitionerId,
        priority: "urgent",
        content: letter,
      });

    /** What a send left behind, without the ids and times that differ between two sends. */
    async function written(referralId: string) {
      const [r] = await t.db.select().from(referrals).where(eq(referrals.id, referralId));
      assert.ok(r?.sentAt && r.documentNumber);
      assert.equal(r.awaitingSince?.getTime(), r.sentAt.getTime());
      assert.equal(r.statusChangedAt.getTime(), r.sentAt.getTime());
      const events = await t.db
        .select()
        .from(referralEvents)
        .where(eq(referralEvents.referralId, referralId))
        .orderBy(asc(referralEvents.at))
        .then((all) => all.filter((e) => e.kind === "send"));
      const audit = (await t.db.select().from(auditEvents).orderBy(asc(auditEvents.seq))).filter(
        (e) => e.action === "referral.send" && e.details.referralId === referralId,
      );
      const told = await t.db.select().from(notifications).where(eq(notifications.referralId, referralId));
      return {
        referral: {
          status: r.status,
          version: r.version,
          numbered: /^\d{4}-\d{6}$/.test(r.documentNumber),
        },
        events: events.map((e) => ({
          kind: e.kind,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          actorId: e.actorId,
          actorFacilityId: e.actorFacilityId,
          details: e.details,
          atSent: e.at.getTime() === r.sentAt!.getTime(),
        })),
        audit: audit.map((e) => ({
          actorId: e.actorId,
          actorFacilityId: e.actorFacilityId,
          patientId: e.patientId,
          purpose: e.purpose,
          outcome: e.outcome,
          details: { ...e.details, referralId: "(this one)" },
          ip: e.ip,
          keyId: e.keyId,
        })),
        notifications: told
          .map((x) => ({
            recipientId: x.recipientId,
            kind: x.kind,
            event: x.event,
            actorId: x.actorId,
            urgent: x.urgent,
            details: x.details,
            readAt: x.readAt,
          }))
          .sort((a, b) => a.recipientId.localeCompare(b.recipientId)),
      };
    }

    it("writes the same row, history, audit event and notifications either way, and the chain verifies", async () => {
      const gp = actor(n, "clinic.gp");
      const [quick, careful] = [await draft(), await draft()];
      pushes.length = 0;
      // the one-statement way opens no transaction: fail if it tries, so this send proves that way
      const sent = await withoutTransactions(t.db, () => sendReferral(t.db, gp, quick));
      const stepwise = await sendReferralStepByStep(t.db, gp, careful);
      assert.equal(sent.version, stepwise.version);
      assert.notEqual(sent.documentNumber, stepwise.documentNumber);

      const [a, b] = [await written(quick.referralId), await written(careful.referralId)];
      assert.deepEqual(a, b);
      assert.equal(a.events.length, 1);
      assert.equal(a.audit.length, 1);
      assert.deepEqual(a.audit[0]!.details, {
        referralId: "(this one)",
        from: "draft",
        to: "sent",
        toFacilityId: n.facilities.hospital,
        toDepartmentId: neurology,
      });
      // the named doctor and the hospital's doctors (no liaison office here): hosp.doctor once
      assert.deepEqual(
        a.notifications.map((x) => x.recipientId),
        [n.actors["hosp.doctor"]!.practitionerId, n.actors["hosp.admin"]!.practitionerId].sort(),
      );
      // the same push after each commit, but for the referral it names
      assert.deepEqual(
        pushes.map((p) => p.referralId),
        [quick.referralId, careful.referralId],
      );
      assert.deepEqual({ ...pushes[0]!, referralId: null }, { ...pushes[1]!, referralId: null });

      await linkAuditEvents(t.db, { settle: true, gapGraceMs: 0 });
      const verdict = await verifyAuditChain(t.db);
      assert.equal(verdict.ok, true);
    });

    it("refuses a second send of the same version, and a stale one, as the step-by-step way does", async () => {
      const gp = actor(n, "clinic.gp");
      const d = await draft();
      const sent = await sendReferral(t.db, gp, d);
      // the checks see a version that is no longer the draft's: refused on the version field
      await assert.rejects(sendReferral(t.db, gp, d), expectDomainError("CONFLICT", "version"));
      // the current version, but no longer a draft
      await assert.rejects(
        sendReferral(t.db, gp, { referralId: d.referralId, version: sent.version }),
        expectDomainError("INVALID_TRANSITION"),
      );
      const [row] = await t.db.select().from(referrals).where(eq(referrals.id, d.referralId));
      assert.equal(row!.documentNumber, sent.documentNumber);
      assert.equal(row!.version, sent.version);
    });

    it("sends each draft once when many senders send the same drafts at once", async () => {
      const gp = actor(n, "clinic.gp");
      const drafts = [await draft(), await draft(), await draft()];
      const results = await Promise.allSettled(
        drafts.flatMap((d) => [
          sendReferral(t.db, gp, d),
          sendReferral(t.db, gp, d),
          sendReferral(t.db, gp, d),
        ]),
      );
      assert.equal(results.filter((r) => r.status === "fulfilled").length, drafts.length);
      for (const r of results)
        if (r.status === "rejected") expectDomainError("CONFLICT", "version")(r.reason);
      for (const d of drafts) {
        const events = await t.db
          .select()
          .from(referralEvents)
          .where(eq(referralEvents.referralId, d.referralId));
        assert.equal(events.filter((e) => e.kind === "send").length, 1);
      }
    });
  });
}

async function withoutTransactions<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const original = db.transaction.bind(db);
  db.transaction = () => {
    throw new Error("the one-statement send opened a transaction");
  };
  try {
    return await work();
  } finally {
    db.transaction = original;
  }
}
