import {
  and,
  asc,
  desc,
  eq,
  inArray,
  isNotNull,
  lt,
  gte,
  ne,
  notInArray,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { careDocuments, facilities, patients } from "../../db/schema";
import {
  isOverdue,
  statusOn,
  tokyoToday,
  wasSentLate,
  type StoredCareDocumentStatus,
} from "../../model/care-documents/care-document-status";
import {
  CARE_DOCUMENT_KINDS,
  CARE_DOCUMENT_SPECS,
  type CareDocumentKind,
} from "../../model/care-documents/registry";
import type { Actor } from "../../model/permissions";
import { professionMaySee } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope, requirePatientAccess } from "../consent/check-patient-access";
import { auditCareDocuments } from "./care-documents-audit";
import { CareDocumentListQuery } from "./care-documents.schema";

const recipientFacility = alias(facilities, "care_document_recipient");
const authorFacility = alias(facilities, "care_document_author");

/** The kinds whose part of the record the actor's profession may see: the others never list. */
const visibleKinds = (actor: Actor) =>
  CARE_DOCUMENT_KINDS.filter((k) => professionMaySee(actor.profession, CARE_DOCUMENT_SPECS[k].dataKind));
/** The kinds the actor's profession writes, and those it replies to. */
const writtenKinds = (actor: Actor) =>
  CARE_DOCUMENT_KINDS.filter((k) => CARE_DOCUMENT_SPECS[k].author.professions.includes(actor.profession));
const answeredKinds = (actor: Actor) =>
  CARE_DOCUMENT_KINDS.filter((k) => CARE_DOCUMENT_SPECS[k].recipient.professions.includes(actor.profession));

const received = (actor: Actor): SQL =>
  and(
    eq(careDocuments.recipientFacilityId, actor.facilityId),
    notInArray(careDocuments.status, ["draft", "discarded"]),
  )!;
const writtenHere = (actor: Actor): SQL =>
  and(eq(careDocuments.authorFacilityId, actor.facilityId), ne(careDocuments.status, "discarded"))!;

const columns = {
  id: careDocuments.id,
  kind: careDocuments.kind,
  storedStatus: careDocuments.status,
  documentNumber: careDocuments.documentNumber,
  dueOn: careDocuments.dueOn,
  endsOn: careDocuments.endsOn,
  sentAt: careDocuments.sentAt,
  repliedAt: careDocuments.repliedAt,
  updatedAt: careDocuments.updatedAt,
  patientId: careDocuments.patientId,
  authorFacilityName: authorFacility.name,
  recipientFacilityName: recipientFacility.name,
};

function shape<
  R extends {
    storedStatus: StoredCareDocumentStatus;
    endsOn: string | null;
    dueOn: string | null;
    sentAt: Date | null;
    familyName?: string | null;
    givenName?: string | null;
    inConsent?: boolean;
  },
>(rows: R[], today: string) {
  return rows.map(({ storedStatus, familyName, givenName, inConsent, ...r }) => {
    const status = statusOn(storedStatus, r.endsOn, today);
    return {
      ...r,
      status,
      overdue: isOverdue(status, r.dueOn, today),
      sentLate: wasSentLate(r.dueOn, r.sentAt),
      patientName: inConsent && familyName ? `${familyName} ${givenName ?? ""}`.trim() : null,
    };
  });
}

/**
 * A worklist of the reader's facility: received (sent to it), sent and
 * drafts (written there), due (drafts with a due date, the most urgent
 * first); only the kinds the reader's profession may see. Patients are named
 * only inside consent, and naming them is audited.
 */
