import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { nursingInstructions } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { assertTransition, statusOn, tokyoToday } from "./instruction-status";
import { INSTRUCTION_ACKNOWLEDGER_PROFESSIONS, loadInstruction, lockInstruction } from "./load-instruction";
import { AcknowledgeInstructionInput } from "./nursing-instructions.schema";
import { auditNursingInstructions } from "./nursing-instructions-audit";

/**
 * 受領確認: a nurse of the station confirms it received the instruction. Once
 * (a second confirmation returns the first); the physician hears of it. An
 * instruction superseded or past its period can no longer be confirmed.
 */
export async function acknowledgeInstruction(db: Db, actor: Actor, rawInput: unknown, now = new Date()) {
  const input = parseInput(AcknowledgeInstructionInput, rawInput);
  const access = await loadInstruction(db, actor, input.instructionId, "nursing_instruction.acknowledge");
  if (access.side !== "station" || !INSTRUCTION_ACKNOWLEDGER_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("nursingInstructions.acknowledgedByStationOnly"));
  }

  const { row, publish } = await db.transaction(async (tx) => {
    const locked = await lockInstruction(tx, input.instructionId);
    if (locked.status === "acknowledged") return { row: locked, publish: () => undefined };
    const status = statusOn(
      locked.status,
      { start: locked.periodStart, end: locked.periodEnd },
      tokyoToday(now),
    );
    const next = assertTransition(status, "acknowledge") as "acknowledged";
    const [row] = await tx
      .update(nursingInstructions)
      .set({
        status: next,
        acknowledgedAt: now,
        acknowledgedById: actor.practitionerId,
        revision: sql`${nursingInstructions.revision} + 1`,
        updatedAt: now,
      })
      .where(eq(nursingInstructions.id, locked.id))
      .returning();
    await auditNursingInstructions(tx, actor, "nursing_instruction.acknowledge", {
      patientId: locked.patientId,
      details: { instructionId: locked.id },
    });
    const publish = await recordNotification(tx, {
      kind: "nursing_instruction_acknowledged",
      recipientIds: [locked.authorId],
      nursingInstructionId: locked.id,
      event: "acknowledged",
      actorId: actor.practitionerId,
    });
    return { row: row!, publish };
  });
  publish();
  return {
    instructionId: row.id,
    acknowledgedAt: row.acknowledgedAt!.toISOString(),
    acknowledgedById: row.acknowledgedById!,
  };
}
