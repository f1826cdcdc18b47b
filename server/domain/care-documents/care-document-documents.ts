import type { Db } from "../../db/client";
import type { CareDocumentDocument } from "../../model/documents";
import type { Actor } from "../../model/permissions";
import { documentFacility, documentPatient, documentPractitioner } from "../documents/document-parties";
import { loadCareDocumentParts } from "./care-document-parties";
import { auditCareDocuments } from "./care-documents-audit";
import { loadCareDocument } from "./load-care-document";
import { parseCareDocumentContent } from "./parse-content";
import { loadRelatedDocuments } from "./related-documents";

/**
 * The document model of one care document for the PDF and FHIR renderers,
 * loaded inside the reader's access and audited as an export. The author may
 * render a draft (marked 下書き); the recipient only ever sees what was sent.
 */
export async function careDocumentDocument(
  db: Db,
  actor: Actor,
  documentId: string,
  format: "pdf" | "fhir",
): Promise<CareDocumentDocument> {
  const { document: d, spec } = await loadCareDocument(
    db,
    actor,
    documentId,
    "care_document.document_export",
  );
  const parts = await loadCareDocumentParts(db, d);
  await auditCareDocuments(db, actor, "care_document.document_export", {
    patientId: d.patientId,
    details: { documentId: d.id, format },
  });
  const content = parseCareDocumentContent(spec, d.content);
  const recipientFacility = parts.facility(d.recipientFacilityId);
  const named = parts.practitioner(d.recipientPractitionerId);
  const replier = parts.practitioner(d.repliedById);
  return {
    documentId: d.id,
    kind: d.kind,
    documentNumber: d.documentNumber ?? "draft",
    issuedAt: (d.sentAt ?? new Date()).toISOString(),
    draft: d.status === "draft",
    author: {
      facility: documentFacility(parts.facility(d.authorFacilityId)!),
      practitioner: documentPractitioner(parts.practitioner(d.authorId)!),
    },
    recipient: recipientFacility
      ? {
          facility: documentFacility(recipientFacility),
          practitioner: named ? documentPractitioner(named) : null,
        }
      : null,
    patient: documentPatient(parts.patient, parts.localId),
    dueOn: d.dueOn,
    reply: d.repliedAt
      ? {
          at: d.repliedAt.toISOString(),
          by: replier ? documentPractitioner(replier) : null,
          text: d.replyText,
        }
      : null,
    content,
    related: await loadRelatedDocuments(db, d, content),
  } as CareDocumentDocument;
}
