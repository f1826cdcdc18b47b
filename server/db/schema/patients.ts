import { date, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { facilities } from "./facilities";

export const sex = pgEnum("sex", ["male", "female", "other", "unknown"]);

export const patients = pgTable(
  "patients",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The network's one regional patient ID (the role ID-Link plays at the reference site). */
    regionalId: text().notNull(),
    familyName: text().notNull(),
    givenName: text().notNull(),
    familyNameKana: text().notNull(),
    givenNameKana: text().notNull(),
    birthDate: date({ mode: "string" }).notNull(),
    sex: sex().notNull(),
    postalCode: text().notNull().default(""),
    address: text().notNull().default(""),
    phone: text().notNull().default(""),
    /** Normalised keys (server/domain/patients/normalize.ts patientSearchKeys), for prefix search. */
    searchName: text().notNull(),
    searchKana: text().notNull(),
    searchGivenName: text().notNull().default(""),
    searchGivenKana: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("patients_regional_id_uq").on(t.regionalId),
    index("patients_search_kana_idx").on(t.searchKana.op("text_pattern_ops")),
    index("patients_search_name_idx").on(t.searchName.op("text_pattern_ops")),
    index("patients_search_given_kana_idx").on(t.searchGivenKana.op("text_pattern_ops")),
    index("patients_search_given_name_idx").on(t.searchGivenName.op("text_pattern_ops")),
  ],
);

/** Cross-reference: the patient's ID in each facility's own record system. */
export const patientLocalIds = pgTable(
  "patient_local_ids",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    localId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("patient_local_ids_facility_local_uq").on(t.facilityId, t.localId),
    uniqueIndex("patient_local_ids_patient_facility_uq").on(t.patientId, t.facilityId),
    index("patient_local_ids_local_idx").on(t.localId),
  ],
);
