import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments } from "../../db/schema";
import { assertTransition } from "../../model/care-documents/care-document-status";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { auditCareDocuments } from "./care-documents-audit";
import { CareDocumentCommandInput } from "./care-documents.schema";
import { loadCareDocument, lockCareDocument, requireAuthorSide, requireRevision } from "./load-care-document";

/** Throws a draft away: it leaves every list; the row stays for the audit trail. */
export async function discardCareDocument(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CareDocumentCommandInput, rawInput);
  const access = await loadCareDocument(db, actor, input.documentId, "care_document.discard");
  requireAuthorSide(access, actor);
  requireRevision(access.document, input.revision);
  return db.transaction(async (tx) => {
    const locked = await lockCareDocument(tx, input.documentId);
    requireRevision(locked, input.revision);
    const status = assertTransition(locked.status, "discard") as "discarded";
    await tx
      .update(careDocuments)
      .set({ status, revision: sql`${careDocuments.revision} + 1`, updatedAt: new Date() })
      .where(eq(careDocuments.id, locked.id));
    await auditCareDocuments(tx, actor, "care_document.discard", {
      patientId: locked.patientId,
      details: { documentId: locked.id, kind: locked.kind },
    });
    return { documentId: locked.id };
  });
}
