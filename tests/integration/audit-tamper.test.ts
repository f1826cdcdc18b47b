import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Database } from "../../server/db/client";
import { auditRoleWarnings } from "../../server/db/runtime-role";
import { appendAuditEvent } from "../../server/domain/audit/append-audit-event";
import { startAuditCheckpoints } from "../../server/domain/audit/audit-checkpoints";
import { setAuditKeyring } from "../../server/domain/audit/audit-keys";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import {
  appendLegacyEvents,
  appendSignIns,
  keyringOf,
  keysSetting,
  newAuditKey,
  rewriteAndRehash,
  runAuditVerify,
} from "../helpers/audit";
import { createTestDatabase, dbErrorMatching, TEST_PG_ADMIN_URL, type TestDatabase } from "../helpers/db";

/**
 * Issue 14, finding 4: the audit log as an attacker with database access would
 * try it. The app's runtime role is refused every change; the owner can change
 * rows, but without the audit key (outside the database) and against the
 * checkpoint file (outside the database) `npm run audit:verify` names each change.
 */
const key = newAuditKey("t1");
const keyring = keyringOf([key]);

describe("audit log: the runtime role cannot change it (postgres)", () => {
  let t: TestDatabase;
  let runtime: Database;
  let admin: Database;
  const role = `okinet_rt_${randomBytes(5).toString("hex")}`;

  before(async () => {
    setAuditKeyring(keyring);
    admin = await openDatabase({ url: TEST_PG_ADMIN_URL, relay: "inprocess", poolSize: 1 });
    t = await createTestDatabase("postgres");
    const runtimeUrl = new URL(t.url!);
    runtimeUrl.username = role;
    runtimeUrl.password = "runtime-password";
    // the start-up path: migrations as the owner, which then creates and grants the runtime role
    runtime = await openDatabase({
      url: runtimeUrl.toString(),
      relay: "inprocess",
      poolSize: 2,
      migrationUrl: t.url!,
    });
    await migrateDatabase(runtime);
    await appendSignIns(t.db, 3);
  });
  after(async () => {
    await runtime?.close();
    await t?.close();
    await admin.db.execute(sql.raw(`drop role if exists ${role}`));
    await admin.close();
    setAuditKeyring(undefined);
  });

  it("reads and appends (the app's use)", async () => {
    const { seq } = await appendAuditEvent(runtime.db, {
      actorId: null,
      actorFacilityId: null,
      action: "auth.sign_in",
      purpose: "security",
      outcome: "success",
    });
    assert.equal(seq, 4);
    assert.equal((await verifyAuditChain(runtime.db)).ok, true);
    assert.deepEqual(await auditRoleWarnings(runtime.db), []);
  });

  it("is refused disabling or dropping the trigger, updating, deleting and truncating", async () => {
    for (const statement of [
      "alter table audit_events disable trigger audit_events_no_update_delete",
      "alter table audit_events disable trigger audit_events_no_truncate",
      "alter table audit_events disable trigger all",
      "drop trigger audit_events_no_update_delete on audit_events",
      "alter table audit_events owner to current_user",
    ]) {
      await assert.rejects(
        runtime.db.execute(sql.raw(statement)),
        dbErrorMatching(/must be owner/),
        statement,
      );
    }
    for (const statement of [
      "update audit_events set outcome = 'denied' where seq = 2",
      "delete from audit_events where seq = 2",
      "truncate audit_events",
    ]) {
      await assert.rejects(
        runtime.db.execute(sql.raw(statement)),
        dbErrorMatching(/permission denied for table audit_events/),
        statement,
      );
    }
    const verdict = await verifyAuditChain(t.db);
    assert.deepEqual(verdict.ok && verdict.events, 4);
  });

  it("the owner's own handle is warned about; a superuser or owner is never granted as the runtime role", async () => {
    assert.match((await auditRoleWarnings(t.db)).join(), /superuser/);
    const sameRole = await openDatabase({
      url: t.url!,
      relay: "inprocess",
      poolSize: 1,
      migrationUrl: t.url!,
    });
    try {
      await assert.rejects(migrateDatabase(sameRole), /same role/);
    } finally {
      await sameRole.close();
    }
  });
});

