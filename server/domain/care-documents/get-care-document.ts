import type { Db } from "../../db/client";
import {
  availableTransitions,
  daysFrom,
  isOverdue,
  statusOn,
  tokyoToday,
  wasSentLate,
} from "../../model/care-documents/care-document-status";
import type { Actor } from "../../model/permissions";
import { loadCareDocumentParts, personName } from "./care-document-parties";
import { auditCareDocuments } from "./care-documents-audit";
import { loadCareDocument, repliesToKind, writesKind } from "./load-care-document";
import { parseCareDocumentContent } from "./parse-content";
import { loadRelatedDocuments } from "./related-documents";

/**
 * One care document as its reader sees it: its status today, its due date and
 * whether it is overdue, who wrote it and where it went, the reply or the
 * cancellation, and which commands are open to the reader.
 */
export async function getCareDocument(db: Db, actor: Actor, documentId: string, now = new Date()) {
  const { document: d, spec, side } = await loadCareDocument(db, actor, documentId, "care_document.view");
  const parts = await loadCareDocumentParts(db, d);
  await auditCareDocuments(db, actor, "care_document.view", {
    patientId: d.patientId,
    details: { documentId: d.id },
  });
  const today = tokyoToday(now);
  const status = statusOn(d.status, d.endsOn, today);
  const author = side === "author" && writesKind(spec, actor);
  const recipient = side === "recipient" && repliesToKind(spec, actor);
  const open = (t: "send" | "discard" | "cancel") =>
    author && availableTransitions(status, "author").includes(t);
  const replyOpen = (t: "acknowledge" | "answer") =>
    recipient && spec.replies.includes(t) && availableTransitions(status, "recipient").includes(t);
  const p = parts.patient;
  const content = parseCareDocumentContent(spec, d.content);
  return {
    id: d.id,
    kind: d.kind,
    side,
    status,
    documentNumber: d.documentNumber,
    revision: d.revision,
    dueOn: d.dueOn,
    overdue: isOverdue(status, d.dueOn, today),
    /** days until the due date (0 on the day, negative once overdue), while a draft */
    daysUntilDue: status === "draft" && d.dueOn ? daysFrom(today, d.dueOn) : null,
    /** sent after its due date */
    sentLate: wasSentLate(d.dueOn, d.sentAt),
    content,
    /** what its content links to (an instruction, a discharge summary, a conference), as the PDF prints them */
    related: await loadRelatedDocuments(db, d, content),
    patient: {
      id: p.id,
      familyName: p.familyName,
      givenName: p.givenName,
      familyNameKana: p.familyNameKana,
      givenNameKana: p.givenNameKana,
      birthDate: p.birthDate,
      sex: p.sex,
      regionalId: p.regionalId,
    },
    author: {
      facilityName: parts.facility(d.authorFacilityId)?.name ?? "",
      name: personName(parts.practitioner(d.authorId)),
    },
    recipient: d.recipientFacilityId
      ? {
          facilityId: d.recipientFacilityId,
          name: parts.facility(d.recipientFacilityId)?.name ?? "",
          practitionerId: d.recipientPractitionerId,
          practitionerName: personName(parts.practitioner(d.recipientPractitionerId)),
        }
      : null,
    sentAt: d.sentAt?.toISOString() ?? null,
    reply: d.repliedAt
      ? {
          at: d.repliedAt.toISOString(),
          byName: personName(parts.practitioner(d.repliedById)),
          text: d.replyText,
        }
      : null,
    cancellation: d.cancelledAt ? { at: d.cancelledAt.toISOString(), reason: d.cancelReason ?? "" } : null,
    can: {
      edit: author && status === "draft",
      send: open("send"),
      discard: open("discard"),
      cancel: open("cancel"),
      acknowledge: replyOpen("acknowledge"),
      answer: replyOpen("answer"),
    },
  };
}
export type CareDocumentView = Awaited<ReturnType<typeof getCareDocument>>;
