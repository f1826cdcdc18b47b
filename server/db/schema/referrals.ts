import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { ReferralLetterContent, ReferralReplyContent } from "../../model/referral-letter";
import { attachments } from "./attachments";
import { departments, facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";

export const referralStatus = pgEnum("referral_status", [
  "draft",
  "sent",
  "received",
  "accepted",
  "declined",
  "forwarded",
  "interim_report",
  "completed",
  "cancelled",
]);
export const referralPriority = pgEnum("referral_priority", ["routine", "urgent"]);
export const referralDeclineReason = pgEnum("referral_decline_reason", [
  "outside_scope",
  "no_capacity",
  "insufficient_information",
  "patient_declined",
  "refer_elsewhere",
  "other",
]);

/**
 * The worklist chips' counts per facility, box ("inbox": referred to it, drafts
 * excluded; "outbox": referred by it) and status. Kept by statement-level
 * triggers on referrals (drizzle/0014) in the transaction of every change; each
 * database backend adds to its own stripe so concurrent senders do not queue on
 * one row. A count is the sum of a (facility, box, status)'s stripes.
 */
export const referralWorklistCounts = pgTable(
  "referral_worklist_counts",
  {
    facilityId: uuid().notNull(),
    box: text().$type<"inbox" | "outbox">().notNull(),
    status: referralStatus().notNull(),
    stripe: smallint().notNull(),
    n: integer().notNull(),
  },
  (t) => [
    primaryKey({ name: "referral_worklist_counts_pk", columns: [t.facilityId, t.box, t.status, t.stripe] }),
  ],
);

/**
 * An electronic referral (電子紹介状): the letter, where it is going and where it
 * stands in the closed loop. The content stays editable only while a draft.
 */
export const referrals = pgTable(
  "referrals",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** YYYY-NNNNNN within the referring facility (the national document identifier's last part) */
    documentNumber: text(),
    status: referralStatus().notNull().default("draft"),
    priority: referralPriority().notNull().default("routine"),
    requestedBy: date({ mode: "string" }),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    referrerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    referrerFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    referrerDepartment: text().notNull().default(""),
    destinationFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    destinationDepartmentId: uuid()
      .notNull()
      .references(() => departments.id),
    destinationPractitionerId: uuid().references(() => practitioners.id),
    content: jsonb().$type<ReferralLetterContent>().notNull(),
    /** the advice request this referral was converted from, if any */
    adviceRequestId: uuid(),
    appointmentAt: timestamp({ withTimezone: true }),
    declineReason: referralDeclineReason(),
    declineNote: text().notNull().default(""),
    cancelNote: text().notNull().default(""),
    sentAt: timestamp({ withTimezone: true }),
    receivedAt: timestamp({ withTimezone: true }),
    /** since when the current destination owes an answer (set at send and at forward): the overdue clock */
    awaitingSince: timestamp({ withTimezone: true }),
    /** when the destination last answered (accepted, declined, forwarded, reported): the overdue clock stops */
    respondedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    statusChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency: every change bumps it, a stale edit is refused. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("referrals_document_number_uq").on(t.referrerFacilityId, t.documentNumber),
    // worklists (drizzle/0014): one index per filter in the page's order (urgent first, newest
    // first, id last for keyset pagination), DESC as the query's `desc()` (NULLS FIRST) orders,
    // so a page reads its rows from the index without sorting the facility's whole list
    index("referrals_inbox_page_idx")
      .on(t.destinationFacilityId, t.priority.desc(), t.statusChangedAt.desc(), t.id.desc())
      .where(sql`${t.status} <> 'draft'`),
    index("referrals_inbox_status_idx").on(
      t.destinationFacilityId,
      t.status,
      t.priority.desc(),
      t.statusChangedAt.desc(),
      t.id.desc(),
    ),
    index("referrals_inbox_department_idx")
      .on(
        t.destinationFacilityId,
        t.destinationDepartmentId,
        t.priority.desc(),
        t.statusChangedAt.desc(),
        t.id.desc(),
      )
      .where(sql`${t.status} <> 'draft'`),
    index("referrals_inbox_awaiting_idx").on(t.destinationFacilityId, t.status, t.awaitingSince),
    index("referrals_outbox_page_idx").on(
      t.referrerFacilityId,
      t.priority.desc(),
      t.statusChangedAt.desc(),
      t.id.desc(),
    ),
    index("referrals_outbox_status_idx").on(
      t.referrerFacilityId,
      t.status,
      t.priority.desc(),
      t.statusChangedAt.desc(),
      t.id.desc(),
    ),
    index("referrals_outbox_awaiting_idx").on(t.referrerFacilityId, t.status, t.awaitingSince),
    index("referrals_patient_idx").on(t.patientId),
  ],
);

export const referralEventKind = pgEnum("referral_event_kind", [
  "created",
  "send",
  "receive",
  "accept",
  "decline",
  "forward",
  "interim_report",
  "complete",
  "cancel",
  "reschedule",
  "acknowledge_reply",
]);

/** The loop's history, appended, never updated: who did what when, and what it carried. */
export const referralEvents = pgTable(
  "referral_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    referralId: uuid()
      .notNull()
      .references(() => referrals.id),
    kind: referralEventKind().notNull(),
    fromStatus: referralStatus(),
    toStatus: referralStatus().notNull(),
    actorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    actorFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    /** where it was going before a forward, the appointment, the reason ... */
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("referral_events_referral_idx").on(t.referralId, t.at)],
);

