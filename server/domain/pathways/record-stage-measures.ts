import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { pathwayStages } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  acceptedStages,
  isPathwayCoordinator,
  loadEnrolment,
  loadStages,
  lockEnrolment,
  recordPathwayEvent,
  requireVersion,
  stageDefinition,
  type EnrolmentAccess,
  type PathwayStage,
} from "./load-enrolment";
import { measureKey, stageMeasuresSchema, type StageMeasures } from "../../model/pathway-template";
import { assertEnrolmentTransition } from "./pathway-status";
import { RecordStageMeasuresInput } from "./pathways.schema";
import { measureDateIssues, stageDateIssues, throwIfIssues } from "./stage-dates";
import { auditPathways } from "./pathways-audit";

/**
 * Records a stage's dates and outcome measures: each value typed and
 * range-checked against the template version the enrolment started on
 * (Barthel 130 is refused on measures.barthel_discharge), the dates against
 * each other and the stages either side (a discharge before the admission, an
 * overlap), a surgery date inside its stage. Values given replace the stored
 * ones, null clears one, the rest stay. The current stage's facility writes
 * its own stage; a coordinator may correct any accepted stage.
 */
export async function recordStageMeasures(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RecordStageMeasuresInput, rawInput);
  const access = await loadEnrolment(db, actor, input.enrolmentId, "pathway.measures_record");
  const { enrolment, template } = access;
  assertEnrolmentTransition(enrolment.status, "record_measures");
  const stages = acceptedStages(await loadStages(db, enrolment.id));
  const at = stages.findIndex((s) => s.id === (input.stageId ?? enrolment.currentStageId));
  const stage = stages[at];
  if (!stage) throw invalidField("stageId", msg("pathways.noSuchStagePathway2"));
  // the writer before the version: who may not write learns nothing of it (the status is on the sheet every reader sees)
  requireStageWriter(actor, access, stage);
  requireVersion(enrolment, input.version);
  const definition = stageDefinition(template, stage);

  const { measures } = parseInput(
    z.object({ measures: stageMeasuresSchema(template.definition, definition) }),
    {
      measures: input.measures,
    },
  ) as { measures: Record<string, StageMeasures[string] | null | undefined> };
  const merged: StageMeasures = { ...stage.measures };
  for (const [key, value] of Object.entries(measures)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  const dates = {
    admittedOn: input.admittedOn === undefined ? stage.admittedOn : input.admittedOn,
    dischargedOn: input.dischargedOn === undefined ? stage.dischargedOn : input.dischargedOn,
  };
  if (at === 0 && !dates.admittedOn) {
    throw invalidField("admittedOn", msg("pathways.firstStagesAdmissionRequired"));
  }
  const neighbour = (s: PathwayStage | undefined) =>
    s && {
      name: stageDefinition(template, s).name,
      admittedOn: s.admittedOn,
      dischargedOn: s.dischargedOn,
    };
  const instruments = new Map(
    definition.measures.map((m) => [measureKey(m), template.definition.instruments[m.instrument]]),
  );
  throwIfIssues([
    ...stageDateIssues(dates, { previous: neighbour(stages[at - 1]), next: neighbour(stages[at + 1]) }),
    ...measureDateIssues(merged, dates, (key) => instruments.get(key)),
  ]);
  const changed = Object.fromEntries(Object.entries(measures).filter(([, v]) => v !== undefined));

  const updated = await db.transaction(async (tx) => {
    const locked = await lockEnrolment(tx, enrolment.id);
    requireVersion(locked, input.version);
    const now = new Date();
    await tx
      .update(pathwayStages)
      .set({ ...dates, measures: merged, updatedAt: now })
      .where(eq(pathwayStages.id, stage.id));
    const updated = await recordPathwayEvent(tx, actor, locked, "measures_recorded", {
      stageId: stage.id,
      details: {
        stageKey: stage.stageKey,
        ...(input.admittedOn !== undefined ? { admittedOn: input.admittedOn } : {}),
        ...(input.dischargedOn !== undefined ? { dischargedOn: input.dischargedOn } : {}),
        measures: changed,
      },
      patch: at === 0 ? { startedOn: dates.admittedOn! } : undefined,
      at: now,
    });
    await auditPathways(tx, actor, "pathway.measures_record", {
      patientId: enrolment.patientId,
      details: {
        enrolmentId: enrolment.id,
        stageId: stage.id,
        measureKeys: Object.keys(changed),
        dates: [
          ...(input.admittedOn !== undefined ? ["admittedOn"] : []),
          ...(input.dischargedOn !== undefined ? ["dischargedOn"] : []),
        ],
      },
    });
    return updated;
  });
  return { enrolmentId: updated.id, version: updated.version, stageId: stage.id, measures: merged };
}

/** The current stage by its own facility; any accepted stage by a coordinator (corrections). */
export function requireStageWriter(actor: Actor, { enrolment }: EnrolmentAccess, stage: PathwayStage): void {
  if (isPathwayCoordinator(actor)) return;
  if (stage.id === enrolment.currentStageId && stage.facilityId === actor.facilityId) return;
  throw new DomainError(
    "FORBIDDEN",
    stage.id === enrolment.currentStageId
      ? msg("pathways.onlyFacilityOwningCurrentStage")
      : msg("pathways.finishedStageCorrectedPathwayCoordinator"),
  );
}
