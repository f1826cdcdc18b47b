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
 * Append-only, hash-chained audit log. Carries ids, never names. A trigger
 * (drizzle/0001) refuses UPDATE, DELETE and TRUNCATE for every role the app uses;
 * the app's runtime role has neither those privileges nor ownership (see
 * server/db/runtime-role.ts). Each hash is an HMAC under the key named by keyId,
 * kept outside the database; rows from before keying have no keyId and a plain
 * SHA-256 link (server/domain/audit/chain.ts).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    seq: bigint({ mode: "number" }).notNull(),
    occurredAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid(),
    actorFacilityId: uuid(),
    patientId: uuid(),
    action: text().notNull(),
    purpose: text().notNull(),
    outcome: auditOutcome().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull(),
    ip: text().notNull().default(""),
    prevHash: text().notNull(),
    hash: text().notNull(),
    keyId: text(),
  },
  (t) => [
    uniqueIndex("audit_events_seq_uq").on(t.seq),
    index("audit_events_patient_idx").on(t.patientId, t.occurredAt),
    index("audit_events_actor_idx").on(t.actorId, t.occurredAt),
    index("audit_events_action_idx").on(t.action, t.occurredAt),
    index("audit_events_occurred_idx").on(t.occurredAt),
  ],
);
