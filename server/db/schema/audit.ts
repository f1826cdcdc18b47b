import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const auditOutcome = pgEnum("audit_outcome", ["success", "denied", "failure"]);

/**
 * Append-only, hash-chained audit log. Carries ids, never names. Events are
 * inserted unlinked (no lock) and sealed once by the chaining writer. A trigger
 * (drizzle/0001, 0014) refuses UPDATE, DELETE and TRUNCATE for every role the
 * app uses, except that one sealing of a pending event;
 * the app's runtime role has neither those privileges nor ownership (see
 * server/db/runtime-role.ts). Each hash is an HMAC under the key named by keyId,
 * kept outside the database; rows from before keying have no keyId and a plain
 * SHA-256 link (server/domain/audit/chain.ts).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** from audit_events_seq_seq at insert: unique and ordered; the linker fills a rolled-back gap */
    seq: bigint({ mode: "number" })
      .notNull()
      .default(sql`nextval('audit_events_seq_seq')`),
    occurredAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid(),
    actorFacilityId: uuid(),
    patientId: uuid(),
    action: text().notNull(),
    purpose: text().notNull(),
    outcome: auditOutcome().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull(),
    ip: text().notNull().default(""),
    /** null until the chaining writer links the event (server/domain/audit/link-audit-events.ts) */
    prevHash: text(),
    hash: text(),
    /** the key active when the event was written; it seals the event when linked */
    keyId: text(),
  },
  (t) => [
    uniqueIndex("audit_events_seq_uq").on(t.seq),
    index("audit_events_pending_idx")
      .on(t.seq)
      .where(sql`${t.hash} is null`),
    index("audit_events_patient_idx").on(t.patientId, t.occurredAt),
    index("audit_events_actor_idx").on(t.actorId, t.occurredAt),
    index("audit_events_action_idx").on(t.action, t.occurredAt),
    index("audit_events_occurred_idx").on(t.occurredAt),
  ],
);
