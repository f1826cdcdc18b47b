import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { DischargeSummaryContent } from "../../model/discharge-summary";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";
import { referrals } from "./referrals";

/**
 * draft: being written, never sent; sent: the latest version is out;
 * amending: sent, with an amendment being written (recipients still read the
 * latest sent version until the amendment is sent).
 */
export const dischargeSummaryStatus = pgEnum("discharge_summary_status", ["draft", "sent", "amending"]);

/**
 * A discharge summary (退院時サマリ): who writes it, about whom, and the working
 * copy. What was sent lives in `discharge_summary_versions`, one row per
 * version, never rewritten.
 */
export const dischargeSummaries = pgTable(
  "discharge_summaries",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** YYYY-NNNNNN within the author's facility, issued at the first send (as for referrals) */
    documentNumber: text(),
    status: dischargeSummaryStatus().notNull().default("draft"),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    authorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    authorFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    authorDepartment: text().notNull().default(""),
    /** the referral that brought the patient in; sending the summary closes its loop */
    referralId: uuid().references(() => referrals.id),
    /** the working copy while a draft or an amendment is written; null when nothing is being written */
    draftContent: jsonb().$type<DischargeSummaryContent>(),
    /** the reason for the amendment being written (訂正理由) */
    draftAmendmentNote: text().notNull().default(""),
    /** the latest sent version (0 before the first send) */
    sentVersion: integer().notNull().default(0),
    firstSentAt: timestamp({ withTimezone: true }),
    lastSentAt: timestamp({ withTimezone: true }),
    /** Optimistic concurrency: every change bumps it, a stale edit is refused. */
    revision: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("discharge_summaries_document_number_uq").on(t.authorFacilityId, t.documentNumber),
    index("discharge_summaries_author_idx").on(t.authorFacilityId, t.status, t.updatedAt),
    index("discharge_summaries_patient_idx").on(t.patientId),
    index("discharge_summaries_referral_idx").on(t.referralId),
  ],
);

/** Each sent version as it was sent; amendments add a version, earlier ones stay readable. */
export const dischargeSummaryVersions = pgTable(
  "discharge_summary_versions",
  {
    summaryId: uuid()
      .notNull()
      .references(() => dischargeSummaries.id),
    version: integer().notNull(),
    content: jsonb().$type<DischargeSummaryContent>().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    /** why this version replaces the previous one; empty for version 1 */
    amendmentNote: text().notNull().default(""),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.summaryId, t.version] })],
);

export const dischargeSummaryRecipientKind = pgEnum("discharge_summary_recipient_kind", [
  "referrer",
  "care_team",
]);

/**
 * Where a summary goes: the referring GP's facility and the care team's
 * (care facility, visiting-nurse station, pharmacy, rehabilitation hospital).
 * A recipient chosen in a draft has no `sinceVersion` yet and sees nothing.
 */
export const dischargeSummaryRecipients = pgTable(
  "discharge_summary_recipients",
  {
    summaryId: uuid()
      .notNull()
      .references(() => dischargeSummaries.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    /** a named person there (the referring GP), else the facility as a whole */
    practitionerId: uuid().references(() => practitioners.id),
    kind: dischargeSummaryRecipientKind().notNull(),
    /** the first version sent to this recipient; null while only chosen in a draft */
    sinceVersion: integer(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.summaryId, t.facilityId] }),
    index("discharge_summary_recipients_inbox_idx").on(t.facilityId, t.sinceVersion),
  ],
);

/** 受領確認: one per recipient facility and version; the author sees who confirmed and when. */
export const dischargeSummaryAcknowledgements = pgTable(
  "discharge_summary_acknowledgements",
  {
    summaryId: uuid()
      .notNull()
      .references(() => dischargeSummaries.id),
    version: integer().notNull(),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.summaryId, t.version, t.facilityId] })],
);
