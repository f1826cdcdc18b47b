import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, pathwayEnrolments, pathwayStages, patients } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { professionMaySee, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { PATHWAY_DATA } from "./load-enrolment";
import { PathwayListQuery } from "./pathways.schema";
import { pathwayLabel, stageLabel } from "./pathway-statistics";
import type { PathwayCode } from "../../model/pathway-template";
import { auditPathways } from "./pathways-audit";

/**
 * A facility's pathway worklist: the patients whose current stage it owns, or
 * the handovers other facilities asked of it. A patient is named only while
 * the facility is inside the patient's consent; otherwise the line stays, redacted.
 */
export async function listPathways(db: Db, actor: Actor, rawQuery: unknown) {
  const q = parseInput(PathwayListQuery, rawQuery);
  if (!professionMaySee(actor.profession, PATHWAY_DATA)) {
    throw new DomainError("FORBIDDEN", msg("pathways.professionDoesNotHandlePathways"));
  }
  const where =
    q.box === "current"
      ? and(
          eq(pathwayEnrolments.currentFacilityId, actor.facilityId),
          eq(pathwayEnrolments.status, "active"),
          q.pathway ? eq(pathwayEnrolments.pathwayCode, q.pathway) : undefined,
        )
      : and(
          eq(pathwayStages.facilityId, actor.facilityId),
          eq(pathwayStages.status, "requested"),
          q.pathway ? eq(pathwayEnrolments.pathwayCode, q.pathway) : undefined,
        );
  const stageJoin =
    q.box === "current"
      ? eq(pathwayStages.id, pathwayEnrolments.currentStageId)
      : eq(pathwayStages.enrolmentId, pathwayEnrolments.id);
  const rows = await db
    .select({
      enrolmentId: pathwayEnrolments.id,
      pathway: pathwayEnrolments.pathwayCode,
      version: pathwayEnrolments.version,
      startedOn: pathwayEnrolments.startedOn,
      stageId: pathwayStages.id,
      stageKey: pathwayStages.stageKey,
      admittedOn: pathwayStages.admittedOn,
      requestedAt: pathwayStages.requestedAt,
      plannedOn: pathwayStages.plannedOn,
      currentFacilityName: facilities.name,
      inConsent: sql<boolean>`${inCurrentConsentScope(db, pathwayEnrolments.patientId, actor.facilityId)}`,
      patientId: patients.id,
      regionalId: patients.regionalId,
      familyName: patients.familyName,
      givenName: patients.givenName,
    })
    .from(pathwayEnrolments)
    .innerJoin(pathwayStages, stageJoin)
    .innerJoin(patients, eq(patients.id, pathwayEnrolments.patientId))
    .leftJoin(facilities, eq(facilities.id, pathwayEnrolments.currentFacilityId))
    .where(where)
    .orderBy(desc(pathwayEnrolments.updatedAt))
    .limit(q.limit)
    .offset(q.offset);

  const shown = rows.filter((r) => r.inConsent).map((r) => r.patientId);
  if (shown.length) {
    await auditPathways(db, actor, "pathway.view", {
      details: { worklist: q.box, patientIds: [...new Set(shown)] },
      read: true,
    });
  }
  return rows.map(({ familyName, givenName, regionalId, patientId, ...r }) => ({
    ...r,
    pathwayName: pathwayLabel(r.pathway as PathwayCode),
    stageName: stageLabel(r.pathway as PathwayCode, r.stageKey),
    patientId: r.inConsent ? patientId : null,
    patientName: r.inConsent ? `${familyName} ${givenName}` : null,
    regionalId: r.inConsent ? regionalId : null,
  }));
}
