import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments } from "../../db/schema";
import { assertTransition } from "../../model/care-documents/care-document-status";
import { dueOnOf, endsOnOf } from "../../model/care-documents/registry";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { nextDocumentNumber } from "../referrals/document-number";
import { assertRecipient, recipientDesk } from "./care-document-parties";
import { auditCareDocuments } from "./care-documents-audit";
import { CareDocumentCommandInput } from "./care-documents.schema";
import {
  loadCareDocument,
  lockCareDocument,
  requireAuthorSide,
  requireDraft,
  requireRevision,
} from "./load-care-document";
import { parseCareDocumentContent } from "./parse-content";
import { checkRelatedDocuments } from "./related-documents";

/**
 * Sends the saved draft: complete by its kind's rule (each missing field
 * named), the author's profession one of the kind's, the recipient facility
 * inside the patient's current consent. The recipient's desk (or the named
 * practitioner) hears of it once it commits.
 */
export async function sendCareDocument(db: Db, actor: Actor, rawInput: unknown, now = new Date()) {
  const input = parseInput(CareDocumentCommandInput, rawInput);
  const access = await loadCareDocument(db, actor, input.documentId, "care_document.send");
  requireAuthorSide(access, actor);
  requireDraft(access.document);
  requireRevision(access.document, input.revision);
  const { spec, document } = access;
  const content = parseCareDocumentContent(spec, document.content, { sendable: true });
  const recipient = {
    facilityId: document.recipientFacilityId,
    practitionerId: document.recipientPractitionerId,
  };
  await assertRecipient(db, spec, document.patientId, recipient, { inConsent: true });
  await checkRelatedDocuments(db, document, content, now);
  const desk = await recipientDesk(db, spec, document);
  // the number is taken in a step of its own (a send that then fails leaves a gap)
  const documentNumber = document.documentNumber ?? (await nextDocumentNumber(db, document.authorFacilityId));

  const { row, publish } = await db.transaction(async (tx) => {
    const locked = await lockCareDocument(tx, input.documentId);
    requireDraft(locked);
    requireRevision(locked, input.revision);
    const status = assertTransition(locked.status, "send") as "sent";
    const [row] = await tx
      .update(careDocuments)
      .set({
        status,
        documentNumber,
        content,
        dueOn: dueOnOf(spec, content),
        endsOn: endsOnOf(spec, content),
        sentAt: now,
        revision: sql`${careDocuments.revision} + 1`,
        updatedAt: now,
      })
      .where(eq(careDocuments.id, locked.id))
      .returning();
    await auditCareDocuments(tx, actor, "care_document.send", {
      patientId: locked.patientId,
      details: { documentId: locked.id, kind: locked.kind, recipientFacilityId: locked.recipientFacilityId },
    });
    const publish = await recordNotification(tx, {
      kind: "care_document_received",
      recipientIds: desk,
      careDocumentId: locked.id,
      event: locked.kind,
      actorId: actor.practitionerId,
    });
    return { row: row!, publish };
  });
  publish();
  return { documentId: row.id, revision: row.revision, documentNumber: row.documentNumber! };
}
