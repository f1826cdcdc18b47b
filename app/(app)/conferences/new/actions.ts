"use server";

import { authenticate } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import { createConference } from "@/server/domain/conferences/create-conference";
import { runAction, type ActionResult } from "@/app/lib/action-result";

/** A datetime-local value is a Japan time; the domain wants an instant with its offset. */
const tokyo = (local: string | undefined) =>
  local ? `${local.length === 16 ? `${local}:00` : local}+09:00` : undefined;

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
      scheduledStart: tokyo(input.start || undefined),
      scheduledEnd: tokyo(input.end || undefined),
      invitees: input.inviteeIds.map((practitionerId) => ({ practitionerId })),
      agenda: [],
      agendaRegionalIds: input.agenda.split(/\s+/).filter(Boolean),
    });
  });
}
