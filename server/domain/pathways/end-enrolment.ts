import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayStages, type pathwayWithdrawReason } from "../../db/schema";
import { invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { cancelPendingHandover } from "./cancel-handover";
import {
  loadCurrentStage,
  loadEnrolment,
  lockEnrolment,
  recordPathwayEvent,
  requireVersion,
  requireWriter,
  stageDefinition,
  type EnrolmentAccess,
} from "./load-enrolment";
import { assertEnrolmentTransition, assertStageTransition } from "./pathway-status";
import { CompleteEnrolmentInput, WithdrawEnrolmentInput } from "./pathways.schema";

/**
 * Ends a pathway: completed (パス達成: the plan ran its course, in whatever
 * stage it ends) or withdrawn (中止, with a coded reason). The current stage
 * ends on the given day unless it had ended already; a pending handover
 * request is taken back.
 */
export async function completeEnrolment(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CompleteEnrolmentInput, rawInput);
  const access = await loadEnrolment(db, actor, input.enrolmentId, "pathway.complete");
  return end(db, actor, access, { ...input, reason: null }, "complete");
}

export async function withdrawEnrolment(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(WithdrawEnrolmentInput, rawInput);
  const access = await loadEnrolment(db, actor, input.enrolmentId, "pathway.withdraw");
  return end(db, actor, access, input, "withdraw");
}

async function end(
  db: Db,
  actor: Actor,
  { enrolment, template }: EnrolmentAccess,
  input: {
    version: number;
    endedOn: string;
    note: string;
    reason: (typeof pathwayWithdrawReason.enumValues)[number] | null;
  },
  transition: "complete" | "withdraw",
) {
  requireWriter(actor, enrolment);
  requireVersion(enrolment, input.version);
  const status = assertEnrolmentTransition(enrolment.status, transition);
  const current = await loadCurrentStage(db, enrolment);
  const stageEnd = current.dischargedOn ?? input.endedOn;
  const stageStart = current.dischargedOn ?? current.admittedOn;
  if (stageStart && input.endedOn < stageStart) {
    throw invalidField(
      "endedOn",
      msg(
        current.dischargedOn
          ? "pathways.endBeforeCurrentStageDischarge"
          : "pathways.endBeforeCurrentStageAdmission",
        { stage: stageDefinition(template, current).name, date: stageStart },
      ),
    );
  }

  const updated = await db.transaction(async (tx) => {
    const locked = await lockEnrolment(tx, enrolment.id);
    requireVersion(locked, input.version);
    const { stageId: cancelledStageId } = await cancelPendingHandover(tx, actor, locked, null);
    const now = new Date();
    await tx
      .update(pathwayStages)
      .set({
        status: assertStageTransition(current.status, transition === "complete" ? "complete" : "discontinue"),
        dischargedOn: stageEnd,
        updatedAt: now,
      })
      .where(eq(pathwayStages.id, current.id));
    const details = {
      stageId: current.id,
      stageKey: current.stageKey,
      endedOn: input.endedOn,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(cancelledStageId ? { cancelledRequestStageId: cancelledStageId } : {}),
    };
    const updated = await recordPathwayEvent(
      tx,
      actor,
      locked,
      transition === "complete" ? "completed" : "withdrawn",
      {
        stageId: current.id,
        details,
        patch: {
          status,
          endedOn: input.endedOn,
          endNote: input.note,
          withdrawReason: input.reason,
          currentStageId: null,
          currentFacilityId: null,
        },
        at: now,
      },
    );
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: enrolment.patientId,
      action: transition === "complete" ? "pathway.complete" : "pathway.withdraw",
      purpose: "treatment",
      outcome: "success",
      details: { enrolmentId: enrolment.id, ...details },
      ip: actor.ip,
    });
    return updated;
  });
  return { enrolmentId: updated.id, version: updated.version, status: updated.status };
}
