import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds, patients } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { documentFacility, documentPatient } from "../documents/document-parties";
import type { PathwaySheetDocument } from "../../model/pathway-sheet";
import { buildPathwaySheet } from "./get-pathway-sheet";
import { loadEnrolment } from "./load-enrolment";
import { auditPathways } from "./pathways-audit";

/** The pathway sheet as a document, loaded inside the reader's access and audited as an export. */
export async function pathwaySheetDocument(
  db: Db,
  actor: Actor,
  enrolmentId: string,
): Promise<PathwaySheetDocument> {
  const access = await loadEnrolment(db, actor, enrolmentId, "pathway.document_export");
  const sheet = await buildPathwaySheet(db, actor, access);
  const [[patient], [issuer], [local]] = await Promise.all([
    db.select().from(patients).where(eq(patients.id, access.enrolment.patientId)),
    db.select().from(facilities).where(eq(facilities.id, actor.facilityId)),
    db
      .select({ localId: patientLocalIds.localId })
      .from(patientLocalIds)
      .where(
        and(
          eq(patientLocalIds.patientId, access.enrolment.patientId),
          eq(patientLocalIds.facilityId, actor.facilityId),
        ),
      ),
  ]);
  await auditPathways(db, actor, "pathway.document_export", {
    patientId: access.enrolment.patientId,
    purpose: access.purpose,
    details: { enrolmentId, format: "pdf" },
  });
  return {
    sheet,
    patient: documentPatient(patient!, local?.localId ?? null),
    issuer: documentFacility(issuer!),
    issuedAt: new Date().toISOString(),
  };
}
