import { DomainError, invalidField, msg } from "../../errors";

/**
 * 訪問看護指示書 (physician → visiting-nurse station) and 特別訪問看護指示書, begun
 * after the care team board (issue 18): the life of an instruction as data.
 * draft: being written; sent: with the station, not yet acknowledged;
 * acknowledged: the station confirmed it (受領); expired: its period ended;
 * cancelled: the physician withdrew it before the station acknowledged it (an
 * acknowledged instruction ends by its period or by the next instruction).
 * Not wired to pages or the database yet.
 */
export const INSTRUCTION_STATUSES = ["draft", "sent", "acknowledged", "expired", "cancelled"] as const;
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

/** Who takes a transition: the instructing physician, the station, or the clock. */
export type InstructionSide = "physician" | "station" | "system";

export const INSTRUCTION_TRANSITIONS = {
  send: { from: ["draft"], to: "sent", side: "physician" },
  acknowledge: { from: ["sent"], to: "acknowledged", side: "station" },
  cancel: { from: ["draft", "sent"], to: "cancelled", side: "physician" },
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
      msg("nursingInstructions.cannotInstruction", { status, transition }),
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

/** 訪問看護指示書: at most 6 months; 特別訪問看護指示書: at most 14 days (both counting the first day). */
export type InstructionKind = "regular" | "special";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayNumber = (value: string, field: string) => {
  const m = DATE.exec(value);
  const time = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || new Date(time).toISOString().slice(0, 10) !== value)
    throw invalidField(field, msg("nursingInstructions.invalidDate"));
  return time / 86_400_000;
};
const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** The last day a period starting on `start` may run to: 14 days, or 6 months less a day (clamped to a month's end). */
export function latestEnd(kind: InstructionKind, start: string): string {
  const first = dayNumber(start, "periodStart");
  if (kind === "special") return isoOf(first + 13);
  const [y, m, d] = start.split("-").map(Number) as [number, number, number];
  const monthIndex = m - 1 + 6;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const sameDay = Date.UTC(year, month, Math.min(d, lastOfMonth)) / 86_400_000;
  // six months from 1 April run to 30 September; from 31 August (no 31 February) to the end of February
  return isoOf(d > lastOfMonth ? sameDay : sameDay - 1);
}

/** Checks a period for its kind; refusals name periodStart or periodEnd. */
export function assertInstructionPeriod(kind: InstructionKind, start: string, end: string): void {
  const first = dayNumber(start, "periodStart");
  const last = dayNumber(end, "periodEnd");
  if (last < first) throw invalidField("periodEnd", msg("nursingInstructions.periodEndsBeforeStarts"));
  const limit = latestEnd(kind, start);
  if (end > limit) {
    throw invalidField(
      "periodEnd",
      kind === "special"
        ? msg("nursingInstructions.specialInstructionLastsMost14", { limit })
        : msg("nursingInstructions.instructionLastsMost6Months", { limit }),
    );
  }
}

/** In force on `today`: sent or acknowledged, and today inside the period. */
export function inForce(
  status: InstructionStatus,
  period: { start: string; end: string },
  today: string,
): boolean {
  return (status === "sent" || status === "acknowledged") && period.start <= today && today <= period.end;
}

/** Ends within `days` days from `today` (both worklists show it ahead of time); false once ended or not in force. */
export function expiringSoon(
  status: InstructionStatus,
  period: { start: string; end: string },
  today: string,
  days = 14,
): boolean {
  return (
    inForce(status, period, today) && dayNumber(period.end, "periodEnd") - dayNumber(today, "today") < days
  );
}
