import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayStages } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { facilityReferralDesk, recordNotification } from "../notifications/notify";
import {
  loadEnrolment,
  lockEnrolment,
  recordPathwayEvent,
  requireVersion,
  requireWriter,
  type Enrolment,
} from "./load-enrolment";
import { assertEnrolmentTransition, assertStageTransition } from "./pathway-status";
import { EnrolmentCommandInput } from "./pathways.schema";
import { auditPathways } from "./pathways-audit";

/** The sender takes back a handover request not answered yet (to ask another facility); the asked facility is told. */
export async function cancelHandover(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(EnrolmentCommandInput, rawInput);
  const { enrolment } = await loadEnrolment(db, actor, input.enrolmentId, "pathway.handover_cancel");
  requireWriter(actor, enrolment);
  requireVersion(enrolment, input.version);
  assertEnrolmentTransition(enrolment.status, "cancel_handover");
  const [pending] = await db
    .select()
    .from(pathwayStages)
    .where(and(eq(pathwayStages.enrolmentId, enrolment.id), eq(pathwayStages.status, "requested")));
  if (!pending) {
    throw new DomainError("INVALID_TRANSITION", msg("pathways.noHandoverPending"));
  }
  const desk = await facilityReferralDesk(db, pending.facilityId, null);
  const { updated, publish } = await db.transaction(async (tx) => {
    const locked = await lockEnrolment(tx, enrolment.id);
    requireVersion(locked, input.version);
    const { updated, stageId } = await cancelPendingHandover(tx, actor, locked, "handover_cancelled");
    await auditPathways(tx, actor, "pathway.handover_cancel", {
      patientId: enrolment.patientId,
      details: { enrolmentId: enrolment.id, stageId, facilityId: pending.facilityId },
    });
    const publish = await recordNotification(tx, {
      kind: "pathway_handover_requested",
      recipientIds: desk,
      pathwayEnrolmentId: enrolment.id,
      event: "cancelled",
      actorId: actor.practitionerId,
    });
    return { updated, publish };
  });
  publish();
  return { enrolmentId: updated.id, version: updated.version };
}

/**
 * Inside a transaction holding the enrolment's lock: the pending request, if
 * any, becomes cancelled (with a history event when asked for one). Ending a
 * pathway takes its pending request back the same way.
 */
export async function cancelPendingHandover(
  tx: Db,
  actor: Actor,
  locked: Enrolment,
  event: "handover_cancelled" | null,
): Promise<{ updated: Enrolment; stageId: string | null }> {
  const [pending] = await tx
    .select()
    .from(pathwayStages)
    .where(and(eq(pathwayStages.enrolmentId, locked.id), eq(pathwayStages.status, "requested")))
    .for("update");
  if (!pending) return { updated: locked, stageId: null };
  const now = new Date();
  await tx
    .update(pathwayStages)
    .set({ status: assertStageTransition(pending.status, "cancel"), answeredAt: now, updatedAt: now })
    .where(eq(pathwayStages.id, pending.id));
  if (!event) return { updated: locked, stageId: pending.id };
  const updated = await recordPathwayEvent(tx, actor, locked, event, {
    stageId: pending.id,
    details: { stageKey: pending.stageKey, facilityId: pending.facilityId },
    at: now,
  });
  return { updated, stageId: pending.id };
}
