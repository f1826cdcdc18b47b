import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type pathwayEnrolments, pathwayStages } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordNotification } from "../notifications/notify";
import {
  loadCurrentStage,
  loadEnrolment,
  lockEnrolment,
  recordPathwayEvent,
  requireVersion,
  stageDefinition,
  type Enrolment,
  type EnrolmentAccess,
  type PathwayStage,
} from "./load-enrolment";
import { assertEnrolmentTransition, assertStageTransition } from "./pathway-status";
import { AcceptHandoverInput, DeclineHandoverInput } from "./pathways.schema";
import { stageDateIssues, throwIfIssues } from "./stage-dates";

/**
 * The asked facility's answer to a handover: accept, with the day it admits
 * the patient (the previous stage ends then, unless it already ended earlier;
 * a stage that would start before the previous ended is refused), or decline
 * with a coded reason. Either way the requester is told once it commits.
 */
export async function acceptHandover(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AcceptHandoverInput, rawInput);
  const access = await loadEnrolment(db, actor, input.enrolmentId, "pathway.handover_accept");
  const pending = await pendingRequest(db, actor, access, input.version, "accept_handover");
  const current = await loadCurrentStage(db, access.enrolment);
  // the new stage starts on or after the day the current one ended (or, not ended yet, began)
  throwIfIssues(
    stageDateIssues(
      { admittedOn: input.admittedOn, dischargedOn: null },
      { previous: { name: stageDefinition(access.template, current).name, ...current } },
    ),
  );
  const previousEnd = current.dischargedOn ?? input.admittedOn;
  return answer(db, actor, access.enrolment, input.version, pending, "accept", async (tx, now) => {
    await tx
      .update(pathwayStages)
      .set({
        status: assertStageTransition(current.status, "hand_over"),
        dischargedOn: previousEnd,
        updatedAt: now,
      })
      .where(eq(pathwayStages.id, current.id));
    return {
      patch: { currentStageId: pending.id, currentFacilityId: pending.facilityId },
      stagePatch: { admittedOn: input.admittedOn },
      details: { fromStageId: current.id, admittedOn: input.admittedOn, previousDischargedOn: previousEnd },
    };
  });
}

export async function declineHandover(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(DeclineHandoverInput, rawInput);
  const access = await loadEnrolment(db, actor, input.enrolmentId, "pathway.handover_decline");
  const pending = await pendingRequest(db, actor, access, input.version, "decline_handover");
  return answer(db, actor, access.enrolment, input.version, pending, "decline", () => ({
    stagePatch: { declineReason: input.reason, declineNote: input.note },
    details: { reason: input.reason },
  }));
}

/** The pending request, which must be addressed to the actor's facility. */
async function pendingRequest(
  db: Db,
  actor: Actor,
  { enrolment }: EnrolmentAccess,
  version: number,
  transition: "accept_handover" | "decline_handover",
): Promise<PathwayStage> {
  const [pending] = await db
    .select()
    .from(pathwayStages)
    .where(and(eq(pathwayStages.enrolmentId, enrolment.id), eq(pathwayStages.status, "requested")));
  if (!pending) {
    throw new DomainError("INVALID_TRANSITION", msg("pathways.thereNoHandoverRequestAnswer"));
  }
  if (pending.facilityId !== actor.facilityId) {
    throw new DomainError("FORBIDDEN", msg("pathways.onlyFacilityAskedMayAnswer"));
  }
  // the version only once the writer is known: another facility learns nothing of it
  requireVersion(enrolment, version);
  assertEnrolmentTransition(enrolment.status, transition);
  return pending;
}

async function answer(
  db: Db,
  actor: Actor,
  enrolment: Enrolment,
  version: number,
  pending: PathwayStage,
  transition: "accept" | "decline",
  change: (tx: Db, now: Date) => Promise<AnswerChange> | AnswerChange,
) {
  const { updated, publish } = await db.transaction(async (tx) => {
    const locked = await lockEnrolment(tx, enrolment.id);
    requireVersion(locked, version);
    const [stage] = await tx
      .select()
      .from(pathwayStages)
      .where(eq(pathwayStages.id, pending.id))
      .for("update");
    const status = assertStageTransition(stage!.status, transition);
    const now = new Date();
    const { patch, stagePatch, details } = await change(tx, now);
    await tx
      .update(pathwayStages)
      .set({ ...stagePatch, status, answeredBy: actor.practitionerId, answeredAt: now, updatedAt: now })
      .where(eq(pathwayStages.id, pending.id));
    const kind = transition === "accept" ? "handover_accepted" : "handover_declined";
    const eventDetails = { stageKey: pending.stageKey, facilityId: pending.facilityId, ...details };
    const updated = await recordPathwayEvent(tx, actor, locked, kind, {
      stageId: pending.id,
      patch,
      details: eventDetails,
      at: now,
    });
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: enrolment.patientId,
      action: transition === "accept" ? "pathway.handover_accept" : "pathway.handover_decline",
      purpose: "treatment",
      outcome: "success",
      details: { enrolmentId: enrolment.id, stageId: pending.id, ...eventDetails },
      ip: actor.ip,
    });
    const publish = await recordNotification(tx, {
      kind: "pathway_handover_answered",
      recipientIds: pending.requestedBy ? [pending.requestedBy] : [],
      pathwayEnrolmentId: enrolment.id,
      event: transition === "accept" ? "accepted" : "declined",
      actorId: actor.practitionerId,
    });
    return { updated, publish };
  });
  publish();
  return { enrolmentId: updated.id, version: updated.version, stageId: pending.id };
}

interface AnswerChange {
  patch?: Partial<Omit<typeof pathwayEnrolments.$inferInsert, "id" | "version">>;
  stagePatch: Partial<typeof pathwayStages.$inferInsert>;
  details: Record<string, unknown>;
}
