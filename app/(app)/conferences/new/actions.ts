"use server";

import { authenticate } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import { createConference } from "@/server/domain/conferences/create-conference";
import { runAction, type ActionResult } from "@/app/lib/action-result";
import { tokyoInstant } from "@/app/lib/tokyo-time";

export async function createConferenceAction(input: {
  title: string;
  kind: string;
  start: string;
  end: string;
  inviteeIds: string[];
  agenda: string;
}): Promise<ActionResult<{ conferenceId: string }>> {
  return runAction(async () => {
    const me = await authenticate();
    return createConference(await getDb(), me, {
      title: input.title,
      kind: input.kind,
      // the form's times are Japan time; empty is no time
      scheduledStart: input.start ? tokyoInstant(input.start) : undefined,
      scheduledEnd: input.end ? tokyoInstant(input.end) : undefined,
      invitees: input.inviteeIds.map((practitionerId) => ({ practitionerId })),
      agenda: [],
      agendaRegionalIds: input.agenda.split(/\s+/).filter(Boolean),
    });
  });
}
