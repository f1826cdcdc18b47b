"use server";

import { authenticate } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import { createConference } from "@/server/domain/conferences/create-conference";
import { searchPatients } from "@/server/domain/patients/search-patients";
import { searchDirectory } from "@/server/domain/practitioners/search-directory";
import { runAction, type ActionResult } from "@/app/lib/action-result";

export type DirectoryEntry = Awaited<ReturnType<typeof searchDirectory>>[number];

export async function searchDirectoryAction(q: string): Promise<ActionResult<DirectoryEntry[]>> {
  return runAction(async () => {
    await authenticate();
    return searchDirectory(await getDb(), { q });
  });
}

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
    const db = await getDb();
    // each regional ID must name a patient this practitioner may see; the domain checks clinical access again
    const agenda = [];
    for (const line of input.agenda.split(/\s+/).filter(Boolean)) {
      const [hit] = await searchPatients(db, me, { q: line, limit: 1 });
      if (!hit || hit.regionalId !== line.toUpperCase()) {
        throw new DomainError("VALIDATION", "Unknown case", [
          {
            field: "agenda",
            message: `${line}: 同意の範囲内に該当する患者がいません / no patient you may see has this regional ID`,
          },
        ]);
      }
      agenda.push({ patientId: hit.id });
    }
    return createConference(db, me, {
      title: input.title,
      kind: input.kind,
      scheduledStart: tokyo(input.start || undefined),
      scheduledEnd: tokyo(input.end || undefined),
      invitees: input.inviteeIds.map((practitionerId) => ({ practitionerId })),
      agenda,
    });
  });
}
