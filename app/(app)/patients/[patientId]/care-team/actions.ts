"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { addCareTeamMember, removeCareTeamMember } from "@/server/domain/care-team/manage-care-team";
import { cancelHomeVisit, scheduleHomeVisit } from "@/server/domain/care-team/home-visits";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, anyObject } from "@/app/lib/action-input";
import { call } from "@/app/lib/call";

/** Runs one care team command; the board is re-rendered once the use case accepted the patient. */
async function command<T>(
  submitted: unknown,
  run: (input: Record<string, unknown>) => Promise<T>,
): Promise<ActionResult<T>> {
  let patientId: unknown;
  const result = await runAction(async () => {
    const input = actionInput(anyObject, submitted);
    patientId = input.patientId;
    return run(input);
  });
  if (result.ok && typeof patientId === "string") revalidatePath(`/patients/${patientId}/care-team`);
  return result;
}

/** Adds a practitioner of a facility inside the patient's consent to the team (or the first member: oneself). */
export async function addCareTeamMemberAction(input: {
  patientId: string;
  practitionerId: string;
}): Promise<ActionResult<{ memberId: string }>> {
  return command(input, async (parsed) => {
    const { memberId } = await call(addCareTeamMember, await authenticate(), parsed);
    return { memberId };
  });
}

export async function removeCareTeamMemberAction(input: {
  patientId: string;
  practitionerId: string;
}): Promise<ActionResult<{ memberId: string }>> {
  return command(input, async (parsed) => call(removeCareTeamMember, await authenticate(), parsed));
}

/** 訪問予定: `startsAt` with its offset (the form sends Japan time). */
export async function scheduleHomeVisitAction(input: {
  patientId: string;
  visitorId: string;
  startsAt: string;
  durationMinutes: number;
  purpose: string;
}): Promise<ActionResult<{ visitId: string }>> {
  return command(input, async (parsed) => call(scheduleHomeVisit, await authenticate(), parsed));
}

export async function cancelHomeVisitAction(input: {
  patientId: string;
  visitId: string;
}): Promise<ActionResult<{ visitId: string }>> {
  return command(input, async (parsed) => call(cancelHomeVisit, await authenticate(), parsed));
}
