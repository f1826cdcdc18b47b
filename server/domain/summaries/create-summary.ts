import { and, desc, eq, inArray, notExists } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dischargeSummaries, dischargeSummaryRecipients, facilities, referrals } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { loadReferral, lockReferral } from "../referrals/load-referral";
import type { ReferralStatus } from "../referrals/referral-status";
import { DischargeSummaryContent } from "../../model/discharge-summary";
import { SUMMARY_AUTHOR_PROFESSIONS } from "./load-summary";
import { CreateSummaryInput } from "./summaries.schema";
import { auditSummaries } from "./summaries-audit";

/** A referral whose patient the hospital took in: the summary answers it. */
const ADMITTED_FROM: readonly ReferralStatus[] = ["accepted", "interim_report", "completed"];

/**
 * The referral that brought this patient here and has no summary of this
 * hospital yet, newest first: a summary started from the patient page answers
 * it as one started from the referral would.
 */
async function unansweredAdmittingReferral(db: Db, actor: Actor, patientId: string) {
  const [row] = await db
    .select({ id: referrals.id })
    .from(referrals)
    .where(
      and(
        eq(referrals.patientId, patientId),
        eq(referrals.destinationFacilityId, actor.facilityId),
        inArray(referrals.status, [...ADMITTED_FROM]),
        notExists(
          db
            .select({ id: dischargeSummaries.id })
            .from(dischargeSummaries)
            .where(
              and(
                eq(dischargeSummaries.referralId, referrals.id),
                eq(dischargeSummaries.authorFacilityId, actor.facilityId),
              ),
            ),
        ),
      ),
    )
    .orderBy(desc(referrals.statusChangedAt))
    .limit(1);
  return row?.id;
}

/**
 * Starts a discharge summary as a draft of the actor's hospital. When the
 * admission came from a referral, the referring GP is the first recipient and
 * the letter's diagnoses, allergies and purpose pre-fill the summary.
 */
export async function createSummary(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CreateSummaryInput, rawInput);
  if (!SUMMARY_AUTHOR_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("summaries.dischargeSummariesWrittenDoctors"));
  }
  const [facility] = await db
    .select({ kind: facilities.kind })
    .from(facilities)
    .where(eq(facilities.id, actor.facilityId));
  if (facility?.kind !== "hospital") {
    throw new DomainError("FORBIDDEN", msg("summaries.dischargeSummariesWrittenHospitals"));
  }
  await requirePatientAccess(db, actor, input.patientId, "clinical", "summary.create");
  const referralId = input.referralId ?? (await unansweredAdmittingReferral(db, actor, input.patientId));

  let content = DischargeSummaryContent.parse({});
  let referrer: { facilityId: string; practitionerId: string } | null = null;
  if (referralId) {
    const { referral, side } = await loadReferral(db, actor, referralId, "summary.create");
    if (side !== "destination" || referral.patientId !== input.patientId) {
      throw invalidField("referralId", msg("summaries.notReferralPatientFacility"));
    }
    if (!ADMITTED_FROM.includes(referral.status)) {
      throw invalidField("referralId", msg("summaries.referralNotAcceptedHere"));
    }
    referrer = { facilityId: referral.referrerFacilityId, practitionerId: referral.referrerId };
    const letter = referral.content;
    content = DischargeSummaryContent.parse({
      diagnoses: letter.diagnoses,
      allergies: letter.allergies,
      noKnownAllergies: letter.noKnownAllergies,
      reasonForAdmission: letter.purpose,
    });
  }

  return db.transaction(async (tx) => {
    if (referralId) {
      // one summary answers one referral: the row lock makes a double click start one draft, not two
      await lockReferral(tx, referralId);
      const [existing] = await tx
        .select({ id: dischargeSummaries.id })
        .from(dischargeSummaries)
        .where(
          and(
            eq(dischargeSummaries.referralId, referralId),
            eq(dischargeSummaries.authorFacilityId, actor.facilityId),
          ),
        );
      if (existing) {
        throw new DomainError("CONFLICT", msg("summaries.referralAlreadyDischargeSummaryAmend"), [
          { field: "referralId", message: msg("summaries.alreadyWritten") },
        ]);
      }
    }
    const [summary] = await tx
      .insert(dischargeSummaries)
      .values({
        patientId: input.patientId,
        authorId: actor.practitionerId,
        authorFacilityId: actor.facilityId,
        authorDepartment: input.authorDepartment,
        referralId: referralId,
        draftContent: content,
      })
      .returning({ id: dischargeSummaries.id, revision: dischargeSummaries.revision });
    if (referrer) {
      await tx.insert(dischargeSummaryRecipients).values({
        summaryId: summary!.id,
        facilityId: referrer.facilityId,
        practitionerId: referrer.practitionerId,
        kind: "referrer",
      });
    }
    await auditSummaries(tx, actor, "summary.create", {
      patientId: input.patientId,
      details: { summaryId: summary!.id, referralId: referralId },
    });
    return { summaryId: summary!.id, revision: summary!.revision };
  });
}
