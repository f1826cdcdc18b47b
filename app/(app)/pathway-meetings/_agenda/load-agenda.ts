import type { Actor } from "@/server/auth/permissions";
import type { Db } from "@/server/db/client";
import { isDomainError } from "@/server/errors";
import { findConferenceOccurrence } from "@/server/domain/pathway-meetings/conference-occurrence";
import { getMeetingAgenda } from "@/server/domain/pathway-meetings/meeting-agenda";
import { listAgendaCandidates } from "@/server/domain/pathway-meetings/list-agenda-candidates";
import { listDecisionFacilities } from "@/server/domain/pathway-meetings/list-decision-facilities";
import type { MeetingAgendaView } from "./pathway-agenda";

/**
 * What only the meeting's managers need beside the agenda: the cases they may
 * add while it can change, and the 担当施設 choices once decisions can be
 * recorded. Read only then, as each read is an audited look at patients.
 */
export async function loadAgendaExtras(db: Db, actor: Actor, agenda: MeetingAgendaView) {
  const { meeting, occurrence, me } = agenda;
  const manage = me.manage && meeting.status === "scheduled";
  const [candidates, facilities] = await Promise.all([
    manage && occurrence.status !== "cancelled"
      ? listAgendaCandidates(db, actor, { occurrenceId: occurrence.id })
      : null,
    manage && occurrence.status === "open"
      ? listDecisionFacilities(db, actor, { occurrenceId: occurrence.id })
      : null,
  ]);
  return { candidates, facilities };
}

/**
 * A pathway meeting's room shows its occurrence's agenda (per-reader
 * redaction, the coordinator's forms) instead of the conference's generic
 * one. Null when the conference is no pathway meeting's, or the reader is
 * no longer at the meeting (uninvited since): the room then shows the
 * conference's own agenda, which is redacted per reader too.
 */
export async function loadRoomAgenda(db: Db, actor: Actor, conferenceId: string) {
  try {
    const found = await findConferenceOccurrence(db, actor, { conferenceId });
    if (!found) return null;
    const agenda = await getMeetingAgenda(db, actor, { occurrenceId: found.occurrenceId });
    return { agenda, ...(await loadAgendaExtras(db, actor, agenda)) };
  } catch (e) {
    if (isDomainError(e) && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) return null;
    throw e;
  }
}
