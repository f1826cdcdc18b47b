import type { Db } from "../../db/client";
import type { NursingInstructionDocument } from "../../model/documents";
import { NursingInstructionContent } from "../../model/nursing-instruction";
import type { Actor } from "../../model/permissions";
import { documentFacility, documentPatient, documentPractitioner } from "../documents/document-parties";
import { loadInstructionParts } from "./instruction-parts";
import { loadInstruction } from "./load-instruction";
import { auditNursingInstructions } from "./nursing-instructions-audit";

/**
 * The document model of one instruction for the PDF and FHIR renderers,
 * loaded inside the reader's access and audited as an export. The physician
 * may render a draft (marked 下書き); the station only ever sees what was sent.
 */
export async function nursingInstructionDocument(
  db: Db,
  actor: Actor,
  instructionId: string,
  format: "pdf" | "fhir",
): Promise<NursingInstructionDocument> {
  const { instruction: i } = await loadInstruction(
    db,
    actor,
    instructionId,
    "nursing_instruction.document_export",
  );
  const parts = await loadInstructionParts(db, i);
  await auditNursingInstructions(db, actor, "nursing_instruction.document_export", {
    patientId: i.patientId,
    details: { instructionId: i.id, format },
  });
  const station = parts.facility(i.stationFacilityId);
  return {
    instructionId: i.id,
    documentNumber: i.documentNumber ?? "draft",
    issuedAt: (i.sentAt ?? new Date()).toISOString(),
    draft: i.status === "draft",
    cancelled: i.cancelledAt ? { at: i.cancelledAt.toISOString(), reason: i.cancelReason ?? "" } : null,
    author: {
      facility: documentFacility(parts.facility(i.authorFacilityId)!),
      practitioner: documentPractitioner(parts.practitioner(i.authorId)!),
    },
    station: station ? documentFacility(station) : null,
    patient: documentPatient(parts.patient, parts.localId),
    content: NursingInstructionContent.parse(i.content),
  };
}
