import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import type { AuditAction, AuditEntry, AuditOutcome, AuditPurpose } from "./audit.schema";
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

/** Who an event is by: the practitioner, their facility and their address. */
export type AuditActor = Pick<Actor, "practitionerId" | "facilityId" | "ip">;

/** What a call site still says: the patient, the details, and a purpose or outcome other than the module's. */
export interface ModuleAuditEntry {
  patientId?: string | null;
  details?: Record<string, unknown>;
  purpose?: AuditPurpose;
  outcome?: AuditOutcome;
}

/**
 * One module's audit helper: the actor's id, facility and address filled in,
 * the module's usual purpose and "success" unless the call says otherwise, and
 * only the module's own actions (by prefix) accepted.
 *
 *   export const auditReferrals = moduleAudit<"referral" | "advice">("treatment");
 *   await auditReferrals(tx, actor, "referral.send", { patientId, details: { referralId } });
 */
export function moduleAudit<Prefix extends string>(purpose: AuditPurpose) {
  return (
    db: Db,
    actor: AuditActor,
    action: Extract<AuditAction, `${Prefix}.${string}`>,
    entry: ModuleAuditEntry = {},
  ) =>
    appendAuditEvent(db, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: entry.patientId,
      action,
      purpose: entry.purpose ?? purpose,
      outcome: entry.outcome ?? "success",
      details: entry.details,
      ip: actor.ip,
    });
}
