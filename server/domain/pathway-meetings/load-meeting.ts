import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  pathwayMeetingFacilities,
  pathwayMeetingInvitees,
  pathwayMeetingOccurrences,
  pathwayMeetings,
  practitioners,
} from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { isNetworkAdmin, type Actor } from "../../model/permissions";
import { isUuid } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { AuditAction } from "../audit/audit.schema";
import { facilityReferralDesk } from "../notifications/notify";
import { isPathwayCoordinator } from "../pathways/load-enrolment";

export type Meeting = typeof pathwayMeetings.$inferSelect;
export type MeetingOccurrence = typeof pathwayMeetingOccurrences.$inferSelect;

/**
 * Who schedules pathway meetings: the coordinators (liaison offices) and the
 * network office (協議会事務局), which runs the region's meetings.
 */
export const mayScheduleMeetings = (actor: Actor) => isPathwayCoordinator(actor) || isNetworkAdmin(actor);

export interface MeetingAccess {
  meeting: Meeting;
  /** organizer; a coordinator at the organizer's facility (stands in for them); or an invitee (by name or facility) */
  role: "organizer" | "coordinator" | "invitee";
  /** may change the meeting, its agenda and its minutes */
  manage: boolean;
}

const notFound = () => new DomainError("NOT_FOUND", msg("pathwayMeetings.meetingNotFound"));

/** SQL: the actor is invited to the meeting in `meetingId` (by name, or through their facility). */
export function invitedTo(
  meetingId: SQL | typeof pathwayMeetings.id,
  actor: Pick<Actor, "practitionerId" | "facilityId">,
) {
  return sql`(exists (select 1 from ${pathwayMeetingInvitees} where ${pathwayMeetingInvitees.meetingId} = ${meetingId} and ${pathwayMeetingInvitees.practitionerId} = ${actor.practitionerId})
    or exists (select 1 from ${pathwayMeetingFacilities} where ${pathwayMeetingFacilities.meetingId} = ${meetingId} and ${pathwayMeetingFacilities.facilityId} = ${actor.facilityId}))`;
}

/**
 * The actor's place at a meeting. Someone neither organizing nor invited
 * learns nothing, not even that it exists; the attempt is audited.
 */
export async function loadMeeting(
  db: Db,
  actor: Actor,
  meetingId: string,
  action: AuditAction,
): Promise<MeetingAccess> {
  if (!isUuid(meetingId)) throw notFound();
  const [row] = await db
    .select({ meeting: pathwayMeetings, invited: sql<boolean>`${invitedTo(pathwayMeetings.id, actor)}` })
    .from(pathwayMeetings)
    .where(eq(pathwayMeetings.id, meetingId));
  if (!row) throw notFound();
  const { meeting } = row;
  if (meeting.organizerId === actor.practitionerId) return { meeting, role: "organizer", manage: true };
  if (mayScheduleMeetings(actor) && actor.facilityId === meeting.organizerFacilityId) {
    return { meeting, role: "coordinator", manage: true };
  }
  if (row.invited) return { meeting, role: "invitee", manage: false };
  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    action,
    purpose: "treatment",
    outcome: "denied",
    details: { meetingId, reason: "not_invited" },
    ip: actor.ip,
  });
  throw notFound();
}

export type OccurrenceAccess = MeetingAccess & { occurrence: MeetingOccurrence };

/** One occurrence and the actor's place at its meeting. */
export async function loadOccurrence(
  db: Db,
  actor: Actor,
  occurrenceId: string,
  action: AuditAction,
): Promise<OccurrenceAccess> {
  const missing = () => new DomainError("NOT_FOUND", msg("pathwayMeetings.meetingOccurrenceNotFound"));
  if (!isUuid(occurrenceId)) throw missing();
  const [occurrence] = await db
    .select()
    .from(pathwayMeetingOccurrences)
    .where(eq(pathwayMeetingOccurrences.id, occurrenceId));
  if (!occurrence) throw missing();
  return { ...(await loadMeeting(db, actor, occurrence.meetingId, action)), occurrence };
}

export function requireManager(access: MeetingAccess): void {
  if (!access.manage) {
    throw new DomainError("FORBIDDEN", msg("pathwayMeetings.onlyOrganizerCoordinatorOrganizingFacility"));
  }
}

/** Optimistic concurrency on the iCalendar SEQUENCE: a change made on an older one is refused. */
export function requireSequence(meeting: Meeting, sequence: number): void {
  if (meeting.sequence !== sequence) {
    throw new DomainError("CONFLICT", msg("pathwayMeetings.someoneElseChangedMeetingReload"), [
      { field: "sequence", message: msg("referrals.outDate") },
    ]);
  }
}

export async function lockMeeting(tx: Db, meetingId: string): Promise<Meeting> {
  const [meeting] = await tx
    .select()
    .from(pathwayMeetings)
    .where(eq(pathwayMeetings.id, meetingId))
    .for("update");
  if (!meeting) throw notFound();
  return meeting;
}

/**
 * Who hears of a meeting: the practitioners invited by name, and each invited
 * facility's desk: its liaison office, else its doctors, else (a care facility,
 * a visiting-nurse station) everyone working there.
 */
export async function meetingRecipients(
  db: Db,
  invitees: readonly string[],
  facilityIds: readonly string[],
): Promise<string[]> {
  const desks = await Promise.all(
    facilityIds.map(async (facilityId) => {
      const desk = await facilityReferralDesk(db, facilityId, null);
      if (desk.length) return desk;
      const staff = await db
        .select({ id: practitioners.id })
        .from(practitioners)
        .where(and(eq(practitioners.facilityId, facilityId), isNull(practitioners.disabledAt)));
      return staff.map((p) => p.id);
    }),
  );
  return [...new Set([...invitees, ...desks.flat()])];
}

export async function meetingInvitations(db: Db, meetingId: string) {
  const [invitees, facilities] = await Promise.all([
    db
      .select({ practitionerId: pathwayMeetingInvitees.practitionerId })
      .from(pathwayMeetingInvitees)
      .where(eq(pathwayMeetingInvitees.meetingId, meetingId)),
    db
      .select({ facilityId: pathwayMeetingFacilities.facilityId })
      .from(pathwayMeetingFacilities)
      .where(eq(pathwayMeetingFacilities.meetingId, meetingId)),
  ]);
  return {
    invitees: invitees.map((i) => i.practitionerId),
    facilityIds: facilities.map((f) => f.facilityId),
  };
}

export const occurrenceOf = (meetingId: string, occurrenceId: string) =>
  and(eq(pathwayMeetingOccurrences.meetingId, meetingId), eq(pathwayMeetingOccurrences.id, occurrenceId));
