import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import type { AuditEntry } from "./audit.schema";
import { auditKeyring } from "./audit-keys";

/**
 * Appends one event to the audit log: a plain INSERT, no lock, no read of the
 * chain. Pass the transaction of the change being audited so the change and
 * its event commit together (the event is durable with the data). The event
 * gets its place (seq) from a sequence now and its link in the hash chain a
 * moment later, from the chaining writer (link-audit-events.ts), sealed with
 * the key that is active now.
 */
export async function appendAuditEvent(db: Db, entry: AuditEntry): Promise<{ id: string; seq: number }> {
  const key = auditKeyring().active;
  const [row] = await db
    .insert(auditEvents)
    .values({
      occurredAt: new Date(),
      actorId: entry.actorId,
      actorFacilityId: entry.actorFacilityId,
      patientId: entry.patientId ?? null,
      action: entry.action,
      purpose: entry.purpose,
      outcome: entry.outcome,
      details: entry.details ?? {},
      ip: entry.ip ?? "",
      keyId: key.id,
    })
    .returning({ id: auditEvents.id, seq: auditEvents.seq });
  return row!;
}
