import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  dischargeSummaryAcknowledgements,
  dischargeSummaryRecipients,
  dischargeSummaryVersions,
  facilities,
  patientLocalIds,
  patients,
  practitioners,
  referrals,
} from "../../db/schema";
import type { DischargeSummary } from "./load-summary";

/**
 * Everything a summary names (patient, author, recipients, versions,
 * confirmations, the referral it answers), loaded once for the summary page
 * and the document exports alike. Call it only after the reader's access was checked.
 */
export async function loadSummaryParts(db: Db, s: DischargeSummary) {
  const [patient] = await db.select().from(patients).where(eq(patients.id, s.patientId));
  const recipients = await db
    .select()
    .from(dischargeSummaryRecipients)
    .where(eq(dischargeSummaryRecipients.summaryId, s.id))
    .orderBy(asc(dischargeSummaryRecipients.addedAt));
  const versions = await db
    .select()
    .from(dischargeSummaryVersions)
    .where(eq(dischargeSummaryVersions.summaryId, s.id))
    .orderBy(asc(dischargeSummaryVersions.version));
  const acknowledgements = await db
    .select()
    .from(dischargeSummaryAcknowledgements)
    .where(eq(dischargeSummaryAcknowledgements.summaryId, s.id))
    .orderBy(asc(dischargeSummaryAcknowledgements.at));
  const [referral] = s.referralId
    ? await db
        .select({
          id: referrals.id,
          documentNumber: referrals.documentNumber,
          sentAt: referrals.sentAt,
          referrerFacilityId: referrals.referrerFacilityId,
          destinationFacilityId: referrals.destinationFacilityId,
        })
        .from(referrals)
        .where(eq(referrals.id, s.referralId))
    : [];
  const facilityIds = [s.authorFacilityId, ...recipients.map((r) => r.facilityId)];
  if (referral) facilityIds.push(referral.referrerFacilityId);
  const peopleIds = [
    s.authorId,
    ...versions.map((v) => v.authorId),
    ...acknowledgements.map((a) => a.practitionerId),
    ...recipients.map((r) => r.practitionerId).filter((x): x is string => !!x),
  ];
  const facilityRows = await db.select().from(facilities).where(inArray(facilities.id, facilityIds));
  const people = await db.select().from(practitioners).where(inArray(practitioners.id, peopleIds));
  const [local] = await db
    .select({ localId: patientLocalIds.localId })
    .from(patientLocalIds)
    .where(
      and(eq(patientLocalIds.patientId, s.patientId), eq(patientLocalIds.facilityId, s.authorFacilityId)),
    );
  return {
    patient: patient!,
    /** the patient's ID at the writing hospital */
    localId: local?.localId ?? null,
    recipients,
    versions,
    acknowledgements,
    referral: referral ?? null,
    facility: (id: string) => facilityRows.find((f) => f.id === id)!,
    practitioner: (id: string | null) => people.find((p) => p.id === id) ?? null,
  };
}
