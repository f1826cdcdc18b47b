import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, queryRows, type Database } from "../../server/db/client";
import { departments } from "../../server/db/schema";
import { startAuditCheckpoints } from "../../server/domain/audit/audit-checkpoints";
import { setAuditKeyring } from "../../server/domain/audit/audit-keys";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { saveReferralDraft } from "../../server/domain/referrals/save-referral-draft";
import { sendReferral } from "../../server/domain/referrals/send-referral";
import { keyringOf, newAuditKey } from "../helpers/audit";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { startPgCluster, type PgCluster } from "../helpers/pg-cluster";

const letter = {
  purpose: "精査加療のお願い",
  chiefComplaint: "右上下肢の脱力",
  diagnoses: [{ name: "脳梗塞疑い", icd10: "I63.9", certainty: "suspected" }],
};

const DRAFTS = 80;
const SENDERS = 6;
const KILLS = 3;
/** acknowledged sends to wait for between two kills, so each kill lands among writes */
const ACKS_BETWEEN_KILLS = 6;

/**
 * Issue 14's "Postgres killed mid-write": a cluster of the test's own is killed
 * (SIGKILL to the postmaster) several times while referrals are being sent
 * concurrently through the domain, as the app's runtime role, and restarted
 * (crash recovery). The same database handle is used throughout, as a running
 * app would.
 */
describe("Postgres killed mid-write (a cluster of the test's own)", () => {
  let cluster: PgCluster | undefined;
  let app: Database | undefined;
  let admin: Database | undefined;
  let n: Network;
  let department: string;
  let dir: string;
  const keyring = keyringOf([newAuditKey("kill")]);

  before(async () => {
    setAuditKeyring(keyring);
    dir = mkdtempSync(path.join(os.tmpdir(), "okinet-killed-"));
    cluster = await startPgCluster();
    admin = await openDatabase({ url: cluster.url("postgres"), relay: "inprocess", poolSize: 1 });
    await admin.db.execute(sql`create database okinet`);
    app = await openDatabase({
      url: cluster.url("okinet", "okinet_app", "app-password"),
      relay: "inprocess",
      poolSize: 8,
      migrationUrl: cluster.url("okinet"),
    });
    await migrateDatabase(app);
    n = await createNetwork(app.db);
    const [row] = await app.db
      .insert(departments)
      .values({ facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true })
      .returning({ id: departments.id });
    department = row!.id;
  });
  after(async () => {
    await app?.close().catch(() => undefined);
    await admin?.close().catch(() => undefined);
    await cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
    setAuditKeyring(undefined);
  });

  it("loses no acknowledged send, half-writes none, keeps the audit chain whole, and recovers on the same handle", async (t) => {
    const db = app!.db;
    const gp = actor(n, "clinic.gp");
    const drafts: { referralId: string; version: number }[] = [];
    for (let i = 0; i < DRAFTS; i++) {
      const { referralId, version } = await createReferral(db, gp, {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: department,
      });
      const saved = await saveReferralDraft(db, gp, {
        referralId,
        version,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: department,
        priority: "routine",
        content: letter,
      });
      drafts.push({ referralId, version: saved.version });
    }
    const checkpointFile = path.join(dir, "checkpoints.jsonl");
    const checkpoints = startAuditCheckpoints(db, { file: checkpointFile, intervalMs: 150, keyring });

    // the cluster's state, and a way to wait for a condition on the acknowledgements
    let up = Promise.resolve();
    const acked = new Map<string, string>();
    const ackedAfterLastRestart: string[] = [];
    let restarts = 0;
    const failed: string[] = [];
    let wake: () => void = () => undefined;
    const changed = () => new Promise<void>((resolve) => (wake = resolve));

    // two drafts kept back, sent once all is over, to show the handle serves again
    const reserved = drafts.slice(-2);
    const queue = drafts.slice(0, -2);
    const sender = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await up;
        try {
          const sent = await sendReferral(db, gp, next);
          acked.set(next.referralId, sent.documentNumber!);
          if (restarts === KILLS) ackedAfterLastRestart.push(next.referralId);
        } catch {
          // the outcome is unknown (the commit may have happened): checked below
          failed.push(next.referralId);
        }
        wake();
      }
    };
    const killer = async () => {
      for (let k = 0; k < KILLS; k++) {
        const target = acked.size + ACKS_BETWEEN_KILLS;
        while (acked.size < target && queue.length > 0) await changed();
        if (queue.length === 0) break;
        let restarted!: () => void;
        up = new Promise<void>((resolve) => (restarted = resolve));
        await cluster!.kill();
        await cluster!.start();
        restarts += 1;
        restarted();
      }
    };
    await Promise.all([killer(), ...Array.from({ length: SENDERS }, sender)]);
    assert.equal(restarts, KILLS, `killed and restarted ${KILLS} times (acknowledged ${acked.size})`);
    t.diagnostic(
      `${KILLS} kills: ${acked.size} sends acknowledged, ${failed.length} failed with the connection (outcome checked below), ${ackedAfterLastRestart.length} after the last restart`,
    );

    // the same handle serves again without a restart of the app
    assert.ok(ackedAfterLastRestart.length > 0, "sends acknowledged after the last restart");
    for (const draft of reserved)
      acked.set(draft.referralId, (await sendReferral(db, gp, draft)).documentNumber!);
    await checkpoints.stop();

    const rows = await queryRows<{
      id: string;
      status: string;
      documentNumber: string | null;
      sendEvents: number;
      sendAudits: number;
    }>(
      db,
      sql`select r.id, r.status, r.document_number as "documentNumber",
            (select count(*)::int from referral_events e where e.referral_id = r.id and e.kind = 'send') as "sendEvents",
            (select count(*)::int from audit_events a
              where a.action = 'referral.send' and a.details->>'referralId' = r.id::text) as "sendAudits"
          from referrals r`,
    );
    assert.equal(rows.length, DRAFTS);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [id, documentNumber] of acked) {
      const row = byId.get(id);
      assert.equal(row?.status, "sent", `acknowledged send ${id} is there`);
      assert.equal(row?.documentNumber, documentNumber);
    }
    for (const row of rows) {
      // all of a send or none of it: status, number, history event and audit event together
      const whole =
        row.status === "sent"
          ? row.documentNumber !== null && row.sendEvents === 1 && row.sendAudits === 1
          : row.status === "draft" &&
            row.documentNumber === null &&
            row.sendEvents === 0 &&
            row.sendAudits === 0;
      assert.ok(whole, `referral ${row.id}: ${JSON.stringify(row)}`);
    }
    const numbers = rows.filter((r) => r.documentNumber).map((r) => r.documentNumber);
    assert.equal(new Set(numbers).size, numbers.length, "document numbers unique");

    const verdict = await verifyAuditChain(db, { checkpointFile, keyring });
    assert.ok(verdict.ok, JSON.stringify(verdict));
    assert.ok(verdict.checkpoints > 0, "checkpoints were taken while the cluster was killed and restarted");
    const [{ n: sentCount } = { n: 0 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from referrals where status = 'sent'`,
    );
    assert.ok(sentCount >= acked.size);
    // the runtime role, not the owner, did all of it
    const [who] = await queryRows<{ role: string }>(db, sql`select current_user as role`);
    assert.equal(who?.role, "okinet_app");
    assert.equal((await db.select().from(departments).where(eq(departments.id, department))).length, 1);
  });
});
