import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { nursingInstructions } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  loadInstruction,
  lockInstruction,
  requireAuthorSide,
  requireRevision,
  type NursingInstruction,
} from "./load-instruction";
import { InstructionCommandInput } from "./nursing-instructions.schema";
import { auditNursingInstructions } from "./nursing-instructions-audit";

/** Only a draft is discarded: what the station has seen stays, and is cancelled instead. */
function requireDiscardable(instruction: NursingInstruction): void {
  if (instruction.status !== "draft") {
    throw new DomainError("INVALID_TRANSITION", msg("nursingInstructions.onlyDraftDiscarded"));
  }
}

/**
 * The physician throws a draft away: it disappears (the station never saw it,
 * nobody is told); the audit event keeps its id. A draft changed meanwhile
 * (another revision) is not discarded unseen.
 */
export async function discardInstruction(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(InstructionCommandInput, rawInput);
  const access = await loadInstruction(db, actor, input.instructionId, "nursing_instruction.discard");
  requireAuthorSide(access, actor);
  requireDiscardable(access.instruction);
  requireRevision(access.instruction, input.revision);

  return db.transaction(async (tx) => {
    const locked = await lockInstruction(tx, input.instructionId);
    requireDiscardable(locked);
    requireRevision(locked, input.revision);
    await tx.delete(nursingInstructions).where(eq(nursingInstructions.id, locked.id));
    await auditNursingInstructions(tx, actor, "nursing_instruction.discard", {
      patientId: locked.patientId,
      details: { instructionId: locked.id, kind: locked.kind },
    });
    return { instructionId: locked.id, patientId: locked.patientId };
  });
}
