import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { FACILITY_KINDS } from "../../model/facility-kinds";

export const facilityKind = pgEnum("facility_kind", FACILITY_KINDS);

/** Disclosing facilities (開示施設) publish records; viewing facilities (閲覧施設) read them. */
export const facilityRole = pgEnum("facility_role", ["disclosing", "viewing"]);

export const facilities = pgTable(
  "facilities",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 10-digit medical-institution code (医療機関コード); also used in FHIR document identifiers. */
    code: text().notNull(),
    name: text().notNull(),
    nameKana: text().notNull(),
    kind: facilityKind().notNull(),
    role: facilityRole().notNull(),
    bedCount: integer().notNull().default(0),
    address: text().notNull().default(""),
    phone: text().notNull().default(""),
    /**
     * The facility's record viewer, as a URL template with `{localId}` for the
     * patient's local ID (server/domain/records/record-url.ts); empty when it publishes none.
     */
    recordSystemUrl: text().notNull().default(""),
    /** Base URL of the facility's FHIR R4 endpoint for the shared-record timeline; empty when it has none. */
    recordFhirBaseUrl: text().notNull().default(""),
    /** Base URL of the facility's PACS DICOMweb service (QIDO-RS, WADO-RS); empty when it shares no images. */
    pacsDicomwebUrl: text().notNull().default(""),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("facilities_code_uq").on(t.code), index("facilities_kind_idx").on(t.kind)],
);

export const departments = pgTable(
  "departments",
  {
    id: uuid().primaryKey().defaultRandom(),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    name: text().notNull(),
    /** Whether this department takes electronic referrals, and what it asks the referrer to attach. */
    acceptsReferrals: boolean().notNull().default(false),
    referralNotes: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("departments_facility_name_uq").on(t.facilityId, t.name)],
);
