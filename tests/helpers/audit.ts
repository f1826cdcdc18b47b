import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../server/db/client";
import { auditEvents } from "../../server/db/schema";
import { appendAuditEvent } from "../../server/domain/audit/append-audit-event";
import { keyringOf, type AuditKey } from "../../server/domain/audit/audit-keys";
import { GENESIS_HASH, hashAuditEvent, sealAuditEvent } from "../../server/domain/audit/chain";

export const newAuditKey = (id: string): AuditKey => ({ id, secret: randomBytes(32) });
export const keysSetting = (keys: AuditKey[]) =>
  keys.map((k) => `${k.id}:${k.secret.toString("base64url")}`).join(",");
export { keyringOf };

/**
 * Events as the app wrote them before the chain was keyed: plain SHA-256 links,
 * no key id. Appended after whatever is there.
 */
export async function appendLegacyEvents(db: Db, count: number) {
  for (let i = 0; i < count; i++) {
    const [last] = await db
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(sql`${auditEvents.seq} desc`)
      .limit(1);
    const [next] = await queryRows<{ seq: number }>(
      db,
      sql`select nextval('audit_events_seq_seq')::int as seq`,
    );
    const fields = {
      seq: next!.seq,
      occurredAt: new Date(),
      actorId: null,
      actorFacilityId: null,
      patientId: null,
      action: "auth.sign_in",
      purpose: "security",
      outcome: "success" as const,
      details: { legacy: i },
      ip: "",
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    assert.equal(fields.seq, (last?.seq ?? 0) + 1, "legacy events are appended to a linked chain");
    await db.insert(auditEvents).values({ ...fields, hash: hashAuditEvent(fields), keyId: null });
  }
}

export async function appendSignIns(db: Db, count: number) {
  for (let i = 0; i < count; i++)
    await appendAuditEvent(db, {
      actorId: null,
      actorFacilityId: null,
      action: "auth.sign_in",
      purpose: "security",
      outcome: i % 4 === 0 ? "failure" : "success",
      details: { attempt: i },
    });
}

/**
 * What someone with the owner's role but without the audit key can do: with the
 * triggers off, change one event and recompute every link after it, either as
 * legacy (unkeyed) hashes or with a key of their own under the row's key id.
 */
export async function rewriteAndRehash(
  db: Db,
  seq: number,
  how: { as: "legacy" } | { as: "guessed-key"; key: AuditKey },
) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await tx.update(auditEvents).set({ outcome: "denied" }).where(eq(auditEvents.seq, seq));
    const [before] = await tx
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .where(eq(auditEvents.seq, seq - 1));
    let prevHash = before?.hash ?? GENESIS_HASH;
    const rows = await tx
      .select()
      .from(auditEvents)
      .where(gte(auditEvents.seq, seq))
      .orderBy(asc(auditEvents.seq));
    for (const row of rows) {
      const fields = { ...row, prevHash };
      const forged =
        how.as === "legacy"
          ? { hash: hashAuditEvent(fields), keyId: null }
          : {
              hash: sealAuditEvent(fields, { id: row.keyId ?? how.key.id, secret: how.key.secret }),
              keyId: row.keyId ?? how.key.id,
            };
      await tx
        .update(auditEvents)
        .set({ prevHash, ...forged })
        .where(eq(auditEvents.seq, row.seq));
      prevHash = forged.hash;
    }
    await tx.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
  });
}

/** Runs `npm run audit:verify` (scripts/audit-verify.ts) against a database, as an operator would. */
export function runAuditVerify(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const root = path.resolve(import.meta.dirname, "../..");
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/audit-verify.ts"],
      { cwd: root, env: { ...process.env, NODE_ENV: "test", ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * Runs a read and returns its answer with the one audit event it appended for
 * this actor and action: a list's or a search's event (appended by
 * appendReadAuditEvent, its commit not waiting for the WAL flush) must be in
 * the table once the read has returned.
 */
export async function auditedRead<T>(
  db: Db,
  actorId: string,
  action: string,
  read: () => Promise<T>,
): Promise<{
  result: T;
  event: { patientId: string | null; outcome: string; details: Record<string, unknown> };
}> {
  const events = () =>
    db
      .select({
        patientId: auditEvents.patientId,
        outcome: auditEvents.outcome,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, actorId), eq(auditEvents.action, action)))
      .orderBy(asc(auditEvents.seq));
  const before = (await events()).length;
  const result = await read();
  const after = await events();
  assert.equal(after.length, before + 1, `one ${action} event for the read`);
  return { result, event: after.at(-1)! };
}
