import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, queryRows } from "../../server/db/client";
import { appendAuditEvent, appendReadAuditEvent } from "../../server/domain/audit/append-audit-event";
import { startAuditCheckpoints } from "../../server/domain/audit/audit-checkpoints";
import { auditKeyring, setAuditKeyring } from "../../server/domain/audit/audit-keys";
import { linkAuditEvents, startAuditLinker } from "../../server/domain/audit/link-audit-events";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { appendLegacyEvents, appendSignIns, keyringOf, newAuditKey } from "../helpers/audit";
import { BACKENDS, createTestDatabase, dbErrorMatching, type TestDatabase } from "../helpers/db";

/** A sign-in's event, as the linker tests append it. */
const signIn = {
  actorId: null,
  actorFacilityId: null,
  action: "auth.sign_in",
  purpose: "security",
  outcome: "success",
} as const;

for (const backend of BACKENDS) {
  describe(`audit chain (${backend})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(backend);
    });
    after(async () => {
      await t.close();
    });

    it("links concurrent appends into one unbroken chain", async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          appendAuditEvent(t.db, {
            actorId: null,
            actorFacilityId: null,
            action: "auth.sign_in",
            purpose: "security",
            outcome: i % 3 === 0 ? "failure" : "success",
            details: { attempt: i, nested: { b: 1, a: [2, 1] } },
          }),
        ),
      );
      const verdict = await verifyAuditChain(t.db, 7);
      assert.deepEqual(verdict.ok && { ok: true, events: verdict.events }, { ok: true, events: 20 });
    });

    it("appends without a lock; the linker fills a rolled-back seq with an audit.gap event and seals each event once", async () => {
      let rolledBack = 0;
      await t.db
        .transaction(async (tx) => {
          rolledBack = (await appendAuditEvent(tx, signIn)).seq;
          tx.rollback();
        })
        .catch(() => undefined);
      const { seq: after } = await appendAuditEvent(t.db, signIn);
      assert.equal(after, rolledBack + 1);
      const pending = await t.db.execute(sql`select hash from audit_events where seq = ${after}`);
      assert.deepEqual((pending as { rows: unknown[] }).rows, [{ hash: null }]);
      const linked = await linkAuditEvents(t.db, { settle: true, gapGraceMs: 0 });
      assert.deepEqual([linked.filled, linked.pending], [1, 0]);
      const gap = await t.db.execute(sql`select action from audit_events where seq = ${rolledBack}`);
      assert.deepEqual((gap as { rows: unknown[] }).rows, [{ action: "audit.gap" }]);
      const verdict = await verifyAuditChain(t.db);
      assert.deepEqual(verdict.ok && [verdict.events, verdict.lastSeq, verdict.pending], [22, 22, 0]);
      // sealed once: a second sealing, or a change to a pending event's content, is refused
      await assert.rejects(
        t.db.execute(sql`update audit_events set hash = 'x', prev_hash = 'y' where seq = ${after}`),
        dbErrorMatching(/append-only/),
      );
      const { seq: fresh } = await appendAuditEvent(t.db, signIn);
      await assert.rejects(
        t.db.execute(sql`update audit_events set outcome = 'denied' where seq = ${fresh}`),
        dbErrorMatching(/append-only/),
      );
      await linkAuditEvents(t.db, { settle: true });
    });

    it("never overtakes an append whose transaction is still open: it is linked as written once it commits", async (ctx) => {
      if (backend !== "postgres")
        return ctx.skip("one connection on PGlite: no transaction stays open beside another");
      const entry = (action: "auth.sign_in" | "auth.sign_out") =>
        ({ actorId: null, actorFacilityId: null, action, purpose: "security", outcome: "success" }) as const;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let heldSeq!: number;
      let appended!: () => void;
      const inside = new Promise<void>((resolve) => (appended = resolve));
      const open = t.db.transaction(async (tx) => {
        heldSeq = (await appendAuditEvent(tx, entry("auth.sign_out"))).seq;
        appended();
        await held;
      });
      await inside;
      const { seq: later } = await appendAuditEvent(t.db, entry("auth.sign_in"));
      assert.equal(later, heldSeq + 1);
      // the linker finds the gap at heldSeq; its filler waits on the open transaction
      const linking = linkAuditEvents(t.db, { settle: true, gapGraceMs: 0 });
      release();
      await open;
      const linked = await linking;
      assert.equal(linked.pending, 0);
      const rows = await t.db.execute(
        sql`select seq::int as seq, action, hash is not null as linked from audit_events where seq in (${heldSeq}, ${later}) order by seq`,
      );
      assert.deepEqual((rows as { rows: unknown[] }).rows, [
        { seq: heldSeq, action: "auth.sign_out", linked: true },
        { seq: later, action: "auth.sign_in", linked: true },
      ]);
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });

    it("refuses UPDATE, DELETE and TRUNCATE on the audit log", async () => {
      await assert.rejects(
        t.db.execute(sql`update audit_events set outcome = 'success'`),
        dbErrorMatching(/append-only/),
      );
      await assert.rejects(t.db.execute(sql`delete from audit_events`), dbErrorMatching(/append-only/));
      await assert.rejects(t.db.execute(sql`truncate audit_events`), dbErrorMatching(/append-only/));
    });

    it("names the first event whose content was changed behind the trigger's back", async () => {
      await t.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
      await t.db.execute(sql`update audit_events set outcome = 'denied' where seq = 5`);
      await t.db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
      const verdict = await verifyAuditChain(t.db);
      assert.equal(verdict.ok, false);
      assert.equal(!verdict.ok && verdict.brokenAtSeq, 5);
    });

    it("keeps events from before keying verifiable, and verifies across a key rotation", async () => {
      const fresh = await createTestDatabase(backend);
      const a = newAuditKey("a");
      const b = newAuditKey("b");
      try {
        await appendLegacyEvents(fresh.db, 3);
        setAuditKeyring(keyringOf([a]));
        await appendSignIns(fresh.db, 3);
        // rotated: b seals from now on, a still verifies what it sealed
        setAuditKeyring(keyringOf([a, b]));
        await appendSignIns(fresh.db, 3);
        const verdict = await verifyAuditChain(fresh.db);
        assert.deepEqual(verdict.ok && [verdict.events, verdict.keyedFromSeq], [9, 4]);
        // without the retired key its events cannot be vouched for, and that is said
        const withoutA = await verifyAuditChain(fresh.db, { keyring: keyringOf([b]) });
        assert.equal(!withoutA.ok && withoutA.findings[0]?.kind, "unknown_key");
        assert.equal(!withoutA.ok && withoutA.brokenAtSeq, 4);
      } finally {
        setAuditKeyring(undefined);
        await fresh.close();
      }
    });

    it("checkpoints the head only when the events since the last checkpoint verify", async () => {
      const fresh = await createTestDatabase(backend);
      const dir = mkdtempSync(path.join(os.tmpdir(), "okinet-checkpoints-"));
      const file = path.join(dir, "checkpoints.jsonl");
      const keyring = keyringOf([newAuditKey("c")]);
      setAuditKeyring(keyring);
      const checkpoints = startAuditCheckpoints(fresh.db, { file, intervalMs: 0, keyring });
      try {
        assert.equal((await checkpoints.checkpoint()).kind, "unchanged", "an empty log has no head");
        await appendSignIns(fresh.db, 4);
        const first = await checkpoints.checkpoint();
        assert.equal(first.kind === "written" && first.checkpoint.seq, 4);
        assert.equal((await checkpoints.checkpoint()).kind, "unchanged");
        await appendSignIns(fresh.db, 2);
        // linked (by the chaining writer) before the change: a change before linking is the documented window
        await linkAuditEvents(fresh.db, { keyring, settle: true });
        await fresh.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
        await fresh.db.execute(sql`update audit_events set outcome = 'denied' where seq = 6`);
        await fresh.db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
        const refused = await checkpoints.checkpoint();
        assert.deepEqual(refused.kind === "refused" && [refused.finding.kind, refused.finding.seq], [
          "altered",
          6,
        ]);
        const verdict = await verifyAuditChain(fresh.db, { checkpointFile: file, keyring });
        assert.equal(!verdict.ok && verdict.brokenAtSeq, 6);
      } finally {
        await checkpoints.stop();
        setAuditKeyring(undefined);
        rmSync(dir, { recursive: true, force: true });
        await fresh.close();
      }
    });
  });
}

for (const backend of BACKENDS) {
  describe(`audit of reads, committed without waiting for the WAL flush (${backend})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(backend);
    });
    after(async () => {
      await t.close();
    });
    const read = (i: number) =>
      ({
        actorId: null,
        actorFacilityId: null,
        patientId: null,
        action: "referral.view",
        purpose: "treatment",
        outcome: "success",
        details: { worklist: "inbox", patientIds: [`p${i}`], nested: { b: 1, a: [2, 1] } },
        ip: "192.0.2.7",
      }) as const;
    const setting = async (db: TestDatabase["db"]) =>
      (await queryRows<{ s: string }>(db, sql`select current_setting('synchronous_commit') as s`))[0]!.s;

    it("appends each event as written, chained and verifying, and the asynchronous commit ends with its statement", async () => {
      // one connection, so the setting read after the appends is the one they ran on
      const one =
        backend === "postgres" ? await openDatabase({ url: t.url!, relay: "inprocess", poolSize: 1 }) : t;
      try {
        const before = await setting(one.db);
        assert.notEqual(before, "off");
        const appended = [];
        for (let i = 0; i < 3; i++) appended.push(await appendReadAuditEvent(one.db, read(i)));
        assert.equal(await setting(one.db), before);
        const rows = await queryRows<{
          seq: string;
          action: string;
          details: unknown;
          ip: string;
          key_id: string;
        }>(t.db, sql`select seq, action, details, ip, key_id from audit_events order by seq`);
        assert.deepEqual(
          rows.map((r) => [Number(r.seq), r.action, r.details, r.ip, typeof r.key_id]),
          appended.map(({ seq }, i) => [seq, "referral.view", read(i).details, "192.0.2.7", "string"]),
        );
        await linkAuditEvents(t.db, { settle: true, gapGraceMs: 0 });
        const verdict = await verifyAuditChain(t.db);
        assert.deepEqual(verdict.ok && [verdict.events, verdict.pending], [3, 0]);
      } finally {
        if (one !== t) await one.close();
      }
    });

    it("inside a transaction appends as any event: the transaction's own commit stays synchronous", async () => {
      const before = await setting(t.db);
      const inside = await t.db.transaction(async (tx) => {
        await appendReadAuditEvent(tx, read(9));
        return setting(tx);
      });
      assert.equal(inside, before);
      const [row] = await queryRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from audit_events where details->'patientIds' = '["p9"]'::jsonb`,
      );
      assert.equal(row!.n, 1);
    });

    it("the chaining writer looks rarely while idle, and links soon after an append in this process", async () => {
      await linkAuditEvents(t.db, { settle: true, gapGraceMs: 0 });
      const hashOf = async (seq: number) =>
        (
          await queryRows<{ hash: string | null }>(
            t.db,
            sql`select hash from audit_events where seq = ${seq}`,
          )
        )[0]?.hash ?? null;
      // an idle look only every hour; active for 200 ms after its start and after each append
      const linker = startAuditLinker(t.db, { intervalMs: 10, idleIntervalMs: 3_600_000, activeMs: 200 });
      try {
        await new Promise((resolve) => setTimeout(resolve, 400));
        // written by someone else (no auditAppended): left for the idle look, many short intervals later
        const [outside] = await queryRows<{ seq: number }>(
          t.db,
          sql`insert into audit_events (occurred_at, action, purpose, outcome, details, ip, key_id)
              values (now(), 'auth.sign_in', 'security', 'success', '{}'::jsonb, '', ${auditKeyring().active.id})
              returning seq`,
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(await hashOf(Number(outside!.seq)), null);
        // an append here wakes it: both are linked at the short interval
        const { seq } = await appendAuditEvent(t.db, signIn);
        while ((await hashOf(seq)) === null) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.notEqual(await hashOf(Number(outside!.seq)), null);
      } finally {
        await linker.stop();
      }
    });
  });
}
