import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { nursingInstructions } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { assertTransition, statusOn, tokyoToday } from "./instruction-status";
import { stationDesk } from "./instruction-station";
import { loadInstruction, lockInstruction, requireAuthorSide, requireRevision } from "./load-instruction";
import { CancelInstructionInput } from "./nursing-instructions.schema";
import { auditNursingInstructions } from "./nursing-instructions-audit";

/**
 * 指示の取消: a physician of the writing facility withdraws a sent instruction
 * still running (the patient was admitted, died, or it was wrong), with a
 * reason. From then on it is in force nowhere (patient page, worklists,
 * expiring tiles) and its documents say it was cancelled. The station's nurses
 * are told once it commits. Superseded or expired instructions are not
 * cancelled; the audit event carries ids, not the reason's words.
 */
export async function cancelInstruction(db: Db, actor: Actor, rawInput: unknown, now = new Date()) {
  const input = parseInput(CancelInstructionInput, rawInput);
  const access = await loadInstruction(db, actor, input.instructionId, "nursing_instruction.cancel");
  requireAuthorSide(access, actor);
  requireRevision(access.instruction, input.revision);
  const today = tokyoToday(now);
  const statusOf = (i: typeof access.instruction) =>
    statusOn(i.status, { start: i.periodStart, end: i.periodEnd }, today);
  assertTransition(statusOf(access.instruction), "cancel");
  const desk = access.instruction.stationFacilityId
    ? await stationDesk(db, access.instruction.stationFacilityId)
    : [];

  const { row, publish } = await db.transaction(async (tx) => {
    const locked = await lockInstruction(tx, input.instructionId);
    requireRevision(locked, input.revision);
    const status = assertTransition(statusOf(locked), "cancel") as "cancelled";
    const [row] = await tx
      .update(nursingInstructions)
      .set({
        status,
        cancelledAt: now,
        cancelledById: actor.practitionerId,
        cancelReason: input.reason,
        revision: sql`${nursingInstructions.revision} + 1`,
        updatedAt: now,
      })
      .where(eq(nursingInstructions.id, locked.id))
      .returning();
    await auditNursingInstructions(tx, actor, "nursing_instruction.cancel", {
      patientId: locked.patientId,
      details: { instructionId: locked.id, stationFacilityId: locked.stationFacilityId, from: locked.status },
    });
    const publish = await recordNotification(tx, {
      kind: "nursing_instruction_cancelled",
      recipientIds: desk,
      nursingInstructionId: locked.id,
      event: "cancelled",
      actorId: actor.practitionerId,
      urgent: true,
    });
    return { row: row!, publish };
  });
  publish();
  return {
    instructionId: row.id,
    revision: row.revision,
    cancelledAt: row.cancelledAt!.toISOString(),
  };
}
