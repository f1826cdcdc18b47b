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
import {
  INSTRUCTION_KINDS,
  STORED_INSTRUCTION_STATUSES,
  type NursingInstructionContent,
} from "../../model/nursing-instruction";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";

export const nursingInstructionStatus = pgEnum("nursing_instruction_status", STORED_INSTRUCTION_STATUSES);
export const nursingInstructionKind = pgEnum("nursing_instruction_kind", INSTRUCTION_KINDS);

/**
 * 訪問看護指示書 / 特別訪問看護指示書: a physician's instruction to one
 * visiting-nurse station for one patient over a period. Written as a draft,
 * sent once (then never rewritten: a change is a new instruction, which
 * supersedes the one it overlaps), acknowledged by the station, cancelled by
 * the physician with a reason; a draft is discarded (deleted). The kind and
 * period are columns as well as content, for the worklists' queries; they are
 * copied from the content at each save.
 */
export const nursingInstructions = pgTable(
  "nursing_instructions",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** YYYY-NNNNNN within the author's facility, issued at send (as for referrals) */
    documentNumber: text(),
    kind: nursingInstructionKind().notNull().default("regular"),
    status: nursingInstructionStatus().notNull().default("draft"),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    authorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    authorFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    /** the visiting-nurse station instructed; may be empty while a draft */
    stationFacilityId: uuid().references(() => facilities.id),
    periodStart: date({ mode: "string" }),
    periodEnd: date({ mode: "string" }),
    content: jsonb().$type<NursingInstructionContent>().notNull(),
    sentAt: timestamp({ withTimezone: true }),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedById: uuid().references(() => practitioners.id),
    /** the instruction that superseded this one */
    supersededById: uuid(),
    /** 指示の取消: when, by which physician and why (told to the station) */
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledById: uuid().references(() => practitioners.id),
    cancelReason: text(),
    /** Optimistic concurrency: every change bumps it, a stale edit is refused. */
    revision: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("nursing_instructions_document_number_uq").on(t.authorFacilityId, t.documentNumber),
    index("nursing_instructions_station_idx").on(t.stationFacilityId, t.status, t.periodEnd),
    index("nursing_instructions_author_idx").on(t.authorFacilityId, t.status, t.updatedAt),
    index("nursing_instructions_patient_idx").on(t.patientId, t.stationFacilityId),
  ],
);
