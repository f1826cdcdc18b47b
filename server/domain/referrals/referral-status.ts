import { referralStatus } from "../../db/schema/referrals";
import { DomainError, msg } from "../../errors";

/**
 * The closed loop as data (IHE 360X / HL7 BSeR names). draft: being written;
 * sent: on its way; received: the destination opened it; accepted: booked;
 * declined: refused with a coded reason; forwarded: sent on to another
 * department or facility (then received there anew); interim_report: the
 * destination reported before the final reply; completed: the reply (返書)
 * went back; cancelled: withdrawn by the sender before acceptance.
 */
// the list itself is the database enum (server/db/schema/referrals.ts): one source of truth
export const REFERRAL_STATUSES = referralStatus.enumValues;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Which side of the loop may take a transition: the referring facility or the current destination. */
export type ReferralSide = "referrer" | "destination";

export const REFERRAL_TRANSITIONS = {
  send: { from: ["draft"], to: "sent", side: "referrer" },
  receive: { from: ["sent", "forwarded"], to: "received", side: "destination" },
  accept: { from: ["received"], to: "accepted", side: "destination" },
  decline: { from: ["received"], to: "declined", side: "destination" },
  forward: { from: ["received"], to: "forwarded", side: "destination" },
  interim_report: { from: ["accepted", "interim_report"], to: "interim_report", side: "destination" },
  complete: { from: ["accepted", "interim_report"], to: "completed", side: "destination" },
  cancel: { from: ["draft", "sent", "received", "forwarded"], to: "cancelled", side: "referrer" },
  reschedule: { from: ["accepted", "interim_report"], to: null, side: "destination" },
} as const satisfies Record<
  string,
  { from: readonly ReferralStatus[]; to: ReferralStatus | null; side: ReferralSide }
>;
export type ReferralTransition = keyof typeof REFERRAL_TRANSITIONS;
export const REFERRAL_TRANSITION_NAMES = Object.keys(REFERRAL_TRANSITIONS) as ReferralTransition[];

/** Statuses in which the destination still owes an answer: the overdue clock runs. */
export const AWAITING_RESPONSE: readonly ReferralStatus[] = ["sent", "received", "forwarded"];
/** Statuses after which nothing more happens. */
export const FINAL_STATUSES: readonly ReferralStatus[] = ["declined", "completed", "cancelled"];

export function canTransition(status: ReferralStatus, transition: ReferralTransition): boolean {
  return (REFERRAL_TRANSITIONS[transition].from as readonly ReferralStatus[]).includes(status);
}

/**
 * The one guard: returns the next status (the same one for a transition that
 * keeps it, such as reschedule) or throws INVALID_TRANSITION (409).
 */
export function assertTransition(status: ReferralStatus, transition: ReferralTransition): ReferralStatus {
  if (!canTransition(status, transition)) {
    throw new DomainError("INVALID_TRANSITION", msg("referrals.cannotReferral", { status, transition }));
  }
  return REFERRAL_TRANSITIONS[transition].to ?? status;
}

/** The transitions open from a status to one side, for showing only the buttons that can work. */
export function availableTransitions(status: ReferralStatus, side: ReferralSide): ReferralTransition[] {
  return REFERRAL_TRANSITION_NAMES.filter(
    (t) => REFERRAL_TRANSITIONS[t].side === side && canTransition(status, t),
  );
}
