import { desc, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import type { AuditEntry } from "./audit.schema";
import { auditKeyring } from "./audit-keys";
import { GENESIS_HASH, sealAuditEvent } from "./chain";

// Appends are serialised by a transaction-scoped advisory lock so each event
// links to the one committed before it. Callers append last in their
// transaction, which keeps the lock held for as short a time as possible.
const AUDIT_CHAIN_LOCK = 0x0a0d17;

/**
 * Appends one event to the hash chain, sealed with the active audit key. Pass
 * the transaction of the change being audited so the change and its event
 * commit together. Called with the bare database it opens a transaction of its
 * own.
 */
export async function appendAuditEvent(db: Db, entry: AuditEntry): Promise<{ id: string; seq: number }> {
  const key = auditKeyring().active;
  const run = async (tx: Db) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [last] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      occurredAt: new Date(),
      actorId: entry.actorId,
      actorFacilityId: entry.actorFacilityId,
      patientId: entry.patientId ?? null,
      action: entry.action,
      purpose: entry.purpose,
      outcome: entry.outcome,
      details: entry.details ?? {},
      ip: entry.ip ?? "",
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = sealAuditEvent(fields, key);
    const [row] = await tx
      .insert(auditEvents)
      .values({ ...fields, hash, keyId: key.id })
      .returning({ id: auditEvents.id, seq: auditEvents.seq });
    return row!;
  };
  return isTransaction(db) ? run(db) : db.transaction((tx) => run(tx));
}

function isTransaction(db: Db): boolean {
  // drizzle transactions carry a rollback(); the root database does not
  return typeof (db as { rollback?: unknown }).rollback === "function";
}
