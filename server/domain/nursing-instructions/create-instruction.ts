import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, nursingInstructions } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { dayNumber, NursingInstructionContent } from "../../model/nursing-instruction";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { INSTRUCTION_AUTHOR_PROFESSIONS } from "./load-instruction";
import { assertStation } from "./instruction-station";
import { CreateInstructionInput } from "./nursing-instructions.schema";
import { auditNursingInstructions } from "./nursing-instructions-audit";

const nextDay = (day: string) => new Date((dayNumber(day)! + 1) * 86_400_000).toISOString().slice(0, 10);

/**
 * Starts a visiting-nurse instruction as a draft of the actor's clinic or
 * hospital. A renewal is the usual case: when this facility already sent one
 * of the same kind for the patient, its content pre-fills the draft (the
 * station too), and the new period starts the day after the last one ended.
 */
export async function createInstruction(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CreateInstructionInput, rawInput);
  if (!INSTRUCTION_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("nursingInstructions.writtenByPhysicians"));
  }
  const [facility] = await db
    .select({ kind: facilities.kind })
    .from(facilities)
    .where(eq(facilities.id, actor.facilityId));
  if (facility?.kind !== "medical_clinic" && facility?.kind !== "hospital") {
    throw new DomainError("FORBIDDEN", msg("nursingInstructions.writtenByClinicsHospitals"));
  }
  await requirePatientAccess(db, actor, input.patientId, "clinical", "nursing_instruction.create");
  await assertStation(db, input.patientId, input.stationFacilityId, { inConsent: false });

  const [previous] = await db
    .select()
    .from(nursingInstructions)
    .where(
      and(
        eq(nursingInstructions.patientId, input.patientId),
        eq(nursingInstructions.authorFacilityId, actor.facilityId),
        eq(nursingInstructions.kind, input.kind),
        inArray(nursingInstructions.status, ["sent", "acknowledged", "superseded"]),
      ),
    )
    .orderBy(desc(nursingInstructions.sentAt))
    .limit(1);
  const content = previous
    ? NursingInstructionContent.parse({
        ...previous.content,
        kind: input.kind,
        periodStart: previous.periodEnd ? nextDay(previous.periodEnd) : undefined,
        periodEnd: undefined,
      })
    : NursingInstructionContent.parse({ kind: input.kind });
  const stationFacilityId = input.stationFacilityId ?? previous?.stationFacilityId ?? null;

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(nursingInstructions)
      .values({
        kind: input.kind,
        patientId: input.patientId,
        authorId: actor.practitionerId,
        authorFacilityId: actor.facilityId,
        stationFacilityId,
        periodStart: content.periodStart ?? null,
        periodEnd: null,
        content,
      })
      .returning({ id: nursingInstructions.id, revision: nursingInstructions.revision });
    await auditNursingInstructions(tx, actor, "nursing_instruction.create", {
      patientId: input.patientId,
      details: { instructionId: row!.id, kind: input.kind, renews: previous?.id ?? null },
    });
    return { instructionId: row!.id, revision: row!.revision };
  });
}
