import type { Db } from "../../db/client";
import { pathwayVariances } from "../../db/schema";
import { invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  acceptedStages,
  loadEnrolment,
  loadStages,
  lockEnrolment,
  recordPathwayEvent,
  requireVersion,
} from "./load-enrolment";
import { assertEnrolmentTransition } from "./pathway-status";
import { RecordVarianceInput } from "./pathways.schema";
import { requireStageWriter } from "./record-stage-measures";
import { auditPathways } from "./pathways-audit";

/**
 * バリアンスの記録: what went off-plan in a stage, when, why, and under which
 * category (patient and family, care team, system and society), with the days
 * it cost when known. Variances are appended, never rewritten; each puts the
 * case on the next pathway meeting's agenda.
 */
export async function recordVariance(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RecordVarianceInput, rawInput);
  const access = await loadEnrolment(db, actor, input.enrolmentId, "pathway.variance_record");
  const { enrolment } = access;
  assertEnrolmentTransition(enrolment.status, "record_variance");
  const stage = acceptedStages(await loadStages(db, enrolment.id)).find(
    (s) => s.id === (input.stageId ?? enrolment.currentStageId),
  );
  if (!stage) throw invalidField("stageId", msg("pathways.noSuchStagePathway2"));
  // the writer before the version: who may not write learns nothing of it (the status is on the sheet every reader sees)
  requireStageWriter(actor, access, stage);
  requireVersion(enrolment, input.version);
  if (stage.admittedOn && input.occurredOn < stage.admittedOn) {
    throw invalidField("occurredOn", msg("pathways.beforeStageBegan", { admittedOn: stage.admittedOn }));
  }
  if (stage.dischargedOn && input.occurredOn > stage.dischargedOn) {
    throw invalidField("occurredOn", msg("pathways.afterStageEnded", { dischargedOn: stage.dischargedOn }));
  }

  const { updated, varianceId } = await db.transaction(async (tx) => {
    const locked = await lockEnrolment(tx, enrolment.id);
    requireVersion(locked, input.version);
    const now = new Date();
    const [variance] = await tx
      .insert(pathwayVariances)
      .values({
        enrolmentId: enrolment.id,
        stageId: stage.id,
        category: input.category,
        occurredOn: input.occurredOn,
        description: input.description,
        reason: input.reason,
        delayDays: input.delayDays,
        recordedBy: actor.practitionerId,
        recordedByFacilityId: actor.facilityId,
        recordedAt: now,
      })
      .returning({ id: pathwayVariances.id });
    const details = { varianceId: variance!.id, stageKey: stage.stageKey, category: input.category };
    const updated = await recordPathwayEvent(tx, actor, locked, "variance_recorded", {
      stageId: stage.id,
      details,
      at: now,
    });
    await auditPathways(tx, actor, "pathway.variance_record", {
      patientId: enrolment.patientId,
      details: { enrolmentId: enrolment.id, stageId: stage.id, ...details },
    });
    return { updated, varianceId: variance!.id };
  });
  return { enrolmentId: updated.id, version: updated.version, varianceId };
}
