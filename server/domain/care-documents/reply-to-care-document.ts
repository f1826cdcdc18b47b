import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careDocuments } from "../../db/schema";
import { invalidField, msg } from "../../errors";
import type { CareDocumentReply } from "../../model/care-documents/care-document-kind";
import { assertTransition, statusOn, tokyoToday } from "../../model/care-documents/care-document-status";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { auditCareDocuments } from "./care-documents-audit";
import { AcknowledgeCareDocumentInput, AnswerCareDocumentInput } from "./care-documents.schema";
import { loadCareDocument, lockCareDocument, requireRecipientSide } from "./load-care-document";

/**
 * The recipient closes the loop: a receipt (受領確認) or a written answer
 * (回答), as the kind allows, by one of the kind's professions at the
 * recipient facility. A second receipt returns the first; an acknowledged
 * document may still be answered. The author hears of it.
 */
async function replyToCareDocument(
  db: Db,
  actor: Actor,
  documentId: string,
  reply: CareDocumentReply,
  answer: string | null,
  now: Date,
) {
  const access = await loadCareDocument(db, actor, documentId, `care_document.${reply}`);
  requireRecipientSide(access, actor);
  if (!access.spec.replies.includes(reply)) {
    throw invalidField(reply, msg("careDocuments.answerNotOffered"));
  }
  const { row, publish } = await db.transaction(async (tx) => {
    const locked = await lockCareDocument(tx, documentId);
    if (reply === "acknowledge" && locked.status === "acknowledged") {
      return { row: locked, publish: () => undefined };
    }
    const status = assertTransition(statusOn(locked.status, locked.endsOn, tokyoToday(now)), reply) as
      "acknowledged" | "answered";
    const [row] = await tx
      .update(careDocuments)
      .set({
        status,
        repliedAt: now,
        repliedById: actor.practitionerId,
        ...(answer !== null ? { replyText: answer } : {}),
        revision: sql`${careDocuments.revision} + 1`,
        updatedAt: now,
      })
      .where(eq(careDocuments.id, locked.id))
      .returning();
    await auditCareDocuments(tx, actor, `care_document.${reply}`, {
      patientId: locked.patientId,
      details: { documentId: locked.id, kind: locked.kind },
    });
    const publish = await recordNotification(tx, {
      kind: "care_document_replied",
      recipientIds: [locked.authorId],
      careDocumentId: locked.id,
      event: status,
      actorId: actor.practitionerId,
    });
    return { row: row!, publish };
  });
  publish();
  return { documentId: row.id, status: row.status, repliedAt: row.repliedAt!.toISOString() };
}

/** 受領確認. */
export async function acknowledgeCareDocument(db: Db, actor: Actor, rawInput: unknown, now = new Date()) {
  const input = parseInput(AcknowledgeCareDocumentInput, rawInput);
  return replyToCareDocument(db, actor, input.documentId, "acknowledge", null, now);
}

/** 回答: the recipient's written answer (the prescriber's to a tracing report). */
export async function answerCareDocument(db: Db, actor: Actor, rawInput: unknown, now = new Date()) {
  const input = parseInput(AnswerCareDocumentInput, rawInput);
  return replyToCareDocument(db, actor, input.documentId, "answer", input.answer, now);
}
