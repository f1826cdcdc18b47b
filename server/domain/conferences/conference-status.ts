import { DomainError, msg } from "../../errors";

/**
 * The conference lifecycle as data. scheduled: planned, nobody inside yet; open:
 * the host opened the room and the lobby; live: media is flowing; ended and
 * cancelled are final.
 */
export const CONFERENCE_STATUSES = ["scheduled", "open", "live", "ended", "cancelled"] as const;
export type ConferenceStatus = (typeof CONFERENCE_STATUSES)[number];

export const CONFERENCE_TRANSITIONS = {
  open: { from: ["scheduled"], to: "open" },
  go_live: { from: ["open"], to: "live" },
  end: { from: ["open", "live"], to: "ended" },
  cancel: { from: ["scheduled"], to: "cancelled" },
  // the last participant left a live room: it waits, open, for the next
  pause: { from: ["live"], to: "open" },
} as const satisfies Record<string, { from: readonly ConferenceStatus[]; to: ConferenceStatus }>;
export type ConferenceTransition = keyof typeof CONFERENCE_TRANSITIONS;

export function canTransition(status: ConferenceStatus, transition: ConferenceTransition): boolean {
  return (CONFERENCE_TRANSITIONS[transition].from as readonly ConferenceStatus[]).includes(status);
}

/** The one guard: returns the next status or throws INVALID_TRANSITION (409). */
export function assertTransition(
  status: ConferenceStatus,
  transition: ConferenceTransition,
): ConferenceStatus {
  if (!canTransition(status, transition)) {
    throw new DomainError("INVALID_TRANSITION", msg("conferences.cannotConference", { status, transition }));
  }
  return CONFERENCE_TRANSITIONS[transition].to;
}
