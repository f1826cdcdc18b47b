import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";

export const conferenceKind = pgEnum("conference_kind", [
  "case_conference",
  "pathway_meeting",
  "consultation",
]);
export const conferenceStatus = pgEnum("conference_status", [
  "scheduled",
  "open",
  "live",
  "ended",
  "cancelled",
]);

/** Who waits in the lobby (待合室) until admitted: every invitee, those of other facilities only, or nobody. */
export const conferenceLobbyPolicy = pgEnum("conference_lobby_policy", [
  "everyone",
  "other_facilities",
  "nobody",
]);

/** A remote case conference (遠隔カンファランス), ad hoc or scheduled. */
export const conferences = pgTable(
  "conferences",
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    kind: conferenceKind().notNull(),
    status: conferenceStatus().notNull().default("scheduled"),
    hostId: uuid()
      .notNull()
      .references(() => practitioners.id),
    hostFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    lobbyPolicy: conferenceLobbyPolicy().notNull().default("everyone"),
    scheduledStart: timestamp({ withTimezone: true }),
    scheduledEnd: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    /** Optimistic concurrency: every change bumps it, a stale edit is refused. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** the last change of its time, title or status (an invitation's DTSTAMP) */
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("conferences_host_idx").on(t.hostId), index("conferences_start_idx").on(t.scheduledStart)],
);

export const conferenceRole = pgEnum("conference_role", ["host", "moderator", "participant", "observer"]);
/** Where an invitee stands at the door: the lobby (待合室) is the host's decision, kept across restarts. */
export const admission = pgEnum("admission", ["invited", "waiting", "admitted", "refused", "removed"]);

export const conferenceParticipants = pgTable(
  "conference_participants",
  {
    id: uuid().primaryKey().defaultRandom(),
    conferenceId: uuid()
      .notNull()
      .references(() => conferences.id),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    role: conferenceRole().notNull(),
    admission: admission().notNull().default("invited"),
    invitedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    admittedAt: timestamp({ withTimezone: true }),
    lastJoinedAt: timestamp({ withTimezone: true }),
    leftAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("conference_participants_uq").on(t.conferenceId, t.practitionerId),
    index("conference_participants_practitioner_idx").on(t.practitionerId),
  ],
);

/** A patient case on the agenda; its data is shown to each participant only inside that patient's consent. */
export const conferenceAgendaItems = pgTable(
  "conference_agenda_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    conferenceId: uuid()
      .notNull()
      .references(() => conferences.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    position: integer().notNull(),
    /** the question for the conference; clinical text, shown only inside consent */
    question: text().notNull().default(""),
    addedBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("conference_agenda_patient_uq").on(t.conferenceId, t.patientId)],
);

export const conferenceChatMessages = pgTable(
  "conference_chat_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    conferenceId: uuid()
      .notNull()
      .references(() => conferences.id),
    practitionerId: uuid()
      .notNull()
      .references(() => practitioners.id),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("conference_chat_conference_idx").on(t.conferenceId, t.createdAt)],
);
