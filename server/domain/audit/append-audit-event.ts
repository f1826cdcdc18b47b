import { sql, type SQL } from "drizzle-orm";
import { inTransaction, preparedRows, type Db } from "../../db/client";
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
  const [row] = await db
    .insert(auditEvents)
    .values(rowOf(entry))
    .returning({ id: auditEvents.id, seq: auditEvents.seq });
  auditAppended();
  return row!;
}

const APPENDED = Symbol.for("okinet.auditAppended");
type AppendedHolder = { [APPENDED]?: () => void };

/**
 * Tells this process's chaining writer (startAuditLinker) that an event was appended, so
 * that it links at its short interval for a while instead of its idle one. Through
 * globalThis: Next.js's copy of this module, where pages append, is not server/index.ts's.
 * Every writer of audit_events in the app calls it after its insert.
 */
export function auditAppended(): void {
  (globalThis as AppendedHolder)[APPENDED]?.();
}

/** The chaining writer's side of auditAppended (one listener per process; undefined: none). */
export function onAuditAppended(listener: (() => void) | undefined): void {
  (globalThis as AppendedHolder)[APPENDED] = listener;
}

/** An entry as the row it is stored as, now, sealed with the key that is active now. */
function rowOf(entry: AuditEntry) {
  return {
    occurredAt: new Date(),
    actorId: entry.actorId,
    actorFacilityId: entry.actorFacilityId,
    patientId: entry.patientId ?? null,
    action: entry.action,
    purpose: entry.purpose,
    outcome: entry.outcome,
    details: entry.details ?? {},
    ip: entry.ip ?? "",
    keyId: auditKeyring().active.id,
  };
}

// One statement, committed on its own without waiting for the WAL flush
// (synchronous_commit off for this statement's transaction only), prepared once per
// connection. See appendReadAuditEvent for why a read may, and README "Audit log
// integrity" for the window.
const appendUnflushed = preparedRows<{ id: string; seq: number }>(
  "append_read_audit_event",
  sql`insert into ${auditEvents} (occurred_at, actor_id, actor_facility_id, patient_id, action, purpose, outcome, details, ip, key_id)
      select ${sql.placeholder("occurredAt")}::timestamptz, ${sql.placeholder("actorId")}::uuid,
        ${sql.placeholder("actorFacilityId")}::uuid, ${sql.placeholder("patientId")}::uuid,
        ${sql.placeholder("action")}::text, ${sql.placeholder("purpose")}::text,
        ${sql.placeholder("outcome")}::audit_outcome, ${sql.placeholder("details")}::jsonb,
        ${sql.placeholder("ip")}::text, ${sql.placeholder("keyId")}::text
      from (select set_config('synchronous_commit', 'off', true)) as async_commit
      returning id, seq`,
);

/**
 * The event of a read that changed nothing (a list, a search): with the bare
 * database, one statement whose commit does not wait for PostgreSQL's WAL flush.
 * The read's data is returned only after this statement has committed, so the
 * event is in PostgreSQL's WAL buffers before anyone sees the data; it is lost
 * only if the PostgreSQL server itself crashes before the WAL writer flushes it
 * (within 3 × wal_writer_delay, 600 ms by default), never when the app does.
 * The flush was most of an inbox page's time (issue 16). Inside a transaction the
 * event is appended as any other and commits with that transaction: a change of
 * patient data keeps its audit event durable with it.
 */
export async function appendReadAuditEvent(db: Db, entry: AuditEntry): Promise<{ id: string; seq: number }> {
  if (inTransaction(db)) return appendAuditEvent(db, entry);
  const row = rowOf(entry);
  const [appended] = await appendUnflushed(db, {
    ...row,
    occurredAt: row.occurredAt.toISOString(),
    details: JSON.stringify(row.details),
  });
  auditAppended();
  return { id: appended!.id, seq: Number(appended!.seq) };
}

/**
 * SQL for a read whose own statement appends its event (a data-modifying CTE beside the
 * read): the INSERT of one event, its details built by the statement from what it read,
 * appended only when `when` holds, and committed with the read without waiting for the WAL
 * flush, as appendReadAuditEvent's is (the statement must run outside any transaction). Its
 * values come as placeholders named as readAuditValues' keys, so the statement can be
 * prepared once. One round trip instead of the read's and then the event's.
 */
export function readAuditEventInsert(event: {
  action: AuditAction;
  purpose: AuditPurpose;
  details: SQL;
  from: SQL;
  when: SQL;
}): SQL {
  const p = sql.placeholder;
  return sql`insert into ${auditEvents} (occurred_at, actor_id, actor_facility_id, patient_id, action, purpose, outcome, details, ip, key_id)
    select ${p("auditOccurredAt")}::timestamptz, ${p("auditActorId")}::uuid, ${p("auditActorFacilityId")}::uuid,
      null, ${sql.raw(`'${event.action}'`)}, ${sql.raw(`'${event.purpose}'`)}, 'success', ${event.details},
      ${p("auditIp")}::text, ${p("auditKeyId")}::text
    from ${event.from}, (select set_config('synchronous_commit', 'off', true)) as async_commit
    where ${event.when}
    returning seq`;
}

/** The values of readAuditEventInsert's placeholders: who reads, now, under the key active now. */
export function readAuditValues(actor: AuditActor) {
  return {
    auditOccurredAt: new Date().toISOString(),
    auditActorId: actor.practitionerId,
    auditActorFacilityId: actor.facilityId,
    auditIp: actor.ip,
    auditKeyId: auditKeyring().active.id,
  };
}

/** Who an event is by: the practitioner, their facility and their address. */
export type AuditActor = Pick<Actor, "practitionerId" | "facilityId" | "ip">;

/** What a call site still says: the patient, the details, and a purpose or outcome other than the module's. */
export interface ModuleAuditEntry {
  patientId?: string | null;
  details?: Record<string, unknown>;
  purpose?: AuditPurpose;
  outcome?: AuditOutcome;
  /** a list's or a search's event, which changed nothing: appended by appendReadAuditEvent */
  read?: boolean;
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
    (entry.read ? appendReadAuditEvent : appendAuditEvent)(db, {
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
