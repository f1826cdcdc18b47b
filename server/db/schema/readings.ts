import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { READING_STATUSES, READING_URGENCIES, type ReadingReportContent } from "../../model/reading-report";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";

export const readingStatus = pgEnum("reading_status", READING_STATUSES);
export const readingUrgency = pgEnum("reading_urgency", READING_URGENCIES);

/**
 * A reading request (読影依頼): who asks which reading hospital to read which
 * study (by its StudyInstanceUID and the facility whose PACS holds it), why and
 * how soon, and where it stands. The report being written lives here as the
 * working copy; what was signed lives in `reading_report_versions`.
 */
export const readingRequests = pgTable(
  "reading_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    requesterId: uuid()
      .notNull()
      .references(() => practitioners.id),
    requesterFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    readingFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    /** the radiologist who accepted it (and signs its reports) */
    radiologistId: uuid().references(() => practitioners.id),
    /** the facility whose PACS holds the study */
    studyFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    studyUid: text().notNull(),
    /** the study as the requester's list showed it (YYYY-MM-DD, modalities, description) */
    studyDate: text(),
    studyModalities: jsonb().$type<string[]>().notNull().default([]),
    studyDescription: text().notNull().default(""),
    clinicalQuestion: text().notNull(),
    relevantHistory: text().notNull().default(""),
    urgency: readingUrgency().notNull(),
    status: readingStatus().notNull().default("requested"),
    /** why it was declined or cancelled */
    closingNote: text().notNull().default(""),
    /** the report being written (a first draft or an amendment); null when nothing is being written */
    draftReport: jsonb().$type<ReadingReportContent>(),
    /** why the amendment being written replaces the signed report (訂正理由) */
    draftAmendmentNote: text().notNull().default(""),
    /** the latest signed version (0 before the first signature) */
    reportedVersion: integer().notNull().default(0),
    /** the version the requester acknowledged last (0: none) */
    acknowledgedVersion: integer().notNull().default(0),
    acknowledgedById: uuid().references(() => practitioners.id),
    acknowledgedAt: timestamp({ withTimezone: true }),
    /** Optimistic concurrency: every change bumps it, a stale command is refused. */
    revision: integer().notNull().default(1),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("reading_requests_reading_idx").on(t.readingFacilityId, t.status, t.requestedAt),
    index("reading_requests_requester_idx").on(t.requesterFacilityId, t.status, t.requestedAt),
    index("reading_requests_patient_idx").on(t.patientId),
  ],
);

/** Each signed report as it was signed; an amendment adds a version, earlier ones stay readable. */
export const readingReportVersions = pgTable(
  "reading_report_versions",
  {
    requestId: uuid()
      .notNull()
      .references(() => readingRequests.id),
    version: integer().notNull(),
    content: jsonb().$type<ReadingReportContent>().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    /** why this version replaces the previous one; empty for version 1 */
    amendmentNote: text().notNull().default(""),
    signedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.version] })],
);

/**
 * Key images (キー画像) of a report version: the frame the radiologist marked in
 * the viewer, with the window in use and a note. Rows of the version being
 * written (the request's reportedVersion + 1) change; those of a signed version
 * never do. Signing copies them forward as the start of a later amendment.
 */
export const readingKeyImages = pgTable(
  "reading_key_images",
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => readingRequests.id),
    version: integer().notNull(),
    seriesUid: text().notNull(),
    instanceUid: text().notNull(),
    /** 1-based, as WADO-RS numbers frames */
    frame: integer().notNull(),
    windowCenter: integer().notNull(),
    windowWidth: integer().notNull(),
    note: text().notNull().default(""),
    /** the order they were marked in, kept by copies */
    position: integer().notNull(),
    markedById: uuid()
      .notNull()
      .references(() => practitioners.id),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reading_key_images_version_idx").on(t.requestId, t.version, t.position)],
);
