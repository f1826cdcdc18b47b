import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { referrals } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  loadReferral,
  lockReferral,
  REFERRAL_AUTHOR_PROFESSIONS,
  requireSide,
  requireVersion,
} from "./load-referral";
import { assertDestination } from "./referral-destination";
import { SaveReferralDraftInput } from "./referrals.schema";
import { auditReferrals } from "./referrals-audit";

/**
 * Autosave: replaces the editable part of a draft, refusing a stale version so
 * two people editing one letter never overwrite each other silently.
 */
export async function saveReferralDraft(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SaveReferralDraftInput, rawInput);
  const access = await loadReferral(db, actor, input.referralId, "referral.edit");
  requireSide(access, actor, "referrer", REFERRAL_AUTHOR_PROFESSIONS);
  await assertDestination(db, actor.facilityId, input);

  return db.transaction(async (tx) => {
    const referral = await lockReferral(tx, input.referralId);
    if (referral.status !== "draft") {
      throw new DomainError("INVALID_TRANSITION", msg("referrals.sentReferralCanNoLonger"));
    }
    requireVersion(referral, input.version);
    const [saved] = await tx
      .update(referrals)
      .set({
        destinationFacilityId: input.destinationFacilityId,
        destinationDepartmentId: input.destinationDepartmentId,
        destinationPractitionerId: input.destinationPractitionerId,
        priority: input.priority,
        requestedBy: input.requestedBy,
        referrerDepartment: input.referrerDepartment,
        content: input.content,
        version: sql`${referrals.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(referrals.id, referral.id))
      .returning({ version: referrals.version, updatedAt: referrals.updatedAt });
    await auditReferrals(tx, actor, "referral.edit", {
      patientId: referral.patientId,
      details: { referralId: referral.id, version: saved!.version },
    });
    return { version: saved!.version, savedAt: saved!.updatedAt.toISOString() };
  });
}
