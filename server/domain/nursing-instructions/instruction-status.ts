import { DomainError, msg } from "../../errors";
import {
  daysBetween,
  INSTRUCTION_STATUSES,
  type InstructionStatus,
  type StoredInstructionStatus,
} from "../../model/nursing-instruction";

export { INSTRUCTION_STATUSES, type InstructionStatus };

/** Who takes a transition: the instructing physician, the station, or the clock. */
export type InstructionSide = "physician" | "station" | "system";

/**
 * The life of a visiting-nurse instruction as data. A sent instruction is
 * never rewritten: a change is a new instruction, whose sending supersedes the
 * one it overlaps (same patient, station and kind). A special instruction
 * (14 days, an acute exacerbation) runs beside the regular one and supersedes
 * only another special one. The physician may cancel one still running (the
 * patient was admitted, died, or it was wrong), with a reason; once cancelled
 * it is in force nowhere. Expiry is the clock's: the period's last day has
 * passed in Japan, and an expired instruction is not cancelled.
 */
export const INSTRUCTION_TRANSITIONS = {
  send: { from: ["draft"], to: "sent", side: "physician" },
  acknowledge: { from: ["sent"], to: "acknowledged", side: "station" },
  supersede: { from: ["sent", "acknowledged"], to: "superseded", side: "physician" },
  cancel: { from: ["sent", "acknowledged"], to: "cancelled", side: "physician" },
  expire: { from: ["sent", "acknowledged"], to: "expired", side: "system" },
} as const satisfies Record<
  string,
  { from: readonly InstructionStatus[]; to: InstructionStatus; side: InstructionSide }
>;
export type InstructionTransition = keyof typeof INSTRUCTION_TRANSITIONS;
export const INSTRUCTION_TRANSITION_NAMES = Object.keys(INSTRUCTION_TRANSITIONS) as InstructionTransition[];

export function canTransition(status: InstructionStatus, transition: InstructionTransition): boolean {
  return (INSTRUCTION_TRANSITIONS[transition].from as readonly InstructionStatus[]).includes(status);
}

/** The one guard: the next status, or INVALID_TRANSITION (409). */
export function assertTransition(
  status: InstructionStatus,
  transition: InstructionTransition,
): InstructionStatus {
  if (!canTransition(status, transition)) {
    throw new DomainError(
      "INVALID_TRANSITION",
      msg("nursingInstructions.cannotInStatus", { status, transition }),
    );
  }
  return INSTRUCTION_TRANSITIONS[transition].to;
}

export function availableTransitions(
  status: InstructionStatus,
  side: InstructionSide,
): InstructionTransition[] {
  return INSTRUCTION_TRANSITION_NAMES.filter(
    (t) => INSTRUCTION_TRANSITIONS[t].side === side && canTransition(status, t),
  );
}

export interface InstructionPeriod {
  start: string | null;
  end: string | null;
}

/** The status as of `today` (YYYY-MM-DD in Japan): a sent or acknowledged instruction whose period has ended has expired. */
export function statusOn(stored: StoredInstructionStatus, period: InstructionPeriod, today: string) {
  if (period.end && period.end < today && canTransition(stored, "expire")) {
    return assertTransition(stored, "expire");
  }
  return stored as InstructionStatus;
}

/** In force on `today`: sent or acknowledged, and today inside the period. */
export function inForce(status: InstructionStatus, period: InstructionPeriod, today: string): boolean {
  return (
    (status === "sent" || status === "acknowledged") &&
    !!period.start &&
    !!period.end &&
    period.start <= today &&
    today <= period.end
  );
}

/**
 * How far ahead both worklists show an instruction about to end: its last day
 * is within EXPIRING_WITHIN_DAYS days of today, today counted (14: the last
 * fortnight, time for the GP to see the patient and write the next one).
 */
export const EXPIRING_WITHIN_DAYS = 14;

export function expiringSoon(
  status: InstructionStatus,
  period: InstructionPeriod,
  today: string,
  days = EXPIRING_WITHIN_DAYS,
): boolean {
  return inForce(status, period, today) && daysBetween(today, period.end!) < days;
}

/** Today's date in Japan, YYYY-MM-DD: periods are Japanese calendar days. */
export function tokyoToday(now = new Date()): string {
  return now.toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
}
