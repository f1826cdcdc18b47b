import { and, eq, gte, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { nursingInstructions } from "../../db/schema";
import { invalidField, msg } from "../../errors";
import { SendableNursingInstruction } from "../../model/nursing-instruction";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { nextDocumentNumber } from "../referrals/document-number";
import { assertTransition, tokyoToday } from "./instruction-status";
import { assertStation, stationDesk } from "./instruction-station";
import {
  loadInstruction,
  lockInstruction,
  requireAuthorSide,
  requireDraft,
  requireRevision,
} from "./load-instruction";
import { InstructionCommandInput } from "./nursing-instructions.schema";
import { auditNursingInstructions } from "./nursing-instructions-audit";

/**
 * Sends the draft to its station: complete, its period not over, the station
 * inside the patient's consent. Sending supersedes the instructions of the
 * same kind for the same patient and station whose periods reach into the
 * new one (a special instruction runs beside the regular one). The station's
 * nurses hear of it once it commits.
 */
export async function sendInstruction(db: Db, actor: Actor, rawInput: unknown, now = new Date()) {
  const input = parseInput(InstructionCommandInput, rawInput);
  const access = await loadInstruction(db, actor, input.instructionId, "nursing_instruction.send");
  requireAuthorSide(access, actor);
  requireDraft(access.instruction);
  requireRevision(access.instruction, input.revision);
  const { content } = parseInput(z.object({ content: SendableNursingInstruction }), {
    content: access.instruction.content,
  });
  if (content.periodEnd! < tokyoToday(now)) {
    throw invalidField("content.periodEnd", msg("nursingInstructions.periodAlreadyEnded"));
  }
  const stationId = access.instruction.stationFacilityId;
  await assertStation(db, access.instruction.patientId, stationId, { inConsent: true });
  const desk = await stationDesk(db, stationId!);
  // the number is taken in a step of its own (a send that then fails leaves a gap)
  const documentNumber =
    access.instruction.documentNumber ?? (await nextDocumentNumber(db, access.instruction.authorFacilityId));

  const { instruction, superseded, publish } = await db.transaction(async (tx) => {
    const locked = await lockInstruction(tx, input.instructionId);
    requireDraft(locked);
    requireRevision(locked, input.revision);
    const status = assertTransition(locked.status, "send") as "sent";
    const superseded = await tx
      .update(nursingInstructions)
      .set({
        status: assertTransition("sent", "supersede") as "superseded",
        supersededById: locked.id,
        revision: sql`${nursingInstructions.revision} + 1`,
        updatedAt: now,
      })
      .where(
        and(
          ne(nursingInstructions.id, locked.id),
          eq(nursingInstructions.patientId, locked.patientId),
          eq(nursingInstructions.stationFacilityId, stationId!),
          eq(nursingInstructions.kind, content.kind),
          inArray(nursingInstructions.status, ["sent", "acknowledged"]),
          gte(nursingInstructions.periodEnd, content.periodStart!),
        ),
      )
      .returning({ id: nursingInstructions.id, authorId: nursingInstructions.authorId });
    const [instruction] = await tx
      .update(nursingInstructions)
      .set({
        status,
        documentNumber,
        kind: content.kind,
        periodStart: content.periodStart!,
        periodEnd: content.periodEnd!,
        content,
        sentAt: now,
        revision: sql`${nursingInstructions.revision} + 1`,
        updatedAt: now,
      })
      .where(eq(nursingInstructions.id, locked.id))
      .returning();
    await auditNursingInstructions(tx, actor, "nursing_instruction.send", {
      patientId: locked.patientId,
      details: {
        instructionId: locked.id,
        stationFacilityId: stationId,
        kind: content.kind,
        supersededIds: superseded.map((s) => s.id),
      },
    });
    const notify = await recordNotification(tx, {
      kind: "nursing_instruction_received",
      recipientIds: desk,
      nursingInstructionId: locked.id,
      event: content.kind === "special" ? "special_sent" : "sent",
      actorId: actor.practitionerId,
      urgent: content.kind === "special",
    });
    return { instruction: instruction!, superseded, publish: notify };
  });
  publish();
  return {
    instructionId: instruction.id,
    revision: instruction.revision,
    documentNumber: instruction.documentNumber,
    supersededIds: superseded.map((s) => s.id),
  };
}
