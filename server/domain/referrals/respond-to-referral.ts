import type { Db } from "../../db/client";
import { invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { facilityReferralDesk } from "../notifications/notify";
import {
  loadReferral,
  lockReferral,
  REFERRAL_AUTHOR_PROFESSIONS,
  REFERRAL_TRIAGE_PROFESSIONS,
  requireSide,
  requireVersion,
  type Referral,
} from "./load-referral";
import { assertDestination, assertDestinationInConsent } from "./referral-destination";
import { applyTransition } from "./referral-transition";
import type { ReferralTransition } from "./referral-status";
import {
  AcceptReferralInput,
  CancelReferralInput,
  DeclineReferralInput,
  ForwardReferralInput,
} from "./referrals.schema";

/**
 * The destination's answers (accept with an appointment, decline with a coded
 * reason, forward elsewhere, change the appointment) and the sender's cancel.
 * Each is one transition through the guard; the other side is told.
 */

async function command<T extends { referralId: string; version: number }>(
  db: Db,
  actor: Actor,
  input: T,
  transition: ReferralTransition,
  build: (
    locked: Referral,
  ) => Promise<Parameters<typeof applyTransition>[4]> | Parameters<typeof applyTransition>[4],
) {
  const access = await loadReferral(db, actor, input.referralId, `referral.${transition}` as const);
  const side = transition === "cancel" ? "referrer" : "destination";
  requireSide(
    access,
    actor,
    side,
    side === "referrer" ? REFERRAL_AUTHOR_PROFESSIONS : REFERRAL_TRIAGE_PROFESSIONS,
  );
  requireVersion(access.referral, input.version);
  // built (and checked) from the row read outside the transaction: the version check below
  // guarantees the locked row is the same one, and PGlite's single connection forbids reads beside `tx`
  const options = await build(access.referral);
  const { referral, publish } = await db.transaction(async (tx) => {
    const locked = await lockReferral(tx, input.referralId);
    requireVersion(locked, input.version);
    return applyTransition(tx, actor, locked, transition, options);
  });
  publish();
  return { referralId: referral.id, version: referral.version, status: referral.status };
}

export async function acceptReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AcceptReferralInput, rawInput);
  return command(db, actor, input, "accept", (r) => ({
    patch: { appointmentAt: new Date(input.appointmentAt), respondedAt: new Date() },
    details: { appointmentAt: input.appointmentAt, note: input.note },
    notify: { kind: "referral_status", recipientIds: [r.referrerId] },
  }));
}

export async function rescheduleReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AcceptReferralInput, rawInput);
  return command(db, actor, input, "reschedule", (r) => ({
    patch: { appointmentAt: new Date(input.appointmentAt) },
    details: {
      appointmentAt: input.appointmentAt,
      previous: r.appointmentAt?.toISOString() ?? null,
      note: input.note,
    },
    notify: { kind: "referral_status", recipientIds: [r.referrerId] },
  }));
}

export async function declineReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(DeclineReferralInput, rawInput);
  if (input.reason === "other" && !input.note) {
    throw invalidField("note", msg("referrals.explainReasonWhenChoosingOther"));
  }
  return command(db, actor, input, "decline", (r) => ({
    patch: { declineReason: input.reason, declineNote: input.note, respondedAt: new Date() },
    details: { reason: input.reason, note: input.note },
    notify: { kind: "referral_status", recipientIds: [r.referrerId] },
  }));
}

/**
 * Sends the referral on to another department or facility. The history keeps
 * where it was; the former destination may still read it; the new one must be
 * inside the patient's consent like any destination, and its clock starts anew.
 */
export async function forwardReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ForwardReferralInput, rawInput);
  return command(db, actor, input, "forward", async (r) => {
    const sameFacility = input.destinationFacilityId === r.destinationFacilityId;
    if (sameFacility && input.destinationDepartmentId === r.destinationDepartmentId) {
      throw invalidField("destinationDepartmentId", msg("referrals.whereAlready"));
    }
    // the referrer's own facility cannot be a forward target: it would become both sides
    await assertDestination(db, r.referrerFacilityId, input);
    if (!sameFacility) await assertDestinationInConsent(db, r.patientId, input.destinationFacilityId);
    const desk = await facilityReferralDesk(db, input.destinationFacilityId, input.destinationPractitionerId);
    return {
      patch: {
        destinationFacilityId: input.destinationFacilityId,
        destinationDepartmentId: input.destinationDepartmentId,
        destinationPractitionerId: input.destinationPractitionerId,
        awaitingSince: new Date(),
        receivedAt: null,
      },
      details: {
        fromFacilityId: r.destinationFacilityId,
        fromDepartmentId: r.destinationDepartmentId,
        toFacilityId: input.destinationFacilityId,
        toDepartmentId: input.destinationDepartmentId,
        note: input.note,
      },
      notify: {
        kind: "referral_status",
        // the referrer hears where it went; the new destination's desk receives it
        recipientIds: [r.referrerId, ...desk],
        urgent: r.priority === "urgent",
      },
    };
  });
}

export async function cancelReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CancelReferralInput, rawInput);
  return command(db, actor, input, "cancel", async (r) => ({
    patch: { cancelNote: input.note },
    details: { note: input.note },
    notify: {
      kind: "referral_status",
      recipientIds:
        r.status === "draft"
          ? []
          : await facilityReferralDesk(db, r.destinationFacilityId, r.destinationPractitionerId),
    },
  }));
}
