"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authenticate } from "@/server/session/current-practitioner";
import { cancelConference, rescheduleConference } from "@/server/domain/conferences/conference-schedule";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, wireId, wireText } from "@/app/lib/action-input";
import { tokyoInstant } from "@/app/lib/tokyo-time";
import { call } from "@/app/lib/call";

/**
 * The host's planning commands on a scheduled conference: each authenticates,
 * hands its input to one use case (which checks the host, the status and the
 * version, and tells every invitee) and re-renders the conference pages.
 */

const RescheduleForm = z.looseObject({ conferenceId: wireId, start: wireText, end: wireText });

function revalidateConference(conferenceId: string) {
  revalidatePath("/conferences");
  revalidatePath(`/conferences/${conferenceId}`);
}

export async function rescheduleConferenceAction(submitted: {
  conferenceId: string;
  version: number;
  title: string;
  /** Tokyo wall time from the form: "2026-12-10T18:30" */
  start: string;
  end: string;
}): Promise<ActionResult<{ version: number }>> {
  const result = await runAction(async () => {
    const me = await authenticate();
    const input = actionInput(RescheduleForm, submitted);
    const { version } = await call(rescheduleConference, me, {
      conferenceId: input.conferenceId,
      version: input.version,
      title: input.title,
      scheduledStart: input.start ? tokyoInstant(input.start) : undefined,
      scheduledEnd: input.end ? tokyoInstant(input.end) : undefined,
    });
    return { version };
  });
  if (result.ok) revalidateConference(submitted.conferenceId);
  return result;
}

const CancelForm = z.looseObject({ conferenceId: wireId });

export async function cancelConferenceAction(submitted: {
  conferenceId: string;
  version: number;
}): Promise<ActionResult<{ status: string }>> {
  const result = await runAction(async () => {
    const me = await authenticate();
    const input = actionInput(CancelForm, submitted);
    const { status } = await call(cancelConference, me, input);
    return { status };
  });
  if (result.ok) revalidateConference(submitted.conferenceId);
  return result;
}
