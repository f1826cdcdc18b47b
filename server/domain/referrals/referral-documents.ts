import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { isUuid } from "../../validation";
import { referralReplies } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import type {
  DocumentFacility,
  DocumentPatient,
  DocumentPractitioner,
  ReferralLetterDocument,
  ReferralReplyDocument,
} from "../../model/documents";
import { documentFacility, documentPatient, documentPractitioner } from "../documents/document-parties";
import { loadReferral, type Referral } from "./load-referral";
import { loadReferralAttachments, loadReferralParts } from "./referral-parts";
import { auditReferrals } from "./referrals-audit";

/**
 * The document models of a referral letter and its replies, for the PDF and
 * FHIR renderers, loaded inside the reader's access and audited as an export.
 */
export async function referralLetterDocument(
  db: Db,
  actor: Actor,
  referralId: string,
  format: "pdf" | "fhir",
): Promise<ReferralLetterDocument> {
  const { referral: r } = await loadReferral(db, actor, referralId, "referral.document_export");
  const parts = await loadParts(db, r);
  const files = await loadReferralAttachments(db, r.id, "letter");
  await audit(db, actor, r, { format, document: "letter" });
  return {
    referralId: r.id,
    documentNumber: r.documentNumber ?? "draft",
    issuedAt: (r.sentAt ?? new Date()).toISOString(),
    draft: r.status === "draft",
    priority: r.priority,
    requestedBy: r.requestedBy,
    referrer: {
      facility: parts.facility(r.referrerFacilityId),
      department: r.referrerDepartment || null,
      practitioner: parts.person(r.referrerId)!,
    },
    destination: {
      facility: parts.facility(r.destinationFacilityId),
      department: parts.departmentName,
      practitioner: parts.person(r.destinationPractitionerId),
    },
    patient: parts.patient(r.referrerFacilityId),
    content: r.content,
    attachments: files.map(({ part: _part, ...f }) => ({ ...f, createdAt: f.createdAt.toISOString() })),
  };
}

export async function referralReplyDocument(
  db: Db,
  actor: Actor,
  referralId: string,
  replyId: string,
  format: "pdf" | "fhir",
): Promise<ReferralReplyDocument> {
  const { referral: r } = await loadReferral(db, actor, referralId, "referral.document_export");
  if (!isUuid(replyId)) throw new DomainError("NOT_FOUND", msg("referrals.replyNotFound"));
  const [reply] = await db
    .select()
    .from(referralReplies)
    .where(and(eq(referralReplies.id, replyId), eq(referralReplies.referralId, referralId)));
  if (!reply) throw new DomainError("NOT_FOUND", msg("referrals.replyNotFound"));
  const parts = await loadParts(db, r, {
    practitionerIds: [reply.authorId],
    facilityIds: [reply.authorFacilityId],
  });
  await audit(db, actor, r, { format, document: "reply", replyId });
  return {
    referralId: r.id,
    replyId: reply.id,
    documentNumber: reply.documentNumber,
    issuedAt: reply.sentAt.toISOString(),
    draft: false,
    author: {
      facility: parts.facility(reply.authorFacilityId),
      department: parts.departmentName,
      practitioner: parts.person(reply.authorId)!,
    },
    recipient: { facility: parts.facility(r.referrerFacilityId), practitioner: parts.person(r.referrerId)! },
    patient: parts.patient(reply.authorFacilityId),
    referralIssuedAt: (r.sentAt ?? r.createdAt).toISOString(),
    content: reply.content,
  };
}

/** The shared parts, shaped as the document model wants them. */
async function loadParts(db: Db, r: Referral, more: Parameters<typeof loadReferralParts>[2] = {}) {
  const parts = await loadReferralParts(db, r, more);
  return {
    departmentName: parts.department.name,
    facility: (id: string): DocumentFacility => documentFacility(parts.facility(id)),
    person(id: string | null): DocumentPractitioner | null {
      const p = parts.practitioner(id);
      return p ? documentPractitioner(p) : null;
    },
    /** the patient, with the local ID at the facility that issues the document */
    patient: (issuer: string): DocumentPatient => documentPatient(parts.patient, parts.localId(issuer)),
  };
}

async function audit(db: Db, actor: Actor, r: Referral, details: Record<string, unknown>) {
  await auditReferrals(db, actor, "referral.document_export", {
    patientId: r.patientId,
    details: { referralId: r.id, ...details },
  });
}
