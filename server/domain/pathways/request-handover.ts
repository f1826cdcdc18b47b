import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayStages } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { facilityReferralDesk, recordNotification } from "../notifications/notify";
import {
  facilityForStage,
  loadCurrentStage,
  loadEnrolment,
  lockEnrolment,
  ownerKindMessage,
  recordPathwayEvent,
  requireVersion,
  requireWriter,
} from "./load-enrolment";
import { assertEnrolmentTransition } from "./pathway-status";
import { RequestHandoverInput } from "./pathways.schema";
import { auditPathways } from "./pathways-audit";

/**
 * 転院・移行の依頼: the facility owning the current stage (or a coordinator)
 * asks the next stage's facility to take the patient over. The facility must
 * be of a kind that owns that stage and inside the patient's consent; a stage
 * may be skipped (acute hospital straight home). One request at a time; the
 * facility's desk hears of it once it commits.
 */
export async function requestHandover(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RequestHandoverInput, rawInput);
  const { enrolment, template } = await loadEnrolment(
    db,
    actor,
    input.enrolmentId,
    "pathway.handover_request",
  );
  requireWriter(actor, enrolment);
  requireVersion(enrolment, input.version);
  assertEnrolmentTransition(enrolment.status, "request_handover");
  const current = await loadCurrentStage(db, enrolment);
  const stages = template.definition.stages;
  const targetIndex = input.toStageKey
    ? stages.findIndex((s) => s.key === input.toStageKey)
    : current.stageIndex + 1;
  const target = stages[targetIndex];
  if (input.toStageKey && !target) {
    throw invalidField("toStageKey", msg("pathways.noSuchStagePathway"));
  }
  if (!target) {
    throw new DomainError("INVALID_TRANSITION", msg("pathways.lastStageCompletePathwayInstead"));
  }
  if (targetIndex <= current.stageIndex) {
    throw invalidField("toStageKey", msg("pathways.handoverGoesLaterStage"));
  }
  const facility = await facilityForStage(db, enrolment.patientId, input.toFacilityId);
  if (!facility || !facility.active)
    throw invalidField("toFacilityId", msg("pathwayMeetings.noSuchFacility"));
  if (!target.ownerKinds.includes(facility.kind))
    throw invalidField("toFacilityId", ownerKindMessage(target));
  if (!facility.inConsent) {
    throw new DomainError("CONSENT_REQUIRED", msg("pathways.nextFacilityOutsidePatientsConsent"), [
      {
        field: "toFacilityId",
        message: msg("pathways.notInsidePatientsConsentRecord"),
      },
    ]);
  }
  if (input.plannedOn && current.admittedOn && input.plannedOn < current.admittedOn) {
    throw invalidField(
      "plannedOn",
      msg("pathways.plannedTransferBeforeCurrentAdmission", { admittedOn: current.admittedOn }),
    );
  }
  const desk = await facilityReferralDesk(db, input.toFacilityId, null);

  const { updated, stageId, publish } = await db.transaction(async (tx) => {
    const locked = await lockEnrolment(tx, enrolment.id);
    requireVersion(locked, input.version);
    const [pending] = await tx
      .select({ id: pathwayStages.id })
      .from(pathwayStages)
      .where(and(eq(pathwayStages.enrolmentId, enrolment.id), eq(pathwayStages.status, "requested")));
    if (pending) {
      throw new DomainError("CONFLICT", msg("pathways.handoverAlreadyPendingCancelFirst"));
    }
    const now = new Date();
    const [stage] = await tx
      .insert(pathwayStages)
      .values({
        enrolmentId: enrolment.id,
        stageKey: target.key,
        stageIndex: targetIndex,
        facilityId: input.toFacilityId,
        status: "requested",
        requestedBy: actor.practitionerId,
        requestedAt: now,
        plannedOn: input.plannedOn,
        requestNote: input.note,
      })
      .returning({ id: pathwayStages.id });
    const details = {
      fromStageId: current.id,
      toStageKey: target.key,
      toFacilityId: input.toFacilityId,
      plannedOn: input.plannedOn,
    };
    const updated = await recordPathwayEvent(tx, actor, locked, "handover_requested", {
      stageId: stage!.id,
      details,
      at: now,
    });
    await auditPathways(tx, actor, "pathway.handover_request", {
      patientId: enrolment.patientId,
      details: { enrolmentId: enrolment.id, stageId: stage!.id, ...details },
    });
    const publish = await recordNotification(tx, {
      kind: "pathway_handover_requested",
      recipientIds: desk,
      pathwayEnrolmentId: enrolment.id,
      event: target.key,
      actorId: actor.practitionerId,
    });
    return { updated, stageId: stage!.id, publish };
  });
  publish();
  return { enrolmentId: updated.id, version: updated.version, stageId };
}
