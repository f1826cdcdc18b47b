import { DomainError, msg } from "../../errors";
import { READING_STATUSES, type ReadingStatus, type ReadingUrgency } from "../../model/reading-report";

/**
 * A reading request's life as data. requested: sent to the reading hospital;
 * accepted: a radiologist took it (and writes the report); reported: a report
 * was signed (an amendment signs the next version and stays reported);
 * acknowledged: the requester read the latest version; declined: the reading
 * hospital will not read it (with a reason); cancelled: the requester withdrew it.
 */
export { READING_STATUSES, type ReadingStatus };

/** Which side may take a transition: the requesting facility or the reading hospital. */
export type ReadingSide = "requester" | "reading";

export const READING_TRANSITIONS = {
  accept: { from: ["requested"], to: "accepted", side: "reading" },
  decline: { from: ["requested", "accepted"], to: "declined", side: "reading" },
  cancel: { from: ["requested", "accepted"], to: "cancelled", side: "requester" },
  report: { from: ["accepted"], to: "reported", side: "reading" },
  amend: { from: ["reported", "acknowledged"], to: "reported", side: "reading" },
  acknowledge: { from: ["reported"], to: "acknowledged", side: "requester" },
} as const satisfies Record<string, { from: readonly ReadingStatus[]; to: ReadingStatus; side: ReadingSide }>;
export type ReadingTransition = keyof typeof READING_TRANSITIONS;
export const READING_TRANSITION_NAMES = Object.keys(READING_TRANSITIONS) as ReadingTransition[];

/** Statuses in which the reading hospital still owes a report: the due clock runs. */
export const AWAITING_REPORT: readonly ReadingStatus[] = ["requested", "accepted"];
/** Statuses after which nothing more happens. */
export const FINAL_STATUSES: readonly ReadingStatus[] = ["declined", "cancelled"];

/** How long a reading may take before it counts as overdue, by urgency (hours from the request). */
export const READING_DUE_HOURS: Record<ReadingUrgency, number> = { emergency: 2, urgent: 24, routine: 72 };

export function canTransition(status: ReadingStatus, transition: ReadingTransition): boolean {
  return (READING_TRANSITIONS[transition].from as readonly ReadingStatus[]).includes(status);
}

/** The one guard: the next status, or INVALID_TRANSITION (409). */
export function assertTransition(status: ReadingStatus, transition: ReadingTransition): ReadingStatus {
  if (!canTransition(status, transition)) {
    throw new DomainError("INVALID_TRANSITION", msg("readings.cannotInStatus", { status, transition }));
  }
  return READING_TRANSITIONS[transition].to;
}

/** The transitions open from a status to one side, for showing only the buttons that can work. */
export function availableTransitions(status: ReadingStatus, side: ReadingSide): ReadingTransition[] {
  return READING_TRANSITION_NAMES.filter(
    (t) => READING_TRANSITIONS[t].side === side && canTransition(status, t),
  );
}

/** When a request made at `requestedAt` is due. */
export function readingDueAt(requestedAt: Date, urgency: ReadingUrgency): Date {
  return new Date(requestedAt.getTime() + READING_DUE_HOURS[urgency] * 3_600_000);
}

/** Overdue: still awaiting its report after its due time. */
export function isOverdue(
  r: { status: ReadingStatus; urgency: ReadingUrgency; requestedAt: Date },
  now: Date,
): boolean {
  return AWAITING_REPORT.includes(r.status) && readingDueAt(r.requestedAt, r.urgency) < now;
}
