"use server";

import { authenticate } from "@/server/session/current-practitioner";
import { createConference } from "@/server/domain/conferences/create-conference";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { tokyoInstant } from "@/app/lib/tokyo-time";
import { actionInput, wireText } from "@/app/lib/action-input";
import { z } from "zod";
import { call } from "@/app/lib/call";
import { msg } from "@/server/errors";

/** The form's shape as far as this glue reads it; the use case parses every field. */
const ConferenceForm = z.looseObject({
  start: wireText,
  end: wireText,
  inviteeIds: z.array(z.unknown(), msg("conferences.giveInviteesAsList")),
  agenda: wireText,
});

export async function createConferenceAction(submitted: {
  title: string;
  kind: string;
  lobbyPolicy?: string;
  start: string;
  end: string;
  inviteeIds: string[];
  agenda: string;
}): Promise<ActionResult<{ conferenceId: string }>> {
  return runAction(async () => {
    const me = await authenticate();
    const input = actionInput(ConferenceForm, submitted);
    return call(createConference, me, {
      title: input.title,
      kind: input.kind,
      lobbyPolicy: input.lobbyPolicy || undefined,
      // the form's times are Japan time; empty is no time
      scheduledStart: input.start ? tokyoInstant(input.start) : undefined,
      scheduledEnd: input.end ? tokyoInstant(input.end) : undefined,
      invitees: input.inviteeIds.map((practitionerId) => ({ practitionerId })),
      agenda: [],
      agendaRegionalIds: (input.agenda ?? "").split(/\s+/).filter(Boolean),
    });
  });
}
