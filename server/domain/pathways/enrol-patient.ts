import type { Db } from "../../db/client";
import { pathwayEnrolments, pathwayStages } from "../../db/schema";
import { conflictOnDuplicate, DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import {
  facilityForStage,
  isPathwayCoordinator,
  ownerKindMessage,
  PATHWAY_DATA,
  recordPathwayEvent,
} from "./load-enrolment";
import { latestTemplate } from "./pathway-templates";
import { EnrolPatientInput } from "./pathways.schema";
import { auditPathways } from "./pathways-audit";

/**
 * Puts a patient on a pathway (パス適用), at its first stage, in the facility
 * that owns it (the acute hospital): the patient's consent must include that
 * facility and the enrolling one, and a patient is on each pathway at most
 * once at a time. New enrolments use the latest template version.
 */
export async function enrolPatient(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(EnrolPatientInput, rawInput);
  const facilityId = input.facilityId ?? actor.facilityId;
  if (facilityId !== actor.facilityId && !isPathwayCoordinator(actor)) {
    throw new DomainError("FORBIDDEN", msg("pathways.onlyPathwayCoordinatorMayEnrol"));
  }
  await requirePatientAccess(db, actor, input.patientId, PATHWAY_DATA, "pathway.enrol");
  const template = await latestTemplate(db, input.pathway);
  const first = template.definition.stages[0]!;
  const facility = await facilityForStage(db, input.patientId, facilityId);
  if (!facility || !facility.active) {
    throw invalidField("facilityId", msg("pathwayMeetings.noSuchFacility"));
  }
  if (!first.ownerKinds.includes(facility.kind)) throw invalidField("facilityId", ownerKindMessage(first));
  if (!facility.inConsent) {
    throw new DomainError("CONSENT_REQUIRED", msg("pathwayMeetings.outsidePatientsConsent"), [
      {
        field: "facilityId",
        message: msg("pathwayMeetings.notInsidePatientsConsent"),
      },
    ]);
  }
  if (input.onsetOn && input.onsetOn > input.admittedOn) {
    throw invalidField("onsetOn", msg("pathways.onsetAfterAdmission", { admittedOn: input.admittedOn }));
  }

  const enrolment = await conflictOnDuplicate(
    () =>
      db.transaction(async (tx) => {
        const [created] = await tx
          .insert(pathwayEnrolments)
          .values({
            templateId: template.id,
            pathwayCode: template.code,
            patientId: input.patientId,
            onsetOn: input.onsetOn,
            startedOn: input.admittedOn,
            currentFacilityId: facilityId,
            enrolledBy: actor.practitionerId,
            enrolledFacilityId: actor.facilityId,
          })
          .returning();
        const [stage] = await tx
          .insert(pathwayStages)
          .values({
            enrolmentId: created!.id,
            stageKey: first.key,
            stageIndex: 0,
            facilityId,
            status: "active",
            admittedOn: input.admittedOn,
          })
          .returning({ id: pathwayStages.id });
        const enrolment = await recordPathwayEvent(tx, actor, created!, "enrolled", {
          stageId: stage!.id,
          patch: { currentStageId: stage!.id },
          details: {
            templateId: template.id,
            templateVersion: template.version,
            stageKey: first.key,
            facilityId,
            admittedOn: input.admittedOn,
          },
        });
        await auditPathways(tx, actor, "pathway.enrol", {
          patientId: input.patientId,
          details: {
            enrolmentId: created!.id,
            pathway: template.code,
            templateVersion: template.version,
            facilityId,
          },
        });
        return enrolment;
      }),
    "pathway",
    msg("pathways.patientAlreadyPathway"),
  );
  return { enrolmentId: enrolment.id, version: enrolment.version, stageKey: first.key };
}
