import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { PathwayDefinition, StageMeasures } from "../../model/pathway-template";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";

/**
 * A pathway template version (地域連携クリティカルパス), written from the
 * definitions in code (server/domain/pathways/templates) and never changed
 * once published: enrolments keep the version they started on.
 */
export const pathwayTemplates = pgTable(
  "pathway_templates",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** stroke, hip_fracture */
    code: text().notNull(),
    version: integer().notNull(),
    definition: jsonb().$type<PathwayDefinition>().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("pathway_templates_code_version_uq").on(t.code, t.version)],
);

export const pathwayEnrolmentStatus = pgEnum("pathway_enrolment_status", [
  "active",
  "completed",
  "withdrawn",
]);
export const pathwayWithdrawReason = pgEnum("pathway_withdraw_reason", [
  "patient_declined",
  "condition_changed",
  "death",
  "moved_out_of_region",
  "consent_withdrawn",
  "other",
]);

/**
 * A patient on a pathway: which template version, where they stand now (the
 * facility owning the current stage may write), and how it ended. One active
 * enrolment per patient and pathway.
 */
export const pathwayEnrolments = pgTable(
  "pathway_enrolments",
  {
    id: uuid().primaryKey().defaultRandom(),
    templateId: uuid()
      .notNull()
      .references(() => pathwayTemplates.id),
    /** the template's code, kept here for the one-active rule and the statistics */
    pathwayCode: text().notNull(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    status: pathwayEnrolmentStatus().notNull().default("active"),
    /** 発症日 / 受傷日, when known */
    onsetOn: date({ mode: "string" }),
    /** the first stage's admission: the day the pathway started (the statistics' cohort date) */
    startedOn: date({ mode: "string" }).notNull(),
    /** the current stage and its facility (null once ended) */
    currentStageId: uuid(),
    currentFacilityId: uuid().references(() => facilities.id),
    enrolledBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    enrolledFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    endedOn: date({ mode: "string" }),
    withdrawReason: pathwayWithdrawReason(),
    endNote: text().notNull().default(""),
    /** Optimistic concurrency: every change bumps it, a stale edit is refused. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pathway_enrolments_one_active_uq")
      .on(t.patientId, t.pathwayCode)
      .where(sql`${t.status} = 'active'`),
    index("pathway_enrolments_patient_idx").on(t.patientId),
    index("pathway_enrolments_current_facility_idx").on(t.currentFacilityId, t.status),
    index("pathway_enrolments_cohort_idx").on(t.pathwayCode, t.startedOn),
  ],
);

export const pathwayStageStatus = pgEnum("pathway_stage_status", [
  "requested",
  "declined",
  "cancelled",
  "active",
  "completed",
  "discontinued",
]);
export const pathwayHandoverDeclineReason = pgEnum("pathway_handover_decline_reason", [
  "no_capacity",
  "not_indicated",
  "patient_declined",
  "insufficient_information",
  "other",
]);

/**
 * One stage at one facility: a handover request (requested, then declined,
 * cancelled or accepted), the stage in progress (active) and after it
 * (completed, or discontinued when the pathway was withdrawn). Holds the
 * stage's dates and measures.
 */
export const pathwayStages = pgTable(
  "pathway_stages",
  {
    id: uuid().primaryKey().defaultRandom(),
    enrolmentId: uuid()
      .notNull()
      .references(() => pathwayEnrolments.id),
    /** the stage's key and position in the enrolment's template version */
    stageKey: text().notNull(),
    stageIndex: integer().notNull(),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    status: pathwayStageStatus().notNull(),
    requestedBy: uuid().references(() => practitioners.id),
    requestedAt: timestamp({ withTimezone: true }),
    /** the day the sending facility plans the transfer */
    plannedOn: date({ mode: "string" }),
    requestNote: text().notNull().default(""),
    answeredBy: uuid().references(() => practitioners.id),
    answeredAt: timestamp({ withTimezone: true }),
    declineReason: pathwayHandoverDeclineReason(),
    declineNote: text().notNull().default(""),
    /** 入院日 / 開始日 and 退院日 / 終了日 */
    admittedOn: date({ mode: "string" }),
    dischargedOn: date({ mode: "string" }),
    measures: jsonb().$type<StageMeasures>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("pathway_stages_enrolment_idx").on(t.enrolmentId, t.stageIndex),
    uniqueIndex("pathway_stages_one_request_uq")
      .on(t.enrolmentId)
      .where(sql`${t.status} = 'requested'`),
    uniqueIndex("pathway_stages_one_active_uq")
      .on(t.enrolmentId)
      .where(sql`${t.status} = 'active'`),
    // a facility's handover inbox
    index("pathway_stages_facility_idx").on(t.facilityId, t.status),
  ],
);

/** 逸脱（バリアンス）の要因: the patient and family, the care team, the system and society. */
export const pathwayVarianceCategory = pgEnum("pathway_variance_category", [
  "patient",
  "care_team",
  "system",
]);

/** What went off-plan in a stage and why; appended, never rewritten (drizzle/0010). */
export const pathwayVariances = pgTable(
  "pathway_variances",
  {
    id: uuid().primaryKey().defaultRandom(),
    enrolmentId: uuid()
      .notNull()
      .references(() => pathwayEnrolments.id),
    stageId: uuid()
      .notNull()
      .references(() => pathwayStages.id),
    category: pathwayVarianceCategory().notNull(),
    occurredOn: date({ mode: "string" }).notNull(),
    /** what went off-plan (e.g. 誤嚥性肺炎で転院が遅延) */
    description: text().notNull(),
    /** why, and what was done */
    reason: text().notNull().default(""),
    /** days the stage ran past its plan because of it, when known */
    delayDays: integer(),
    recordedBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    recordedByFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pathway_variances_enrolment_idx").on(t.enrolmentId, t.occurredOn)],
);

export const pathwayEventKind = pgEnum("pathway_event_kind", [
  "enrolled",
  "handover_requested",
  "handover_accepted",
  "handover_declined",
  "handover_cancelled",
  "measures_recorded",
  "variance_recorded",
  "completed",
  "withdrawn",
]);

type PathwayEventKind = (typeof pathwayEventKind.enumValues)[number];

/** The events that put a case on a pathway meeting's agenda: the stage changed, or a variance. */
export const AGENDA_EVENT_KINDS = [
  "enrolled",
  "handover_accepted",
  "variance_recorded",
  "completed",
  "withdrawn",
] as const satisfies readonly PathwayEventKind[];
const agendaKinds = sql.raw(AGENDA_EVENT_KINDS.map((k) => `'${k}'`).join(", "));

/** A pathway's history, appended, never updated (drizzle/0010): who did what when, with ids and codes. */
export const pathwayEvents = pgTable(
  "pathway_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    enrolmentId: uuid()
      .notNull()
      .references(() => pathwayEnrolments.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    stageId: uuid().references(() => pathwayStages.id),
    kind: pathwayEventKind().notNull(),
    actorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    actorFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("pathway_events_enrolment_idx").on(t.enrolmentId, t.at),
    // a meeting's agenda: the cases whose stage changed or that got a variance between two
    // occurrences, read as one range over this small index instead of the whole history
    index("pathway_events_agenda_idx")
      .on(t.at, t.enrolmentId)
      .where(sql`${t.kind} in (${agendaKinds})`),
  ],
);
