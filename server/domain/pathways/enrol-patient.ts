import type { Db } from "../../db/client";
import { pathwayEnrolments, pathwayStages } from "../../db/schema";
import { conflictOnDuplicate, DomainError, invalidField } from "../../errors";
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
    throw new DomainError(
      "FORBIDDEN",
      "他の施設での登録は地域連携室が行います / Only a pathway coordinator may enrol a patient at another facility",
    );
  }
  await requirePatientAccess(db, actor, input.patientId, PATHWAY_DATA, "pathway.enrol");
  const template = await latestTemplate(db, input.pathway);
  const first = template.definition.stages[0]!;
  const facility = await facilityForStage(db, input.patientId, facilityId);
  if (!facility || !facility.active) {
    throw invalidField("facilityId", "施設が見つかりません / No such facility");
  }
  if (!first.ownerKinds.includes(facility.kind)) throw invalidField("facilityId", ownerKindMessage(first));
  if (!facility.inConsent) {
    throw new DomainError("CONSENT_REQUIRED", "同意の範囲外の施設です / Outside the patient's consent", [
      {
        field: "facilityId",
        message: "この施設は患者の同意の範囲に含まれていません / Not inside the patient's consent",
      },
    ]);
  }
  if (input.onsetOn && input.onsetOn > input.admittedOn) {
    throw invalidField(
      "onsetOn",
      `発症日（受傷日）が入院日 ${input.admittedOn} より後です / The onset is after the admission`,
    );
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
    "この患者は既にこのパスに登録されています / The patient is already on this pathway",
  );
  return { enrolmentId: enrolment.id, version: enrolment.version, stageKey: first.key };
}
