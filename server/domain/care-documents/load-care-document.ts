import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { CareDocumentSpec } from "../../model/care-documents/care-document-kind";
import { careDocumentSpec, type CareDocumentKind } from "../../model/care-documents/registry";
import type { Actor } from "../../model/permissions";
import { isUuid } from "../../validation";
import type { AuditAction } from "../audit/audit.schema";
import { requirePatientAccess } from "../consent/check-patient-access";
import { auditCareDocuments } from "./care-documents-audit";

export type CareDocumentRow = typeof careDocuments.$inferSelect;
export type CareDocumentAuditAction = Extract<AuditAction, `care_document.${string}`>;

export interface CareDocumentAccess {
  document: CareDocumentRow;
  spec: CareDocumentSpec<CareDocumentKind>;
  /** author: the facility that wrote it; recipient: the facility it was sent to */
  side: "author" | "recipient";
}

const notFound = () => new DomainError("NOT_FOUND", msg("careDocuments.notFound"));

/**
 * The actor's view of one care document: their facility wrote it, or it was
 * sent to their facility (a recipient chosen in a draft sees nothing), AND the
 * patient's consent covers their facility and their profession may see the
 * kind's part of the record. Anyone else learns nothing, not even that it
 * exists; the attempt is audited. A discarded draft is gone for everyone.
 */
export async function loadCareDocument(
  db: Db,
  actor: Actor,
  documentId: string,
  action: CareDocumentAuditAction,
): Promise<CareDocumentAccess> {
  if (!isUuid(documentId)) throw notFound();
  const [document] = await db.select().from(careDocuments).where(eq(careDocuments.id, documentId));
  if (!document || document.status === "discarded") throw notFound();
  let side: CareDocumentAccess["side"] | null = null;
  if (document.authorFacilityId === actor.facilityId) side = "author";
  else if (document.recipientFacilityId === actor.facilityId && document.status !== "draft")
    side = "recipient";
  if (!side) {
    await auditCareDocuments(db, actor, action, {
      patientId: document.patientId,
      outcome: "denied",
      details: { documentId, reason: "not_party" },
    });
    throw notFound();
  }
  const spec = careDocumentSpec(document.kind);
  await requirePatientAccess(db, actor, document.patientId, spec.dataKind, action);
  return { document, spec, side };
}

/** Inside a command's transaction: the row again, locked, so commands on one document queue up. */
export async function lockCareDocument(tx: Db, documentId: string): Promise<CareDocumentRow> {
  const [row] = await tx.select().from(careDocuments).where(eq(careDocuments.id, documentId)).for("update");
  if (!row) throw notFound();
  return row;
}

/** Whether the actor's profession writes this kind (the facility's side is checked by the access). */
export const writesKind = (spec: CareDocumentSpec, actor: Actor) =>
  spec.author.professions.includes(actor.profession);
/** Whether the actor's profession replies to this kind at the recipient facility. */
export const repliesToKind = (spec: CareDocumentSpec, actor: Actor) =>
  spec.recipient.professions.includes(actor.profession);

/** Writing, sending, discarding and cancelling belong to the author facility's professions of the kind. */
export function requireAuthorSide(access: CareDocumentAccess, actor: Actor): void {
  if (!writesKind(access.spec, actor)) {
    throw new DomainError("FORBIDDEN", msg("careDocuments.authorProfessionNotAllowed"));
  }
  if (access.side !== "author") throw new DomainError("FORBIDDEN", msg("careDocuments.onlyAuthorFacility"));
}

/** Receipt and answer belong to the recipient facility's professions of the kind. */
export function requireRecipientSide(access: CareDocumentAccess, actor: Actor): void {
  if (access.side !== "recipient" || !repliesToKind(access.spec, actor)) {
    throw new DomainError("FORBIDDEN", msg("careDocuments.onlyRecipient"));
  }
}

/** Optimistic concurrency: a save or command made on an older revision is refused, never merged silently. */
export function requireRevision(document: CareDocumentRow, revision: number): void {
  if (document.revision !== revision) {
    throw new DomainError("CONFLICT", msg("careDocuments.someoneElseChanged"), [
      { field: "revision", message: msg("referrals.outDate") },
    ]);
  }
}

/** Only a draft is edited, sent or discarded. */
export function requireDraft(document: CareDocumentRow): void {
  if (document.status !== "draft") {
    throw new DomainError("INVALID_TRANSITION", msg("careDocuments.sentCannotChange"));
  }
}
