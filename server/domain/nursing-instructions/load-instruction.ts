import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { nursingInstructions } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor, Profession } from "../../model/permissions";
import { isUuid } from "../../validation";
import type { AuditAction } from "../audit/audit.schema";
import { requirePatientAccess } from "../consent/check-patient-access";
import { auditNursingInstructions } from "./nursing-instructions-audit";

export type NursingInstruction = typeof nursingInstructions.$inferSelect;
export type InstructionAuditAction = Extract<AuditAction, `nursing_instruction.${string}`>;

/** Who writes and sends visiting-nurse instructions: physicians (医師), as the insurance rules say. */
export const INSTRUCTION_AUTHOR_PROFESSIONS: readonly Profession[] = ["physician"];
/** Who at the station confirms receipt: its nurses. */
export const INSTRUCTION_ACKNOWLEDGER_PROFESSIONS: readonly Profession[] = ["visiting_nurse", "nurse"];

export interface InstructionAccess {
  instruction: NursingInstruction;
  /** author: the physician's facility; station: the visiting-nurse station it was sent to */
  side: "author" | "station";
}

const notFound = () => new DomainError("NOT_FOUND", msg("nursingInstructions.notFound"));

/**
 * The actor's view of one instruction: their facility wrote it, or it was sent
 * to their station (a station chosen in a draft sees nothing), AND the
 * patient's consent covers their facility and their profession may see
 * clinical data. Anyone else learns nothing, not even that it exists; the
 * attempt is audited.
 */
export async function loadInstruction(
  db: Db,
  actor: Actor,
  instructionId: string,
  action: InstructionAuditAction,
): Promise<InstructionAccess> {
  if (!isUuid(instructionId)) throw notFound();
  const [instruction] = await db
    .select()
    .from(nursingInstructions)
    .where(eq(nursingInstructions.id, instructionId));
  if (!instruction) throw notFound();
  let side: InstructionAccess["side"] | null = null;
  if (instruction.authorFacilityId === actor.facilityId) side = "author";
  else if (instruction.stationFacilityId === actor.facilityId && instruction.status !== "draft") {
    side = "station";
  }
  if (!side) {
    await auditNursingInstructions(db, actor, action, {
      patientId: instruction.patientId,
      outcome: "denied",
      details: { instructionId, reason: "not_party" },
    });
    throw notFound();
  }
  await requirePatientAccess(db, actor, instruction.patientId, "clinical", action);
  return { instruction, side };
}

/** Inside a command's transaction: the row again, locked, so commands on one instruction queue up. */
export async function lockInstruction(tx: Db, instructionId: string): Promise<NursingInstruction> {
  const [row] = await tx
    .select()
    .from(nursingInstructions)
    .where(eq(nursingInstructions.id, instructionId))
    .for("update");
  if (!row) throw notFound();
  return row;
}

/** Writing and sending belong to the physicians of the facility that wrote it. */
export function requireAuthorSide(access: InstructionAccess, actor: Actor): void {
  if (!INSTRUCTION_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("nursingInstructions.writtenByPhysicians"));
  }
  if (access.side !== "author") {
    throw new DomainError("FORBIDDEN", msg("nursingInstructions.onlyAuthorFacilityWrites"));
  }
}

/** Optimistic concurrency: a save or command made on an older revision is refused, never merged silently. */
export function requireRevision(instruction: NursingInstruction, revision: number): void {
  if (instruction.revision !== revision) {
    throw new DomainError("CONFLICT", msg("nursingInstructions.someoneElseChanged"), [
      { field: "revision", message: msg("referrals.outDate") },
    ]);
  }
}

/** Only a draft is edited or sent; a sent instruction is replaced by a new one. */
export function requireDraft(instruction: NursingInstruction): void {
  if (instruction.status !== "draft") {
    throw new DomainError("INVALID_TRANSITION", msg("nursingInstructions.sentCannotChange"));
  }
}
