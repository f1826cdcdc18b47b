import { z } from "zod";
import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { facilityReferralDesk } from "../notifications/notify";
import { nextDocumentNumber } from "./document-number";
import {
  loadReferral,
  lockReferral,
  REFERRAL_AUTHOR_PROFESSIONS,
  requireSide,
  requireVersion,
} from "./load-referral";
import { assertDestination, assertDestinationInConsent } from "./referral-destination";
import { SendableReferralLetter } from "../../model/referral-letter";
import { applyTransition } from "./referral-transition";
import { ReferralCommandInput } from "./referrals.schema";

/**
 * Sends a draft: the letter must be complete, the destination must take
 * referrals and be inside the patient's consent. The destination's desk is
 * told in real time once it commits.
 */
export async function sendReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ReferralCommandInput, rawInput);
  const access = await loadReferral(db, actor, input.referralId, "referral.send");
  requireSide(access, actor, "referrer", REFERRAL_AUTHOR_PROFESSIONS);
  const draft = access.referral;
  requireVersion(draft, input.version);
  parseInput(z.object({ content: SendableReferralLetter }), { content: draft.content });
  await assertDestination(db, draft.referrerFacilityId, draft);
  await assertDestinationInConsent(db, draft.patientId, draft.destinationFacilityId);
  const desk = await facilityReferralDesk(db, draft.destinationFacilityId, draft.destinationPractitionerId);
  // taken in a step of its own (a send that then fails leaves a gap in the numbers)
  const documentNumber = await nextDocumentNumber(db, draft.referrerFacilityId);

  const { referral, publish } = await db.transaction(async (tx) => {
    const locked = await lockReferral(tx, input.referralId);
    requireVersion(locked, input.version);
    const now = new Date();
    return applyTransition(tx, actor, locked, "send", {
      patch: {
        documentNumber,
        sentAt: now,
        awaitingSince: now,
      },
      details: { toFacilityId: locked.destinationFacilityId, toDepartmentId: locked.destinationDepartmentId },
      notify: { kind: "referral_received", recipientIds: desk, urgent: locked.priority === "urgent" },
    });
  });
  publish();
  return { referralId: referral.id, version: referral.version, documentNumber: referral.documentNumber };
}