/** Documents sent with the letter (or with a reply); the bytes live in `attachments`. */
export const referralAttachments = pgTable(
  "referral_attachments",
  {
    referralId: uuid()
      .notNull()
      .references(() => referrals.id),
    attachmentId: uuid()
      .notNull()
      .references(() => attachments.id),
    /** letter: sent with the referral; reply: sent back with a report */
    part: text().$type<"letter" | "reply">().notNull().default("letter"),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.referralId, t.attachmentId] })],
);

export const referralReplyKind = pgEnum("referral_reply_kind", ["interim", "final"]);

/** 返書・受診報告: interim reports and the final reply, structured like the letter. */
export const referralReplies = pgTable(
  "referral_replies",
  {
    id: uuid().primaryKey().defaultRandom(),
    referralId: uuid()
      .notNull()
      .references(() => referrals.id),
    kind: referralReplyKind().notNull(),
    documentNumber: text().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    authorFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    content: jsonb().$type<ReferralReplyContent>().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedBy: uuid().references(() => practitioners.id),
  },
  (t) => [index("referral_replies_referral_idx").on(t.referralId)],
);

export const adviceStatus = pgEnum("advice_status", ["open", "answered", "converted", "withdrawn"]);

/** 事前相談: a question to a department before (or instead of) a referral. */
export const adviceRequests = pgTable(
  "advice_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    status: adviceStatus().notNull().default("open"),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    askedBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    askerFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    destinationFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    destinationDepartmentId: uuid()
      .notNull()
      .references(() => departments.id),
    question: text().notNull(),
    answer: text().notNull().default(""),
    /** the doctor the liaison office routed the request to (担当医), who is told; null: the department's doctors */
    assignedTo: uuid().references(() => practitioners.id),
    answeredBy: uuid().references(() => practitioners.id),
    answeredAt: timestamp({ withTimezone: true }),
    /** the referral the specialist turned the question into */
    referralId: uuid().references(() => referrals.id),
    attachmentIds: uuid().array().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("advice_requests_asker_idx").on(t.askerFacilityId, t.status),
    index("advice_requests_destination_idx").on(t.destinationFacilityId, t.status),
  ],
);

/** Per facility and year, the last document number issued (referral letters, replies). */
export const documentCounters = pgTable(
  "document_counters",
  {
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    year: integer().notNull(),
    last: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.facilityId, t.year] })],
);
