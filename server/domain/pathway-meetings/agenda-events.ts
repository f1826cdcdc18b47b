import { afterCommitBus } from "../events/after-commit-bus";

/**
 * An occurrence's agenda or minutes changed (a case added or removed, a
 * decision recorded), for the people in its conference room to reload. Ids
 * only, never patient data: each reader reloads through its own consent.
 */
export interface AgendaChanged {
  conferenceId: string;
  occurrenceId: string;
}

const bus = afterCommitBus<AgendaChanged>("pathway-meeting-agenda");

export const onAgendaChanged = bus.subscribe;

/** After the change commits; an occurrence whose room was never opened has nobody to tell. */
export function publishAgendaChanged(occurrence: { id: string; conferenceId: string | null }): void {
  if (occurrence.conferenceId)
    bus.publish({ conferenceId: occurrence.conferenceId, occurrenceId: occurrence.id });
}
