import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { isUuid } from "../../validation";
import {
  attachments,
  departments,
  facilities,
  patientLocalIds,
  patients,
  practitioners,
  referralAttachments,
  referralReplies,
} from "../../db/schema";
import { DomainError } from "../../errors";
import type { Actor } from "../../auth/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import type {
  DocumentFacility,
  DocumentPatient,
  DocumentPractitioner,
  ReferralLetterDocument,
  ReferralReplyDocument,
} from "../../documents/document-model";
import { loadReferral, type Referral } from "./load-referral";

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
  const files = await db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      mediaType: attachments.mediaType,
      byteSize: attachments.byteSize,
      sha256: attachments.sha256,
      createdAt: attachments.createdAt,
    })
    .from(referralAttachments)
    .innerJoin(attachments, eq(attachments.id, referralAttachments.attachmentId))
    .where(and(eq(referralAttachments.referralId, r.id), eq(referralAttachments.part, "letter")));
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
    attachments: files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
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
  if (!isUuid(replyId)) throw new DomainError("NOT_FOUND", "返書が見つかりません / Reply not found");
  const [reply] = await db
    .select()
    .from(referralReplies)
    .where(and(eq(referralReplies.id, replyId), eq(referralReplies.referralId, referralId)));
  if (!reply) throw new DomainError("NOT_FOUND", "返書が見つかりません / Reply not found");
  const parts = await loadParts(db, r, [reply.authorId], [reply.authorFacilityId]);
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

async function loadParts(db: Db, r: Referral, morePeople: string[] = [], moreFacilities: string[] = []) {
  const facilityIds = [r.referrerFacilityId, r.destinationFacilityId, ...moreFacilities];
  const peopleIds = [r.referrerId, r.destinationPractitionerId, ...morePeople].filter(
    (x): x is string => !!x,
  );
  const facilityRows = await db.select().from(facilities).where(inArray(facilities.id, facilityIds));
  const people = await db.select().from(practitioners).where(inArray(practitioners.id, peopleIds));
  const [department] = await db
    .select()
    .from(departments)
    .where(eq(departments.id, r.destinationDepartmentId));
  const [patient] = await db.select().from(patients).where(eq(patients.id, r.patientId));
  const localIds = await db.select().from(patientLocalIds).where(eq(patientLocalIds.patientId, r.patientId));
  return {
    departmentName: department?.name ?? "",
    facility(id: string): DocumentFacility {
      const f = facilityRows.find((x) => x.id === id)!;
      return { id: f.id, code: f.code, name: f.name, address: f.address, phone: f.phone };
    },
    person(id: string | null): DocumentPractitioner | null {
      const p = people.find((x) => x.id === id);
      return p
        ? {
            id: p.id,
            familyName: p.familyName,
            givenName: p.givenName,
            familyNameKana: p.familyNameKana,
            givenNameKana: p.givenNameKana,
            profession: p.profession,
          }
        : null;
    },
    /** the patient, with the local ID at the facility that issues the document */
    patient(issuer: string): DocumentPatient {
      const p = patient!;
      return {
        id: p.id,
        regionalId: p.regionalId,
        localId: localIds.find((l) => l.facilityId === issuer)?.localId ?? null,
        familyName: p.familyName,
        givenName: p.givenName,
        familyNameKana: p.familyNameKana,
        givenNameKana: p.givenNameKana,
        birthDate: p.birthDate,
        sex: p.sex,
        postalCode: p.postalCode,
        address: p.address,
        phone: p.phone,
      };
    },
  };
}

async function audit(db: Db, actor: Actor, r: Referral, details: Record<string, unknown>) {
  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    patientId: r.patientId,
    action: "referral.document_export",
    purpose: "treatment",
    outcome: "success",
    details: { referralId: r.id, ...details },
    ip: actor.ip,
  });
}
