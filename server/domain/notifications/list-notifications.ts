import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import {
  careDocuments,
  careTeamPosts,
  conferences,
  departments,
  dischargeSummaries,
  notifications,
  nursingInstructions,
  pathwayEnrolments,
  pathwayMeetings,
  patients,
  practitioners,
  readingRequests,
  referrals,
} from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { auditNotifications } from "./notifications-audit";

const actorPractitioner = alias(practitioners, "notification_actor");

/**
 * The actor's notification centre, newest first, with the unread count. The
 * patient of a referral, discharge summary or pathway is named only while the
 * actor's facility is inside the patient's consent (and their profession may see
 * it); otherwise the line stays, without the name. A meeting line gives its title.
 */
export async function listNotifications(db: Db, actor: Actor, options: { limit?: number } = {}) {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      event: notifications.event,
      details: notifications.details,
      urgent: notifications.urgent,
      referralId: notifications.referralId,
      adviceRequestId: notifications.adviceRequestId,
      dischargeSummaryId: notifications.dischargeSummaryId,
      pathwayEnrolmentId: notifications.pathwayEnrolmentId,
      pathwayMeetingId: notifications.pathwayMeetingId,
      conferenceId: notifications.conferenceId,
      careTeamPostId: notifications.careTeamPostId,
      nursingInstructionId: notifications.nursingInstructionId,
      readingRequestId: notifications.readingRequestId,
      careDocumentId: notifications.careDocumentId,
      careDocumentKind: careDocuments.kind,
      meetingTitle: sql<string | null>`coalesce(${pathwayMeetings.title}, ${conferences.title})`,
      /** when the conference is planned (its invitation, or the new time of a change) */
      conferenceStart: conferences.scheduledStart,
      /** which letter: its number (the sender's), the department it went to, the booked date */
      documentNumber: sql<
        string | null
      >`coalesce(${referrals.documentNumber}, ${dischargeSummaries.documentNumber}, ${nursingInstructions.documentNumber}, ${careDocuments.documentNumber})`,
      departmentName: departments.name,
      appointmentAt: referrals.appointmentAt,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      actorFamilyName: actorPractitioner.familyName,
      actorGivenName: actorPractitioner.givenName,
      patientId: patients.id,
      patientFamilyName: patients.familyName,
      patientGivenName: patients.givenName,
      inConsent: sql<boolean>`coalesce(${inCurrentConsentScope(db, patients.id, actor.facilityId)}, false)`,
    })
    .from(notifications)
    .leftJoin(actorPractitioner, eq(actorPractitioner.id, notifications.actorId))
    .leftJoin(referrals, eq(referrals.id, notifications.referralId))
    .leftJoin(dischargeSummaries, eq(dischargeSummaries.id, notifications.dischargeSummaryId))
    .leftJoin(pathwayEnrolments, eq(pathwayEnrolments.id, notifications.pathwayEnrolmentId))
    .leftJoin(pathwayMeetings, eq(pathwayMeetings.id, notifications.pathwayMeetingId))
    .leftJoin(conferences, eq(conferences.id, notifications.conferenceId))
    .leftJoin(departments, eq(departments.id, referrals.destinationDepartmentId))
    .leftJoin(careTeamPosts, eq(careTeamPosts.id, notifications.careTeamPostId))
    .leftJoin(nursingInstructions, eq(nursingInstructions.id, notifications.nursingInstructionId))
    .leftJoin(readingRequests, eq(readingRequests.id, notifications.readingRequestId))
    .leftJoin(careDocuments, eq(careDocuments.id, notifications.careDocumentId))
    // a notification is about a referral, a discharge summary or a pathway; each names the patient
    .leftJoin(
      patients,
      eq(
        patients.id,
        sql`coalesce(${referrals.patientId}, ${dischargeSummaries.patientId}, ${pathwayEnrolments.patientId}, ${careTeamPosts.patientId}, ${nursingInstructions.patientId}, ${readingRequests.patientId}, ${careDocuments.patientId})`,
      ),
    )
    .where(eq(notifications.recipientId, actor.practitionerId))
    .orderBy(desc(notifications.createdAt))
    .limit(options.limit ?? 50);
  // naming patients is an access to their data: one event for the list, the named patients in details
  const named = [
    ...new Set(rows.filter((r) => r.inConsent && r.patientFamilyName && r.patientId).map((r) => r.patientId)),
  ];
  if (named.length > 0) {
    await auditNotifications(db, actor, "notification.list", {
      patientId: null,
      details: { patientIds: named },
      read: true,
    });
  }
  return {
    unread: await countUnread(db, actor),
    items: rows.map(({ patientFamilyName, patientGivenName, patientId, inConsent, ...n }) => ({
      ...n,
      /** a care team line opens the patient's board (its access is checked there) */
      careTeamPatientId: n.careTeamPostId ? patientId : null,
      patientName: inConsent && patientFamilyName ? `${patientFamilyName} ${patientGivenName}` : null,
    })),
  };
}

export async function countUnread(db: Db, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.recipientId, actor.practitionerId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the actor's own notifications read (all, or the given ones); others' rows are untouched. */
export async function markNotificationsRead(db: Db, actor: Actor, ids?: string[]): Promise<number> {
  const mine = and(eq(notifications.recipientId, actor.practitionerId), isNull(notifications.readAt));
  const updated = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(ids ? and(mine, inArray(notifications.id, ids)) : mine)
    .returning({ id: notifications.id });
  return updated.length;
}
