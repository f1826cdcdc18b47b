import { pathwayEnrolmentStatus, pathwayStageStatus } from "../../db/schema/pathways";
import { DomainError, msg } from "../../errors";

/**
 * The pathway's two status machines as data.
 *
 * An enrolment is active while the patient moves through the stages; it ends
 * completed (the plan ran its course) or withdrawn (stopped: death, a change
 * of condition, the patient's wish). Every command on it needs it active; the
 * commands that keep it active say so with `to: null`.
 *
 * A stage row begins as a handover request to a facility (requested), which
 * that facility accepts (active) or declines, or the sender cancels. The
 * active stage ends when the next one is accepted or the pathway completes
 * (completed), or when the pathway is withdrawn (discontinued).
 */
// the lists themselves are the database enums (server/db/schema/pathways.ts): one source of truth
export const ENROLMENT_STATUSES = pathwayEnrolmentStatus.enumValues;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const STAGE_STATUSES = pathwayStageStatus.enumValues;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const ENROLMENT_TRANSITIONS = {
  request_handover: { from: ["active"], to: null },
  cancel_handover: { from: ["active"], to: null },
  accept_handover: { from: ["active"], to: null },
  decline_handover: { from: ["active"], to: null },
  record_measures: { from: ["active"], to: null },
  record_variance: { from: ["active"], to: null },
  complete: { from: ["active"], to: "completed" },
  withdraw: { from: ["active"], to: "withdrawn" },
} as const satisfies Record<string, { from: readonly EnrolmentStatus[]; to: EnrolmentStatus | null }>;
export type EnrolmentTransition = keyof typeof ENROLMENT_TRANSITIONS;
export const ENROLMENT_TRANSITION_NAMES = Object.keys(ENROLMENT_TRANSITIONS) as EnrolmentTransition[];

export const STAGE_TRANSITIONS = {
  accept: { from: ["requested"], to: "active" },
  decline: { from: ["requested"], to: "declined" },
  cancel: { from: ["requested"], to: "cancelled" },
  /** the next stage was accepted: this one is over */
  hand_over: { from: ["active"], to: "completed" },
  /** the pathway completed in this stage */
  complete: { from: ["active"], to: "completed" },
  /** the pathway was withdrawn in this stage */
  discontinue: { from: ["active"], to: "discontinued" },
} as const satisfies Record<string, { from: readonly StageStatus[]; to: StageStatus }>;
export type StageTransition = keyof typeof STAGE_TRANSITIONS;
export const STAGE_TRANSITION_NAMES = Object.keys(STAGE_TRANSITIONS) as StageTransition[];

export function canTransitionEnrolment(status: EnrolmentStatus, transition: EnrolmentTransition): boolean {
  return (ENROLMENT_TRANSITIONS[transition].from as readonly EnrolmentStatus[]).includes(status);
}

/** The enrolment's guard: the next status (the same for a command that keeps it) or INVALID_TRANSITION (409). */
export function assertEnrolmentTransition(
  status: EnrolmentStatus,
  transition: EnrolmentTransition,
): EnrolmentStatus {
  if (!canTransitionEnrolment(status, transition)) {
    throw new DomainError("INVALID_TRANSITION", msg("pathways.cannotPathway", { transition, status }));
  }
  return ENROLMENT_TRANSITIONS[transition].to ?? status;
}

export function canTransitionStage(status: StageStatus, transition: StageTransition): boolean {
  return (STAGE_TRANSITIONS[transition].from as readonly StageStatus[]).includes(status);
}

/** The stage's guard: the next status or INVALID_TRANSITION (409). */
export function assertStageTransition(status: StageStatus, transition: StageTransition): StageStatus {
  if (!canTransitionStage(status, transition)) {
    throw new DomainError("INVALID_TRANSITION", msg("pathways.cannotStage", { status, transition }));
  }
  return STAGE_TRANSITIONS[transition].to;
}
