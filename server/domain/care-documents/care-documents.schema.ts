import { z } from "zod";
import { msg } from "../../errors";
import { CARE_DOCUMENT_KINDS } from "../../model/care-documents/registry";
import { plainText } from "../../model/text";

const documentId = z.uuid(msg("careDocuments.invalidId"));
const revision = z.coerce
  .number(msg("careDocuments.revisionMissing"))
  .int(msg("careDocuments.invalidRevision"))
  .min(1, msg("careDocuments.invalidRevision"));
const optionalId = z
  .uuid(msg("careDocuments.invalidRecipient"))
  .nullish()
  .or(z.literal("").transform(() => null))
  .transform((v) => v ?? null);

export const CareDocumentKindInput = z.enum(CARE_DOCUMENT_KINDS, msg("careDocuments.unknownKind"));

export const CreateCareDocumentInput = z.object({
  kind: CareDocumentKindInput,
  patientId: z.uuid(msg("referrals.choosePatient")),
  recipientFacilityId: optionalId,
  recipientPractitionerId: optionalId,
});

/** A save of the draft: where it goes and what it says (the content is parsed by its kind's schema). */
export const SaveCareDocumentDraftInput = z.object({
  documentId,
  revision,
  recipientFacilityId: optionalId,
  recipientPractitionerId: optionalId,
  content: z.unknown(),
});

export const CareDocumentCommandInput = z.object({ documentId, revision });
export const CancelCareDocumentInput = z.object({
  documentId,
  revision,
  reason: plainText()
    .trim()
    .min(1, msg("careDocuments.enterCancelReason"))
    .max(500, msg("careDocument.mostCharacters", { max: 500 })),
});
export const AcknowledgeCareDocumentInput = z.object({ documentId });
export const AnswerCareDocumentInput = z.object({
  documentId,
  answer: plainText()
    .trim()
    .min(1, msg("careDocuments.enterAnswer"))
    .max(4000, msg("careDocument.mostCharacters", { max: 4000 })),
});

export const CARE_DOCUMENT_BOXES = ["received", "sent", "drafts", "due"] as const;
export type CareDocumentBox = (typeof CARE_DOCUMENT_BOXES)[number];

export const CareDocumentListQuery = z.object({
  /** received: sent to the reader's facility; sent and drafts: written there; due: drafts with a due date */
  box: z.enum(CARE_DOCUMENT_BOXES).default("received"),
  kind: CareDocumentKindInput.optional(),
});
