import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments, facilities } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { CARE_DOCUMENT_SPECS } from "../../model/care-documents/registry";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { assertRecipient } from "./care-document-parties";
import { auditCareDocuments } from "./care-documents-audit";
import { CreateCareDocumentInput } from "./care-documents.schema";
import { parseCareDocumentContent } from "./parse-content";

/**
 * Starts a care document of one kind as a draft of the actor's facility: the
 * actor's profession and facility kind must be the kind's authors, the
 * patient inside the actor's access. The recipient may be chosen now or later.
 */
export async function createCareDocument(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CreateCareDocumentInput, rawInput);
  const spec = CARE_DOCUMENT_SPECS[input.kind];
  if (!spec.author.professions.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("careDocuments.authorProfessionNotAllowed"));
  }
  const [facility] = await db
    .select({ kind: facilities.kind })
    .from(facilities)
    .where(eq(facilities.id, actor.facilityId));
  if (!facility || !spec.author.facilityKinds.includes(facility.kind)) {
    throw new DomainError("FORBIDDEN", msg("careDocuments.authorFacilityNotAllowed"));
  }
  await requirePatientAccess(db, actor, input.patientId, spec.dataKind, "care_document.create");
  const recipient = { facilityId: input.recipientFacilityId, practitionerId: input.recipientPractitionerId };
  await assertRecipient(db, spec, input.patientId, recipient, { inConsent: false });
  const content = parseCareDocumentContent(spec, {});

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(careDocuments)
      .values({
        kind: input.kind,
        patientId: input.patientId,
        authorId: actor.practitionerId,
        authorFacilityId: actor.facilityId,
        recipientFacilityId: recipient.facilityId,
        recipientPractitionerId: recipient.practitionerId,
        content,
      })
      .returning({ id: careDocuments.id, revision: careDocuments.revision });
    await auditCareDocuments(tx, actor, "care_document.create", {
      patientId: input.patientId,
      details: { documentId: row!.id, kind: input.kind },
    });
    return { documentId: row!.id, revision: row!.revision };
  });
}
