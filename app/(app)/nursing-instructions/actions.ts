"use server";

import { revalidatePath } from "next/cache";
import { acknowledgeInstruction } from "@/server/domain/nursing-instructions/acknowledge-instruction";
import { cancelInstruction } from "@/server/domain/nursing-instructions/cancel-instruction";
import { discardInstruction } from "@/server/domain/nursing-instructions/discard-instruction";
import { createInstruction } from "@/server/domain/nursing-instructions/create-instruction";
import { saveInstructionDraft } from "@/server/domain/nursing-instructions/save-instruction-draft";
import { sendInstruction } from "@/server/domain/nursing-instructions/send-instruction";
import { type ActionResult } from "@/app/lib/action-result";
import { act } from "@/app/lib/call";

/** Starts a draft for the patient (a renewal pre-fills from the last one sent). */
export async function createInstructionAction(input: {
  patientId: string;
  kind: "regular" | "special";
}): Promise<ActionResult<{ instructionId: string }>> {
  const result = await act(createInstruction, input);
  return result.ok ? { ok: true, data: { instructionId: result.data.instructionId } } : result;
}

/** Saves the draft with the revision it was based on; a stale revision is a CONFLICT. */
export async function saveInstructionAction(input: unknown): Promise<ActionResult<{ revision: number }>> {
  const result = await act(saveInstructionDraft, input);
  return result.ok ? { ok: true, data: { revision: result.data.revision } } : result;
}

/** Sends the saved draft to its station. */
export async function sendInstructionAction(input: {
  instructionId: string;
  revision: number;
}): Promise<ActionResult<{ instructionId: string }>> {
  const result = await act(sendInstruction, input);
  if (result.ok) revalidatePath(`/nursing-instructions/${result.data.instructionId}`);
  return result.ok ? { ok: true, data: { instructionId: result.data.instructionId } } : result;
}

/** 受領確認 by a nurse of the station. */
export async function acknowledgeInstructionAction(input: {
  instructionId: string;
}): Promise<ActionResult<{ acknowledgedAt: string }>> {
  const result = await act(acknowledgeInstruction, input);
  if (result.ok) revalidatePath(`/nursing-instructions/${result.data.instructionId}`);
  return result.ok ? { ok: true, data: { acknowledgedAt: result.data.acknowledgedAt } } : result;
}

/** Throws the draft away (it disappears); the editor then opens the patient's page. */
export async function discardInstructionAction(input: {
  instructionId: string;
  revision: number;
}): Promise<ActionResult<{ patientId: string }>> {
  const result = await act(discardInstruction, input);
  return result.ok ? { ok: true, data: { patientId: result.data.patientId } } : result;
}

/** 指示の取消 with a reason, by a physician of the writing facility. */
export async function cancelInstructionAction(input: {
  instructionId: string;
  revision: number;
  reason: string;
}): Promise<ActionResult<{ instructionId: string }>> {
  const result = await act(cancelInstruction, input);
  if (result.ok) revalidatePath(`/nursing-instructions/${result.data.instructionId}`);
  return result.ok ? { ok: true, data: { instructionId: result.data.instructionId } } : result;
}
