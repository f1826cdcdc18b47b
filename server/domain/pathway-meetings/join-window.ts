/**
 * When an occurrence's room may be entered. Pure (no I/O), so joinMeeting,
 * the occurrence page and its button (a client component, following the
 * clock) all use the one window.
 */

/** The room opens this long before an occurrence starts, and closes this long after it ends. */
export const JOIN_OPENS_MINUTES_BEFORE = 30;
export const JOIN_CLOSES_MINUTES_AFTER = 60;

export type JoinPhase = "before" | "open" | "over";

export function joinWindow(occurrence: { startsAt: Date; endsAt: Date }) {
  return {
    opensAt: new Date(occurrence.startsAt.getTime() - JOIN_OPENS_MINUTES_BEFORE * 60_000),
    closesAt: new Date(occurrence.endsAt.getTime() + JOIN_CLOSES_MINUTES_AFTER * 60_000),
  };
}

/** Where `now` falls against the window (instants as milliseconds, as a client has them). */
export function joinPhase(now: number, opensAt: number, closesAt: number): JoinPhase {
  return now < opensAt ? "before" : now > closesAt ? "over" : "open";
}
