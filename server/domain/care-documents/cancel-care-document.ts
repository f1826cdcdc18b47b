import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments } from "../../db/schema";
import { assertTransition } from "../../model/care-documents/care-document-status";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { recipientDesk } from "./care-document-parties";
import { auditCareDocuments } from "./care-documents-audit";
import { CancelCareDocumentInput } from "./care-documents.schema";
import { loadCareDocument, lockCareDocument, requireAuthorSide, requireRevision } from "./load-care-document";

/**
 * The author withdraws a sent document, saying why (sent to the wrong place,
 * the patient died, superseded by a phone call); only before the recipient
 * replied. The recipient's desk hears of it; the reason is shown to both.
 */
export async function cancelCareDocument(db: Db, actor: Actor, rawInput: unknown, now = new Date()) {
  const input = parseInput(CancelCareDocumentInput, rawInput);
  const access = await loadCareDocument(db, actor, input.documentId, "care_document.cancel");
  requireAuthorSide(access, actor);
  requireRevision(access.document, input.revision);
  const desk = access.document.recipientFacilityId
    ? await recipientDesk(db, access.spec, access.document)
    : [];

  const { revision, publish } = await db.transaction(async (tx) => {
    const locked = await lockCareDocument(tx, input.documentId);
    requireRevision(locked, input.revision);
    const status = assertTransition(locked.status, "cancel") as "cancelled";
    const [row] = await tx
      .update(careDocuments)
      .set({
        status,
        cancelledAt: now,
        cancelReason: input.reason,
        revision: sql`${careDocuments.revision} + 1`,
        updatedAt: now,
      })
      .where(eq(careDocuments.id, locked.id))
      .returning({ revision: careDocuments.revision });
    await auditCareDocuments(tx, actor, "care_document.cancel", {
      patientId: locked.patientId,
      details: { documentId: locked.id, kind: locked.kind },
    });
    const publish = await recordNotification(tx, {
      kind: "care_document_cancelled",
      recipientIds: desk,
      careDocumentId: locked.id,
      event: locked.kind,
      actorId: actor.practitionerId,
    });
    return { revision: row!.revision, publish };
  });
  publish();
  return { documentId: input.documentId, revision };
}
