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
import { STORED_CARE_DOCUMENT_STATUSES } from "../../model/care-documents/care-document-status";
import type { CareDocumentKind } from "../../model/care-documents/registry";
import { facilities } from "./facilities";
import { patients } from "./patients";
import { practitioners } from "./practitioners";

export const careDocumentStatus = pgEnum("care_document_status", STORED_CARE_DOCUMENT_STATUSES);

/**
 * The care documents (server/model/care-documents): one row per document of
 * any kind, from the author's facility to one recipient facility (and,
 * optionally, one named practitioner there) about one patient. The kind is
 * text checked by the registry, not a database enum, so a new kind needs no
 * migration; its content is the kind's zod-checked JSON. Written as a draft,
 * sent once (then never rewritten), closed by the recipient's receipt or
 * answer, or cancelled by the author with a reason. The due date is copied
 * from the content by the kind's rule at each save, for the worklists.
 */
export const careDocuments = pgTable(
  "care_documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().$type<CareDocumentKind>().notNull(),
    status: careDocumentStatus().notNull().default("draft"),
    /** YYYY-NNNNNN within the author's facility, issued at send (as for referrals) */
    documentNumber: text(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    authorId: uuid()
      .notNull()
      .references(() => practitioners.id),
    authorFacilityId: uuid()
      .notNull()
      .references(() => facilities.id),
    /** may be empty while a draft */
    recipientFacilityId: uuid().references(() => facilities.id),
    /** a named practitioner at the recipient facility (the prescriber), when the author knows one */
    recipientPractitionerId: uuid().references(() => practitioners.id),
    content: jsonb().$type<Record<string, unknown>>().notNull(),
    /** when the author must have sent it, by the kind's rule (入院時情報提供書: admission + 3 days) */
    dueOn: date({ mode: "string" }),
    /** the last day a sent document is in force, for kinds that have one */
    endsOn: date({ mode: "string" }),
    sentAt: timestamp({ withTimezone: true }),
    repliedAt: timestamp({ withTimezone: true }),
    repliedById: uuid().references(() => practitioners.id),
    /** the recipient's answer (回答); empty for a bare acknowledgement */
    replyText: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    /** Optimistic concurrency: every change bumps it, a stale edit is refused. */
    revision: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("care_documents_document_number_uq").on(t.authorFacilityId, t.documentNumber),
    index("care_documents_recipient_idx").on(t.recipientFacilityId, t.status, t.sentAt),
    index("care_documents_author_idx").on(t.authorFacilityId, t.status, t.updatedAt),
    index("care_documents_due_idx").on(t.authorFacilityId, t.status, t.dueOn),
    index("care_documents_patient_idx").on(t.patientId, t.kind),
  ],
);
