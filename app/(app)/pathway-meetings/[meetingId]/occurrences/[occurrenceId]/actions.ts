"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { authenticate } from "@/server/session/current-practitioner";
import { joinMeeting } from "@/server/domain/pathway-meetings/join-meeting";
import { warmRecordCache } from "@/server/domain/records/warm-record-cache";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { call } from "@/app/lib/call";

/**
 * 会議に参加: opens (or enters) the occurrence's conference room and goes
 * there. The warm-up of the agenda cases' documents and images is not waited
 * for: it runs while the participant checks their camera, and its outcome
 * never fails the join (joinMeeting settles it either way).
 */
export async function joinMeetingAction(input: { occurrenceId: string }): Promise<ActionResult<never>> {
  const result = await runAction(async () =>
    call(joinMeeting, await authenticate(), input, { warmRecordCache }),
  );
  if (!result.ok) return result;
  const { warmUp, conferenceId } = result.data;
  if (warmUp) {
    // after(): the server keeps the warm-up alive once the redirect has been answered
    after(async () => {
      const outcome = await warmUp;
      if (!outcome.ok) console.error("[pathway-meeting] warm-up failed; the room works without it");
    });
  }
  redirect(`/conferences/${conferenceId}`);
}