describe("audit tamper: the owner rewrites, truncates, deletes, disables; audit:verify names each (postgres)", () => {
  let dir: string;
  before(() => {
    setAuditKeyring(keyring);
    dir = mkdtempSync(path.join(os.tmpdir(), "okinet-audit-tamper-"));
  });
  after(() => {
    setAuditKeyring(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A fresh database with 5 events from before keying and 25 keyed ones,
   * checkpointed at its head (#30); `audit:verify` says intact before the tamper.
   */
  async function scenario(name: string, tamper: (t: TestDatabase, file: string) => Promise<void>) {
    const t = await createTestDatabase("postgres");
    const file = path.join(dir, `${name}.jsonl`);
    try {
      await appendLegacyEvents(t.db, 5);
      await appendSignIns(t.db, 25);
      const checkpoints = startAuditCheckpoints(t.db, { file, intervalMs: 0, keyring });
      await checkpoints.stop();
      const cliEnv = {
        DATABASE_URL: t.url!,
        DATABASE_WS_RELAY: "inprocess",
        AUDIT_KEYS: keysSetting([key]),
        AUDIT_CHECKPOINT_FILE: file,
        DATA_DIR: dir,
      };
      const intact = await runAuditVerify(cliEnv);
      assert.equal(intact.code, 0, intact.output);
      assert.match(intact.output, /intact: 30 events \(keyed from #6\).*1 checkpoints/);
      await tamper(t, file);
      const broken = await runAuditVerify(cliEnv);
      assert.equal(broken.code, 1, broken.output);
      return broken.output;
    } finally {
      await t.close();
    }
  }

  it("update + rehash without the key (as unkeyed events): names the first rewritten event", async () => {
    const output = await scenario("rehash-legacy", (t) => rewriteAndRehash(t.db, 12, { as: "legacy" }));
    assert.match(output, /\[unkeyed\] event #12 has no key/);
    assert.match(output, /\[rewritten\] event #30 differs from the checkpoint/);
  });

  it("update + rehash with a key of the attacker's own under the same key id: names the event", async () => {
    const output = await scenario("rehash-guessed", (t) =>
      rewriteAndRehash(t.db, 12, { as: "guessed-key", key: newAuditKey("t1") }),
    );
    assert.match(output, /\[altered\] event #12: its content does not match its keyed hash/);
  });

  it("update + rehash of events from before keying: the checkpoint names the rewrite", async () => {
    const output = await scenario("rehash-before-keying", (t) => rewriteAndRehash(t.db, 3, { as: "legacy" }));
    // relinked as one unkeyed chain from #1 it hashes, but #30 is not what was checkpointed
    assert.match(output, /\[rewritten\] event #30 differs from the checkpoint/);
  });

  it("truncation of the tail: names the events removed after the checkpoint's", async () => {
    const output = await scenario("truncate", async (t) => {
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
        await tx.execute(sql`delete from audit_events where seq > 26`);
        await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
      });
    });
    assert.match(output, /\[truncated\] the log ends at event #26, but the checkpoint .* recorded event #30/);
    assert.match(output, /events #27 to #30 were removed/);
  });

  it("TRUNCATE of the whole table: named as well", async () => {
    const output = await scenario("truncate-all", async (t) => {
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_events disable trigger audit_events_no_truncate`);
        await tx.execute(sql`truncate audit_events`);
        await tx.execute(sql`alter table audit_events enable trigger audit_events_no_truncate`);
      });
    });
    assert.match(output, /\[truncated\] the log ends at event #0, .* events #1 to #30 were removed/);
  });

  it("deletion of a middle event: names it", async () => {
    const output = await scenario("delete", async (t) => {
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
        await tx.execute(sql`delete from audit_events where seq = 15`);
        await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
      });
    });
    assert.match(output, /\[deleted\] event #15 is missing/);
  });

  it("a disabled trigger: names it", async () => {
    const output = await scenario("trigger", async (t) => {
      await t.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    });
    assert.match(output, /\[trigger\] trigger audit_events_no_update_delete is disabled/);
  });

  it("a dropped trigger: names it", async () => {
    const output = await scenario("trigger-dropped", async (t) => {
      await t.db.execute(sql`drop trigger audit_events_no_truncate on audit_events`);
    });
    assert.match(output, /\[trigger\] trigger audit_events_no_truncate is missing/);
  });

  it("an edited or shortened checkpoint file: names the line", async () => {
    const output = await scenario("checkpoint-file", async (t, file) => {
      // two more checkpoints, then the middle one is removed and the first edited
      const checkpoints = startAuditCheckpoints(t.db, { file, intervalMs: 0, keyring });
      await appendSignIns(t.db, 1);
      await checkpoints.checkpoint();
      await appendSignIns(t.db, 1);
      await checkpoints.stop();
      const lines = readFileSync(file, "utf8").trimEnd().split("\n");
      assert.equal(lines.length, 3);
      const first = JSON.parse(lines[0]!) as { seq: number };
      first.seq = 29;
      writeFileSync(file, `${JSON.stringify(first)}\n${lines[2]}\n`);
    });
    assert.match(output, /\[checkpoints\] checkpoint line 1 has a signature that does not match/);
    assert.match(output, /\[checkpoints\] checkpoint line 2 does not follow the line before it/);
  });
});
