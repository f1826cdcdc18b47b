import {
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { MEETING_STATUSES, OCCURRENCE_STATUSES } from "../../model/pathway-meetings";
import { conferences } from "./conferences";
import { facilities } from "./facilities";
import { pathwayEnrolments } from "./pathways";
import { practitioners } from "./practitioners";

export const pathwayMeetingStatus = pgEnum("pathway_meeting_status", MEETING_STATUSES);

/**
 * A regional pathway meeting (地域連携パス会議), one-off or recurring: the rule
 * (RFC 5545 RRULE, always ending) and the first start, in a named time zone.
 * Its iCalendar UID derives from the id; `sequence` is the iCalendar SEQUENCE,
 * bumped by every change, and doubles as the optimistic-concurrency version.
 */
export const pathwayMeetings = pgTable(
  "pathway_meetings",
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    /** the pathway whose cases it reviews; null: both */
    pathwayCode: text(),
    description: text().notNull().default(""),
    location: text().notNull().default(""),
    organizerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    organizerFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    /** IANA time zone the rule is expanded in (Asia/Tokyo) */
    timeZone: text().notNull(),
    /** the first occurrence's start */
    startsAt: timestamp({ withTimezone: true }).notNull(),
    durationMinutes: integer().notNull(),
    /** normalised RRULE value without the "RRULE:" prefix; null for a one-off meeting */
    rrule: text(),
    status: pathwayMeetingStatus().notNull().default("scheduled"),
    sequence: integer().notNull().default(0),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelNote: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pathway_meetings_organizer_facility_idx").on(t.organizerFacilityId)],
);

/** Practitioners invited by name. */
export const pathwayMeetingInvitees = pgTable(
  "pathway_meeting_invitees",
  {
    meetingId: uuid()
      .notNull()
      .references(() => pathwayMeetings.id),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.practitionerId] }),
    index("pathway_meeting_invitees_practitioner_idx").on(t.practitionerId),
  ],
);

/** Facilities invited as a whole: anyone working there may see and join the meeting. */
export const pathwayMeetingFacilities = pgTable(
  "pathway_meeting_facilities",
  {
    meetingId: uuid()
      .notNull()
      .references(() => pathwayMeetings.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.facilityId] }),
    index("pathway_meeting_facilities_facility_idx").on(t.facilityId),
  ],
);

export const pathwayMeetingOccurrenceStatus = pgEnum(
  "pathway_meeting_occurrence_status",
  OCCURRENCE_STATUSES,
);

/**
 * The occurrences the rule expands to, written when the meeting is scheduled
 * (at most a few dozen): one cancelled alone becomes an EXDATE; the first join
 * opens its conference room.
 */
export const pathwayMeetingOccurrences = pgTable(
  "pathway_meeting_occurrences",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => pathwayMeetings.id),
    /** the occurrence's start by the rule: its RECURRENCE-ID */
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    status: pathwayMeetingOccurrenceStatus().notNull().default("scheduled"),
    conferenceId: uuid().references(() => conferences.id),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledBy: uuid().references(() => practitioners.id),
    cancelNote: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pathway_meeting_occurrences_uq").on(t.meetingId, t.startsAt),
    index("pathway_meeting_occurrences_start_idx").on(t.startsAt),
    // the room finds its occurrence by the conference (one room an occurrence)
    uniqueIndex("pathway_meeting_occurrences_conference_uq").on(t.conferenceId),
  ],
);

export const pathwayMeetingAgendaChange = pgEnum("pathway_meeting_agenda_change", ["added", "removed"]);

/** The coordinator's hand on an occurrence's agenda: a case added to, or removed from, the one built from the history. */
export const pathwayMeetingAgendaChanges = pgTable(
  "pathway_meeting_agenda_changes",
  {
    occurrenceId: uuid()
      .notNull()
      .references(() => pathwayMeetingOccurrences.id),
    enrolmentId: uuid()
      .notNull()
      .references(() => pathwayEnrolments.id),
    change: pathwayMeetingAgendaChange().notNull(),
    changedBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.occurrenceId, t.enrolmentId] })],
);

/** 出席: who joined an occurrence, from which facility, first and last. */
export const pathwayMeetingAttendance = pgTable(
  "pathway_meeting_attendance",
  {
    occurrenceId: uuid()
      .notNull()
      .references(() => pathwayMeetingOccurrences.id),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    firstJoinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastJoinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.occurrenceId, t.practitionerId] })],
);

/**
 * 議事録: a decision on one case at one occurrence, who acts on it and by when,
 * linked to the patient's enrolment so the pathway sheet shows it.
 */
export const pathwayMeetingDecisions = pgTable(
  "pathway_meeting_decisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    occurrenceId: uuid()
      .notNull()
      .references(() => pathwayMeetingOccurrences.id),
    enrolmentId: uuid()
      .notNull()
      .references(() => pathwayEnrolments.id),
    decision: text().notNull(),
    responsibleFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    dueOn: date({ mode: "string" }),
    recordedBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    recordedByFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("pathway_meeting_decisions_occurrence_idx").on(t.occurrenceId),
    index("pathway_meeting_decisions_enrolment_idx").on(t.enrolmentId),
  ],
);

/**
 * A practitioner's calendar feed URL: a random token handed out once, of which
 * only the sha256 is kept; revocable; lastUsedAt shows whether a calendar still polls it.
 */
export const calendarFeedTokens = pgTable(
  "calendar_feed_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("calendar_feed_tokens_hash_uq").on(t.tokenHash),
    index("calendar_feed_tokens_practitioner_idx").on(t.practitionerId),
  ],
);
