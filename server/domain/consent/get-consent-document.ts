import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { attachments, consentEvents } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { ConsentDocumentInput } from "./consent.schema";
import { purposeOf, requirePatientAccess } from "./check-patient-access";
import { auditConsent } from "./consent-audit";

/** A signed consent or withdrawal form, to those who may see consent documents for that patient. */
export async function getConsentDocument(db: Db, actor: Actor, rawInput: unknown) {
  const { attachmentId } = parseInput(ConsentDocumentInput, rawInput);
  const [event] = await db
    .select({ patientId: consentEvents.patientId })
    .from(consentEvents)
    .where(eq(consentEvents.documentId, attachmentId))
    .limit(1);
  if (!event) throw new DomainError("NOT_FOUND", msg("consent.documentNotFound"));
  const access = await requirePatientAccess(
    db,
    actor,
    event.patientId,
    "consent_documents",
    "consent.view_document",
  );
  const [doc] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
  if (!doc) throw new DomainError("NOT_FOUND", msg("consent.documentNotFound"));
  await auditConsent(db, actor, "consent.view_document", {
    patientId: event.patientId,
    purpose: purposeOf(access),
    details: { attachmentId, basis: access.basis },
  });
  return { fileName: doc.fileName, mediaType: doc.mediaType, content: doc.content };
}
