import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, pathwayEnrolments, pathwayStages } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { purposeOf, requirePatientAccess } from "../consent/check-patient-access";
import { PATHWAY_DATA } from "./load-enrolment";
import { pathwayLabel, stageLabel } from "./pathway-statistics";
import type { PathwayCode } from "../../model/pathway-template";
import { auditPathways } from "./pathways-audit";

/**
 * One patient's pathways, newest first, for the patient page: which pathway,
 * its status, and where the patient is now. Every facility inside the
 * patient's consent may read the sheets, but only the facility owning the
 * current stage finds them on its worklist; the others find them here.
 * Read inside the access rule, audited.
 */
export async function listPatientPathways(db: Db, actor: Actor, patientId: string) {
  const decision = await requirePatientAccess(db, actor, patientId, PATHWAY_DATA, "pathway.view");
  const rows = await db
    .select({
      enrolmentId: pathwayEnrolments.id,
      pathway: pathwayEnrolments.pathwayCode,
      status: pathwayEnrolments.status,
      startedOn: pathwayEnrolments.startedOn,
      endedOn: pathwayEnrolments.endedOn,
      stageKey: pathwayStages.stageKey,
      facilityName: facilities.name,
    })
    .from(pathwayEnrolments)
    .leftJoin(pathwayStages, eq(pathwayStages.id, pathwayEnrolments.currentStageId))
    .leftJoin(facilities, eq(facilities.id, pathwayEnrolments.currentFacilityId))
    .where(eq(pathwayEnrolments.patientId, patientId))
    .orderBy(desc(pathwayEnrolments.startedOn), desc(pathwayEnrolments.createdAt));
  if (rows.length > 0) {
    await auditPathways(db, actor, "pathway.view", {
      patientId,
      purpose: purposeOf(decision),
      details: { read: "patient_pathways", enrolmentIds: rows.map((r) => r.enrolmentId) },
      read: true,
    });
  }
  return rows.map((r) => ({
    ...r,
    pathwayName: pathwayLabel(r.pathway as PathwayCode),
    stageName: r.stageKey ? stageLabel(r.pathway as PathwayCode, r.stageKey) : null,
  }));
}
