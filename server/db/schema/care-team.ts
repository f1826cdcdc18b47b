import {
  boolean,
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
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { attachments } from "./attachments";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners, profession } from "./practitioners";

/**
 * 在宅ケアチーム: the people around a patient at home, added by facility and
 * person. A row stays after removal (removedAt) so past posts keep their
 * attribution; access is decided live: an active member whose facility is
 * inside the patient's current consent.
 */
export const careTeamMembers = pgTable(
  "care_team_members",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    addedBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp({ withTimezone: true }),
    removedBy: uuid().references(() => practitioners.id),
    /**
     * The posts and replies of the patient this member has not read: written by
     * someone else after unreadSince, with no read receipt of theirs. Kept in
     * the transactions that post (one more for every other member not removed)
     * and that record reads (one less for each post newly read that counted),
     * so the worklists read a number instead of checking every post against the
     * reads. See care-team-unread.ts.
     */
    unreadCount: integer().notNull().default(0),
    /**
     * Joining (or rejoining) the team: what was posted before is the team's
     * history to read, not unread. Null for the members of before this counter:
     * everything counts, as it did.
     */
    unreadSince: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("care_team_members_patient_practitioner_uq").on(t.patientId, t.practitionerId),
    index("care_team_members_practitioner_idx").on(t.practitionerId),
  ],
);

export const careTeamPostKind = pgEnum("care_team_post_kind", ["note", "vitals", "daily_living"]);

/** A vital-sign entry, with its units fixed by the field (mmHg, /min, %, °C, kg). */
export interface VitalSigns {
  systolic?: number;
  diastolic?: number;
  pulse?: number;
  spo2?: number;
  temperature?: number;
  weight?: number;
}

/** Meals, excretion and sleep (食事・排泄・睡眠), free text each. */
export interface DailyLiving {
  meals?: string;
  excretion?: string;
  sleep?: string;
}

/** A post on the patient's timeline, or a reply threaded under one (parentId). */
export const careTeamPosts = pgTable(
  "care_team_posts",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    parentId: uuid().references((): AnyPgColumn => careTeamPosts.id),
    authorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    /** where and as what the author wrote it: attribution survives a later move or a withdrawal */
    authorFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    authorProfession: profession().notNull(),
    kind: careTeamPostKind().notNull().default("note"),
    body: text().notNull().default(""),
    vitals: jsonb().$type<VitalSigns>(),
    dailyLiving: jsonb().$type<DailyLiving>(),
    needsReply: boolean().notNull().default(false),
    replyDueAt: timestamp({ withTimezone: true }),
    /** the first reply by someone other than the author answers a "needs a reply" post */
    answeredAt: timestamp({ withTimezone: true }),
    mentionedPractitionerIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    mentionedProfessions: profession()
      .array()
      .notNull()
      .default(sql`'{}'::profession[]`),
    /** made by the author's device before sending: the same draft sent twice is stored once */
    clientKey: text().notNull(),
    replyCount: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("care_team_posts_author_client_key_uq").on(t.authorId, t.clientKey),
    index("care_team_posts_patient_idx").on(t.patientId, t.createdAt),
    index("care_team_posts_parent_idx").on(t.parentId, t.createdAt),
    // the open questions of a patient (needs a reply, not answered yet): the worklists count them
    // per patient, which otherwise reads every post of each of a member's patients to find a few
    index("care_team_posts_open_questions_idx")
      .on(t.patientId)
      .where(sql`${t.needsReply} and ${t.answeredAt} is null`),
  ],
);

/** Photos of a post: the stripped, re-encoded image and its thumbnail, both in attachments. */
export const careTeamPostPhotos = pgTable(
  "care_team_post_photos",
  {
    postId: uuid()
      .notNull()
      .references(() => careTeamPosts.id),
    attachmentId: uuid()
      .notNull()
      .references(() => attachments.id),
    thumbnailId: uuid()
      .notNull()
      .references(() => attachments.id),
    position: integer().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.attachmentId] })],
);

/** 既読: who has read which post, once. */
export const careTeamReads = pgTable(
  "care_team_reads",
  {
    postId: uuid()
      .notNull()
      .references(() => careTeamPosts.id),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    readAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.practitionerId] }),
    index("care_team_reads_practitioner_idx").on(t.practitionerId),
  ],
);

/** 訪問予定: who of the team visits the patient when. */
export const homeVisits = pgTable(
  "home_visits",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    visitorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    durationMinutes: integer().notNull(),
    purpose: text().notNull().default(""),
    createdBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("home_visits_patient_idx").on(t.patientId, t.startsAt),
    index("home_visits_visitor_idx").on(t.visitorId, t.startsAt),
  ],
);
