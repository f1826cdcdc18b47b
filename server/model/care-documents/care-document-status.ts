import { DomainError, msg } from "../../errors";

/**
 * The life of every care document, as data. Stored: draft (being written),
 * sent (with the recipient facility), acknowledged (受領確認) or answered (回答:
 * written text; an acknowledged document may still be answered), discarded (a
 * draft thrown away by its author; kept for the audit trail, never listed),
 * cancelled (the author withdrew a sent document, with a reason). Read off the
 * clock, never stored: overdue (a draft past its kind's due date) and expired
 * (a sent document whose kind gives it an end that has passed).
 */
export const STORED_CARE_DOCUMENT_STATUSES = [
  "draft",
  "sent",
  "acknowledged",
  "answered",
  "discarded",
  "cancelled",
] as const;
export type StoredCareDocumentStatus = (typeof STORED_CARE_DOCUMENT_STATUSES)[number];
export const CARE_DOCUMENT_STATUSES = [...STORED_CARE_DOCUMENT_STATUSES, "expired"] as const;
export type CareDocumentStatus = (typeof CARE_DOCUMENT_STATUSES)[number];

/** Who takes a transition: the author's facility, the recipient facility, or the clock. */
export type CareDocumentSide = "author" | "recipient" | "system";

export const CARE_DOCUMENT_TRANSITIONS = {
  send: { from: ["draft"], to: "sent", side: "author" },
  discard: { from: ["draft"], to: "discarded", side: "author" },
  cancel: { from: ["sent"], to: "cancelled", side: "author" },
  acknowledge: { from: ["sent"], to: "acknowledged", side: "recipient" },
  answer: { from: ["sent", "acknowledged"], to: "answered", side: "recipient" },
  expire: { from: ["sent", "acknowledged", "answered"], to: "expired", side: "system" },
} as const satisfies Record<
  string,
  { from: readonly CareDocumentStatus[]; to: CareDocumentStatus; side: CareDocumentSide }
>;
export type CareDocumentTransition = keyof typeof CARE_DOCUMENT_TRANSITIONS;
export const CARE_DOCUMENT_TRANSITION_NAMES = Object.keys(
  CARE_DOCUMENT_TRANSITIONS,
) as CareDocumentTransition[];

export function canTransition(status: CareDocumentStatus, transition: CareDocumentTransition): boolean {
  return (CARE_DOCUMENT_TRANSITIONS[transition].from as readonly CareDocumentStatus[]).includes(status);
}

/** The one guard: the next status, or INVALID_TRANSITION (409). */
export function assertTransition(
  status: CareDocumentStatus,
  transition: CareDocumentTransition,
): CareDocumentStatus {
  if (!canTransition(status, transition)) {
    throw new DomainError("INVALID_TRANSITION", msg("careDocuments.cannotInStatus", { status, transition }));
  }
  return CARE_DOCUMENT_TRANSITIONS[transition].to;
}

export function availableTransitions(
  status: CareDocumentStatus,
  side: CareDocumentSide,
): CareDocumentTransition[] {
  return CARE_DOCUMENT_TRANSITION_NAMES.filter(
    (t) => CARE_DOCUMENT_TRANSITIONS[t].side === side && canTransition(status, t),
  );
}

/** The status as of `today` (YYYY-MM-DD in Japan): a sent document whose end has passed has expired. */
export function statusOn(
  stored: StoredCareDocumentStatus,
  endsOn: string | null,
  today: string,
): CareDocumentStatus {
  if (endsOn && endsOn < today && canTransition(stored, "expire")) return assertTransition(stored, "expire");
  return stored;
}

/** A draft past its due date (the due day itself still in time). */
export function isOverdue(status: CareDocumentStatus, dueOn: string | null, today: string): boolean {
  return status === "draft" && !!dueOn && dueOn < today;
}

/**
 * A document sent after its due date (its day of sending, in Japan, past the
 * due day): the recipient sees that the information came late (入院時情報提供書
 * after the third day from admission).
 */
export function wasSentLate(dueOn: string | null, sentAt: Date | null): boolean {
  return !!dueOn && !!sentAt && tokyoToday(sentAt) > dueOn;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day YYYY-MM-DD (no 30 February). */
export function isCalendarDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  return (
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === value
  );
}

/** The day `days` after `day` (both YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Days from `from` to `to`: 0 on the same day, negative when `to` is earlier. */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today's date in Japan, YYYY-MM-DD: due dates are Japanese calendar days. */
export function tokyoToday(now = new Date()): string {
  return now.toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
}
