import {
  MEETING_STATUSES,
  OCCURRENCE_STATUSES,
  type MeetingStatus,
  type OccurrenceStatus,
} from "../../model/pathway-meetings";
import { DomainError, msg } from "../../errors";

/**
 * A pathway meeting's two status machines as data. The series is scheduled
 * until cancelled as a whole; its changes keep it scheduled (each bumps the
 * iCalendar SEQUENCE). An occurrence is scheduled, opens (its conference room)
 * on the first join, or is cancelled alone beforehand (an EXDATE). Its
 * agenda can change until it is over; minutes are recorded once it opened.
 */
// the lists are contracts (server/model/pathway-meetings.ts); the database enums are made from them
export { MEETING_STATUSES, OCCURRENCE_STATUSES, type MeetingStatus, type OccurrenceStatus };

export const MEETING_TRANSITIONS = {
  update: { from: ["scheduled"], to: null },
  cancel_occurrence: { from: ["scheduled"], to: null },
  change_agenda: { from: ["scheduled"], to: null },
  join: { from: ["scheduled"], to: null },
  warm_up: { from: ["scheduled"], to: null },
  record_decision: { from: ["scheduled"], to: null },
  cancel: { from: ["scheduled"], to: "cancelled" },
} as const satisfies Record<string, { from: readonly MeetingStatus[]; to: MeetingStatus | null }>;
export type MeetingTransition = keyof typeof MEETING_TRANSITIONS;
export const MEETING_TRANSITION_NAMES = Object.keys(MEETING_TRANSITIONS) as MeetingTransition[];

export const OCCURRENCE_TRANSITIONS = {
  /** the first join opens the conference room */
  open: { from: ["scheduled"], to: "open" },
  /** later joins come into the open room */
  join: { from: ["open"], to: null },
  cancel: { from: ["scheduled"], to: "cancelled" },
  change_agenda: { from: ["scheduled", "open"], to: null },
  warm_up: { from: ["scheduled", "open"], to: null },
  record_decision: { from: ["open"], to: null },
} as const satisfies Record<string, { from: readonly OccurrenceStatus[]; to: OccurrenceStatus | null }>;
export type OccurrenceTransition = keyof typeof OCCURRENCE_TRANSITIONS;
export const OCCURRENCE_TRANSITION_NAMES = Object.keys(OCCURRENCE_TRANSITIONS) as OccurrenceTransition[];

export function canTransitionMeeting(status: MeetingStatus, transition: MeetingTransition): boolean {
  return (MEETING_TRANSITIONS[transition].from as readonly MeetingStatus[]).includes(status);
}

export function assertMeetingTransition(status: MeetingStatus, transition: MeetingTransition): MeetingStatus {
  if (!canTransitionMeeting(status, transition)) {
    throw new DomainError("INVALID_TRANSITION", msg("pathwayMeetings.cannotMeeting", { transition, status }));
  }
  return MEETING_TRANSITIONS[transition].to ?? status;
}

export function canTransitionOccurrence(status: OccurrenceStatus, transition: OccurrenceTransition): boolean {
  return (OCCURRENCE_TRANSITIONS[transition].from as readonly OccurrenceStatus[]).includes(status);
}

export function assertOccurrenceTransition(
  status: OccurrenceStatus,
  transition: OccurrenceTransition,
): OccurrenceStatus {
  if (!canTransitionOccurrence(status, transition)) {
    throw new DomainError(
      "INVALID_TRANSITION",
      msg("pathwayMeetings.cannotOccurrence", { status, transition }),
    );
  }
  return OCCURRENCE_TRANSITIONS[transition].to ?? status;
}
