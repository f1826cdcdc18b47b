import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments } from "../../db/schema";
import { dueOnOf, endsOnOf } from "../../model/care-documents/registry";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { assertRecipient } from "./care-document-parties";
import { auditCareDocuments } from "./care-documents-audit";
import { SaveCareDocumentDraftInput } from "./care-documents.schema";
import {
  loadCareDocument,
  lockCareDocument,
  requireAuthorSide,
  requireDraft,
  requireRevision,
} from "./load-care-document";
import { parseCareDocumentContent } from "./parse-content";

/** Saves the draft (what it says, where it goes); its due date follows the kind's rule; a stale revision is a 409. */
export async function saveCareDocumentDraft(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SaveCareDocumentDraftInput, rawInput);
  const access = await loadCareDocument(db, actor, input.documentId, "care_document.edit");
  requireAuthorSide(access, actor);
  requireDraft(access.document);
  requireRevision(access.document, input.revision);
  const content = parseCareDocumentContent(access.spec, input.content);
  const recipient = { facilityId: input.recipientFacilityId, practitionerId: input.recipientPractitionerId };
  await assertRecipient(db, access.spec, access.document.patientId, recipient, { inConsent: false });

  return db.transaction(async (tx) => {
    const locked = await lockCareDocument(tx, input.documentId);
    requireDraft(locked);
    requireRevision(locked, input.revision);
    const [row] = await tx
      .update(careDocuments)
      .set({
        recipientFacilityId: recipient.facilityId,
        recipientPractitionerId: recipient.practitionerId,
        content,
        dueOn: dueOnOf(access.spec, content),
        endsOn: endsOnOf(access.spec, content),
        revision: sql`${careDocuments.revision} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(careDocuments.id, locked.id))
      .returning({ revision: careDocuments.revision, dueOn: careDocuments.dueOn });
    await auditCareDocuments(tx, actor, "care_document.edit", {
      patientId: locked.patientId,
      details: { documentId: locked.id },
    });
    return { documentId: locked.id, revision: row!.revision, dueOn: row!.dueOn };
  });
}
