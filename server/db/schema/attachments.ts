import { customType, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Uploaded documents (signed consent forms now; referral attachments later).
 * Stored in the database, so an upload and the record that points at it commit
 * together or not at all, and nothing sits in a public folder.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid().references(() => patients.id),
    facilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    uploadedBy: uuid()
      .notNull()
      .references(() => practitioners.id),
    /** Media type detected from the content, not from the name the browser sent. */
    mediaType: text().notNull(),
    fileName: text().notNull(),
    byteSize: integer().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("attachments_patient_idx").on(t.patientId)],
);
