import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { adviceRequests, referralEvents, referrals } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { REFERRAL_AUTHOR_PROFESSIONS } from "./load-referral";
import { assertDestination } from "./referral-destination";
import { CopyReferralInput, CreateReferralInput } from "./referrals.schema";
import { auditReferrals } from "./referrals-audit";

/** Starts a referral letter as a draft of the actor's facility, for a patient the actor may see. */
export async function createReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CreateReferralInput, rawInput);
  if (!REFERRAL_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("referrals.referralLettersWrittenDoctors"));
  }
  await requirePatientAccess(db, actor, input.patientId, "clinical", "referral.create");
  await assertDestination(db, actor.facilityId, input);
  if (input.adviceRequestId) await assertAnsweredAdvice(db, actor, input.patientId, input.adviceRequestId);

  return db.transaction((tx) => insertReferralDraft(tx, actor, actor, input));
}

/**
 * A letter may cite the advice request it follows only if that request is this
 * clinic's own question about this patient and has been answered: an id from
 * the client is never stored on trust. Every other case gets the same refusal,
 * so the answer does not tell whether someone else's request exists.
 */
async function assertAnsweredAdvice(db: Db, actor: Actor, patientId: string, adviceRequestId: string) {
  const [advice] = await db
    .select({
      patientId: adviceRequests.patientId,
      askerFacilityId: adviceRequests.askerFacilityId,
      status: adviceRequests.status,
    })
    .from(adviceRequests)
    .where(eq(adviceRequests.id, adviceRequestId));
  if (
    !advice ||
    advice.patientId !== patientId ||
    advice.askerFacilityId !== actor.facilityId ||
    advice.status !== "answered"
  ) {
    throw invalidField("adviceRequestId", msg("referrals.notAnsweredAdviceRequestFacility"));
  }
}

/**
 * Writes a new draft with its history and audit events inside the caller's
 * transaction. `by` is who started it (audited as the actor); `referrer` is
 * whose letter it is: the same doctor, or the asking GP when a specialist
 * turns an advice request into a referral.
 */
export async function insertReferralDraft(
  tx: Db,
  by: Actor,
  referrer: { practitionerId: string; facilityId: string },
  input: z.output<typeof CreateReferralInput>,
) {
  const [referral] = await tx
    .insert(referrals)
    .values({
      patientId: input.patientId,
      referrerId: referrer.practitionerId,
      referrerFacilityId: referrer.facilityId,
      referrerDepartment: input.referrerDepartment,
      destinationFacilityId: input.destinationFacilityId,
      destinationDepartmentId: input.destinationDepartmentId,
      destinationPractitionerId: input.destinationPractitionerId,
      priority: input.priority,
      requestedBy: input.requestedBy,
      content: input.content,
      adviceRequestId: input.adviceRequestId ?? null,
    })
    .returning({ id: referrals.id, version: referrals.version });
  // the history names the letter's author; a specialist who asked for it (事前相談) is noted, and audited
  await tx.insert(referralEvents).values({
    referralId: referral!.id,
    kind: "created",
    toStatus: "draft",
    actorId: referrer.practitionerId,
    actorFacilityId: referrer.facilityId,
    details: by.practitionerId !== referrer.practitionerId ? { requestedBy: by.practitionerId } : {},
  });
  if (input.adviceRequestId) {
    // the advice request shows the letter (and its status) that followed it
    await tx
      .update(adviceRequests)
      .set({ referralId: referral!.id })
      .where(and(eq(adviceRequests.id, input.adviceRequestId), isNull(adviceRequests.referralId)));
  }
  await auditReferrals(tx, by, "referral.create", {
    patientId: input.patientId,
    details: { referralId: referral!.id, referrerId: referrer.practitionerId },
  });
  return { referralId: referral!.id, version: referral!.version };
}

/**
 * 再紹介: a declined or cancelled letter is copied into a new draft of the actor's own (the same
 * patient, letter and destination, all editable), to refer again or elsewhere. Attachments and the
 * history stay with the original.
 */
export async function copyReferral(db: Db, actor: Actor, rawInput: unknown) {
  const { referralId } = parseInput(CopyReferralInput, rawInput);
  if (!REFERRAL_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("referrals.referralLettersWrittenDoctors"));
  }
  const [original] = await db.select().from(referrals).where(eq(referrals.id, referralId));
  if (!original || original.referrerFacilityId !== actor.facilityId) {
    throw new DomainError("NOT_FOUND", msg("referrals.referralNotFound"));
  }
  if (original.status !== "declined" && original.status !== "cancelled") {
    throw new DomainError("INVALID_TRANSITION", msg("referrals.onlyDeclinedCancelledLetterCopied"));
  }
  await requirePatientAccess(db, actor, original.patientId, "clinical", "referral.create");
  const draft = parseInput(CreateReferralInput, {
    patientId: original.patientId,
    destinationFacilityId: original.destinationFacilityId,
    destinationDepartmentId: original.destinationDepartmentId,
    referrerDepartment: original.referrerDepartment,
    priority: original.priority,
    content: original.content,
  });
  return db.transaction((tx) => insertReferralDraft(tx, actor, actor, draft));
}