export async function listCareDocuments(db: Db, actor: Actor, rawQuery: unknown, now = new Date()) {
  const query = parseInput(CareDocumentListQuery, rawQuery);
  const kinds = visibleKinds(actor).filter((k) => !query.kind || k === query.kind);
  if (kinds.length === 0) return [];
  const today = tokyoToday(now);
  const box = {
    received: received(actor),
    sent: and(writtenHere(actor), ne(careDocuments.status, "draft")),
    drafts: and(writtenHere(actor), eq(careDocuments.status, "draft")),
    due: and(writtenHere(actor), eq(careDocuments.status, "draft"), isNotNull(careDocuments.dueOn)),
  }[query.box];
  const rows = await db
    .select({
      ...columns,
      familyName: patients.familyName,
      givenName: patients.givenName,
      inConsent: sql<boolean>`coalesce(${inCurrentConsentScope(db, careDocuments.patientId, actor.facilityId)}, false)`,
    })
    .from(careDocuments)
    .innerJoin(patients, eq(patients.id, careDocuments.patientId))
    .innerJoin(authorFacility, eq(authorFacility.id, careDocuments.authorFacilityId))
    .leftJoin(recipientFacility, eq(recipientFacility.id, careDocuments.recipientFacilityId))
    .where(and(box, inArray(careDocuments.kind, kinds)))
    .orderBy(
      ...(query.box === "due"
        ? [asc(careDocuments.dueOn)]
        : query.box === "received"
          ? [desc(careDocuments.sentAt)]
          : [desc(careDocuments.updatedAt)]),
    )
    .limit(200);
  const list = shape(rows, today);
  const named = [...new Set(list.filter((r) => r.patientName).map((r) => r.patientId))];
  if (named.length > 0) {
    await auditCareDocuments(db, actor, "care_document.list", { details: { patientIds: named }, read: true });
  }
  return list;
}
export type CareDocumentListItem = Awaited<ReturnType<typeof listCareDocuments>>[number];

/**
 * A patient's care documents the reader's facility wrote or received, for
 * the patient page, inside the reader's access (audited as a view of the list).
 */
export async function listPatientCareDocuments(db: Db, actor: Actor, patientId: string, now = new Date()) {
  const kinds = visibleKinds(actor);
  if (kinds.length === 0) return [];
  await requirePatientAccess(db, actor, patientId, "demographics", "care_document.list");
  const rows = await db
    .select(columns)
    .from(careDocuments)
    .innerJoin(authorFacility, eq(authorFacility.id, careDocuments.authorFacilityId))
    .leftJoin(recipientFacility, eq(recipientFacility.id, careDocuments.recipientFacilityId))
    .where(
      and(
        eq(careDocuments.patientId, patientId),
        inArray(careDocuments.kind, kinds),
        or(received(actor), writtenHere(actor)),
      ),
    )
    .orderBy(desc(careDocuments.updatedAt))
    .limit(50);
  if (rows.length > 0) {
    await auditCareDocuments(db, actor, "care_document.list", {
      patientId,
      details: { documentIds: rows.map((r) => r.id) },
      read: true,
    });
  }
  return shape(rows, tokyoToday(now));
}

/**
 * The home page's counts, no patient named: documents at the reader's facility
 * waiting for a reply from the reader's profession, and drafts of the kinds
 * the reader writes that are due (today or later) or overdue.
 */
export async function careDocumentDayCounts(db: Db, actor: Actor, now = new Date()) {
  const answers = answeredKinds(actor).filter((k) => visibleKinds(actor).includes(k));
  const writes = writtenKinds(actor);
  if (answers.length === 0 && writes.length === 0) return null;
  const today = tokyoToday(now);
  const count = async (where: SQL | undefined) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(careDocuments)
      .where(where);
    return row?.n ?? 0;
  };
  const drafts = (kinds: CareDocumentKind[]) =>
    and(writtenHere(actor), eq(careDocuments.status, "draft"), inArray(careDocuments.kind, kinds));
  return {
    toReply:
      answers.length > 0
        ? await count(
            and(
              eq(careDocuments.recipientFacilityId, actor.facilityId),
              eq(careDocuments.status, "sent"),
              inArray(careDocuments.kind, answers),
            ),
          )
        : 0,
    due: writes.length > 0 ? await count(and(drafts(writes), gte(careDocuments.dueOn, today))) : 0,
    overdue: writes.length > 0 ? await count(and(drafts(writes), lt(careDocuments.dueOn, today))) : 0,
  };
}
