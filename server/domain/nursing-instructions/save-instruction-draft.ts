import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { nursingInstructions } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { assertStation } from "./instruction-station";
import {
  loadInstruction,
  lockInstruction,
  requireAuthorSide,
  requireDraft,
  requireRevision,
} from "./load-instruction";
import { SaveInstructionDraftInput } from "./nursing-instructions.schema";
import { auditNursingInstructions } from "./nursing-instructions-audit";

/** Saves the draft (what it says and the station it goes to); a stale revision is a 409, never merged. */
export async function saveInstructionDraft(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SaveInstructionDraftInput, rawInput);
  const access = await loadInstruction(db, actor, input.instructionId, "nursing_instruction.edit");
  requireAuthorSide(access, actor);
  requireDraft(access.instruction);
  requireRevision(access.instruction, input.revision);
  await assertStation(db, access.instruction.patientId, input.stationFacilityId, { inConsent: false });

  return db.transaction(async (tx) => {
    const locked = await lockInstruction(tx, input.instructionId);
    requireDraft(locked);
    requireRevision(locked, input.revision);
    const [row] = await tx
      .update(nursingInstructions)
      .set({
        kind: input.content.kind,
        stationFacilityId: input.stationFacilityId,
        periodStart: input.content.periodStart ?? null,
        periodEnd: input.content.periodEnd ?? null,
        content: input.content,
        revision: sql`${nursingInstructions.revision} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(nursingInstructions.id, locked.id))
      .returning({ revision: nursingInstructions.revision });
    await auditNursingInstructions(tx, actor, "nursing_instruction.edit", {
      patientId: locked.patientId,
      details: { instructionId: locked.id },
    });
    return { instructionId: locked.id, revision: row!.revision };
  });
}
