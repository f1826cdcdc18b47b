import { date, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { attachments } from "./attachments";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";

/**
 * A patient's written consent, obtained at one facility (施設毎の同意). Its scope is
 * the set of facilities that may see what is shared; it grows only by new consent
 * events (連携先追加) and ends by a written withdrawal (撤回).
 */
export const consents = pgTable(
  "consents",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    /** Where the patient signed. */
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    obtainedOn: date({ mode: "string" }).notNull(),
    documentId: uuid()
      .notNull()
      .references(() => attachments.id),
    withdrawnOn: date({ mode: "string" }),
    withdrawalDocumentId: uuid().references(() => attachments.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("consents_patient_idx").on(t.patientId)],
);

/** withdrawn ends the whole consent (撤回・脱退); scope_withdrawn ends it for some facilities only (一部撤回). */
export const consentEventKind = pgEnum("consent_event_kind", [
  "granted",
  "scope_added",
  "withdrawn",
  "scope_withdrawn",
]);

/** The history: appended, never updated. */
export const consentEvents = pgTable(
  "consent_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    consentId: uuid()
      .notNull()
      .references(() => consents.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    kind: consentEventKind().notNull(),
    effectiveOn: date({ mode: "string" }).notNull(),
    /** Facilities added to the scope (granted, scope_added) or taken out of it (scope_withdrawn); empty for withdrawn. */
    facilityIds: uuid().array().notNull(),
    documentId: uuid()
      .notNull()
      .references(() => attachments.id),
    note: text().notNull().default(""),
    recordedBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("consent_events_patient_idx").on(t.patientId)],
);

/**
 * The current scope, projected from the events in the same transaction: one row
 * per consent and facility. The access rule reads only this table.
 */
export const consentScope = pgTable(
  "consent_scope",
  {
    consentId: uuid()
      .notNull()
      .references(() => consents.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    addedOn: date({ mode: "string" }).notNull(),
    withdrawnOn: date({ mode: "string" }),
  },
  (t) => [
    uniqueIndex("consent_scope_uq").on(t.consentId, t.facilityId),
    index("consent_scope_facility_patient_idx").on(t.facilityId, t.patientId),
    index("consent_scope_patient_idx").on(t.patientId),
  ],
);

/** Emergency access outside consent: reason required, time-limited, shown to the network office. */
export const breakGlassGrants = pgTable(
  "break_glass_grants",
  {
    id: uuid().primaryKey().defaultRandom(),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => practitioners.id),
  },
  (t) => [
    index("break_glass_practitioner_patient_idx").on(t.practitionerId, t.patientId),
    index("break_glass_created_idx").on(t.createdAt),
  ],
);
