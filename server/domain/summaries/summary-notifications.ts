import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dischargeSummaries, notifications, patients } from "../../db/schema";
import type { Actor } from "../../auth/permissions";
import { inCurrentConsentScope } from "../consent/check-patient-access";

/**
 * For the notification centre: which discharge summary each of the actor's own
 * notifications is about, and its patient's name while the actor's facility is
 * inside the patient's consent (the line stays, unnamed, after a withdrawal).
 */
export async function summaryNotificationTargets(db: Db, actor: Actor, notificationIds: readonly string[]) {
  if (notificationIds.length === 0) return [];
  const rows = await db
    .select({
      notificationId: notifications.id,
      dischargeSummaryId: dischargeSummaries.id,
      patientFamilyName: patients.familyName,
      patientGivenName: patients.givenName,
      inConsent: sql<boolean>`coalesce(${inCurrentConsentScope(db, patients.id, actor.facilityId)}, false)`,
    })
    .from(notifications)
    .innerJoin(dischargeSummaries, eq(dischargeSummaries.id, notifications.dischargeSummaryId))
    .innerJoin(patients, eq(patients.id, dischargeSummaries.patientId))
    .where(
      and(
        eq(notifications.recipientId, actor.practitionerId),
        inArray(notifications.id, [...notificationIds]),
      ),
    );
  return rows.map((r) => ({
    notificationId: r.notificationId,
    dischargeSummaryId: r.dischargeSummaryId,
    patientName: r.inConsent ? `${r.patientFamilyName} ${r.patientGivenName}` : null,
  }));
}
