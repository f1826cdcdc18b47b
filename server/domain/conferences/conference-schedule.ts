import { and, eq, ne, notInArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceParticipants, conferences, practitioners } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordNotification } from "../notifications/notify";
import { CALENDAR_MEDIA_TYPE } from "../pathway-meetings/meeting-calendar";
import { meetingCalendar, type CalendarMeeting } from "../pathway-meetings/icalendar";
import { assertTransition } from "./conference-status";
import { CancelConferenceInput, ConferenceIdInput, RescheduleConferenceInput } from "./conferences.schema";
import { loadMembership } from "./load-membership";
import { auditConferences } from "./conferences-audit";

/**
 * A conference's invitation as its invitees live it: the invitation itself
 * (written by createConference), a change of its title or time, and its
 * cancellation each reach every invitee's notification centre, and the .ics
 * carries the same (METHOD:REQUEST with a higher SEQUENCE, or METHOD:CANCEL),
 * so a calendar application replaces its copy. A pathway meeting's room is
 * planned by its meeting (pathway-meetings/), not here.
 */

/** Those who hear of a change: everyone on the invite list but the host, minus refused and removed. */
export async function conferenceInvitees(db: Db, conferenceId: string): Promise<string[]> {
  const rows = await db
    .select({ id: conferenceParticipants.practitionerId })
    .from(conferenceParticipants)
    .where(
      and(
        eq(conferenceParticipants.conferenceId, conferenceId),
        ne(conferenceParticipants.role, "host"),
        notInArray(conferenceParticipants.admission, ["refused", "removed"]),
      ),
    );
  return rows.map((r) => r.id);
}

async function requirePlanningHost(
  db: Db,
  actor: Actor,
  conferenceId: string,
  action: "conference.update" | "conference.cancel",
) {
  const membership = await loadMembership(db, actor, conferenceId);
  if (membership.role !== "host") {
    await appendAuditEvent(db, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      action,
      purpose: "treatment",
      outcome: "denied",
      details: { conferenceId, role: membership.role },
      ip: actor.ip,
    });
    throw new DomainError("FORBIDDEN", msg("conferences.onlyHostCanChangeConference"));
  }
  if (membership.conference.kind === "pathway_meeting") {
    throw new DomainError("CONFLICT", msg("conferences.pathwayMeetingChangedMeetingsPage"));
  }
  return membership.conference;
}

const staleVersion = () =>
  new DomainError("CONFLICT", msg("conferences.someoneChangedFirstReloadPage"), [
    { field: "version", message: msg("conferences.staleVersion") },
  ]);

function requireVersion(current: number, given: number) {
  if (current !== given) throw staleVersion();
}

/**
 * The host moves a scheduled conference or renames it. Each invitee is told
 * (conference_updated), and the calendar's SEQUENCE goes up with the version.
 */
export async function rescheduleConference(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RescheduleConferenceInput, rawInput);
  const conference = await requirePlanningHost(db, actor, input.conferenceId, "conference.update");
  if (conference.status !== "scheduled") {
    throw new DomainError("INVALID_TRANSITION", msg("conferences.onlyScheduledConferenceCanRescheduled"));
  }
  requireVersion(conference.version, input.version);
  const { publish, version } = await db.transaction(async (tx) => {
    const now = new Date();
    const [updated] = await tx
      .update(conferences)
      .set({
        title: input.title,
        scheduledStart: new Date(input.scheduledStart),
        scheduledEnd: new Date(input.scheduledEnd),
        version: conference.version + 1,
        updatedAt: now,
      })
      .where(
        and(
          eq(conferences.id, conference.id),
          eq(conferences.version, input.version),
          eq(conferences.status, "scheduled"),
        ),
      )
      .returning({ version: conferences.version });
    // changed between the check and the write: the same answer as a stale version
    if (!updated) throw staleVersion();
    await auditConferences(tx, actor, "conference.update", {
      details: {
        conferenceId: conference.id,
        version: updated.version,
        moved: conference.scheduledStart?.toISOString() !== new Date(input.scheduledStart).toISOString(),
        renamed: conference.title !== input.title,
      },
    });
    const publish = await recordNotification(tx, {
      kind: "conference_updated",
      recipientIds: await conferenceInvitees(tx, conference.id),
      conferenceId: conference.id,
      event: "rescheduled",
      actorId: actor.practitionerId,
    });
    return { publish, version: updated.version };
  });
  publish();
  return { conferenceId: conference.id, version };
}

/** The host cancels a scheduled conference; each invitee is told (conference_cancelled). */
export async function cancelConference(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CancelConferenceInput, rawInput);
  const conference = await requirePlanningHost(db, actor, input.conferenceId, "conference.cancel");
  const status = assertTransition(conference.status, "cancel");
  requireVersion(conference.version, input.version);
  const publish = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(conferences)
      .set({ status, version: conference.version + 1, updatedAt: new Date() })
      .where(
        and(
          eq(conferences.id, conference.id),
          eq(conferences.version, input.version),
          eq(conferences.status, "scheduled"),
        ),
      )
      .returning({ id: conferences.id });
    // changed between the check and the write: the same answer as a stale version
    if (!updated) throw staleVersion();
    await auditConferences(tx, actor, "conference.cancel", { details: { conferenceId: conference.id } });
    return recordNotification(tx, {
      kind: "conference_cancelled",
      recipientIds: await conferenceInvitees(tx, conference.id),
      conferenceId: conference.id,
      event: "cancelled",
      actorId: actor.practitionerId,
    });
  });
  publish();
  return { conferenceId: conference.id, status };
}

const DEFAULT_MINUTES = 60;

/**
 * A scheduled conference as an .ics file for those on its invite list: the
 * invitation (METHOD:REQUEST) or, once cancelled, the cancellation. The agenda's
 * patients never appear in it (a calendar is outside consent).
 */
export async function exportConferenceCalendar(db: Db, actor: Actor, rawInput: unknown) {
  const { conferenceId } = parseInput(ConferenceIdInput, rawInput);
  const { conference } = await loadMembership(db, actor, conferenceId);
  if (!conference.scheduledStart) {
    throw new DomainError("CONFLICT", msg("conferences.adHocConferenceNoTime"));
  }
  const people = await db
    .select({
      id: practitioners.id,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
      role: conferenceParticipants.role,
    })
    .from(conferenceParticipants)
    .innerJoin(practitioners, eq(practitioners.id, conferenceParticipants.practitionerId))
    .where(
      and(
        eq(conferenceParticipants.conferenceId, conferenceId),
        notInArray(conferenceParticipants.admission, ["refused", "removed"]),
      ),
    );
  const name = (p: { familyName: string; givenName: string }) => `${p.familyName} ${p.givenName}`;
  const host = people.find((p) => p.role === "host");
  const cancelled = conference.status === "cancelled";
  const end =
    conference.scheduledEnd ?? new Date(conference.scheduledStart.getTime() + DEFAULT_MINUTES * 60_000);
  const event: CalendarMeeting = {
    id: conference.id,
    uid: `${conference.id}@conferences.okinet-collab`,
    title: conference.title,
    description: "",
    location: "",
    timeZone: "Asia/Tokyo",
    startsAt: conference.scheduledStart,
    durationMinutes: Math.max(1, Math.round((end.getTime() - conference.scheduledStart.getTime()) / 60_000)),
    rrule: null,
    status: cancelled ? "cancelled" : "scheduled",
    sequence: conference.version - 1,
    createdAt: conference.createdAt,
    updatedAt: conference.updatedAt,
    organizer: { id: conference.hostId, name: host ? name(host) : "" },
    attendees: people
      .filter((p) => p.role !== "host")
      .map((p) => ({ id: p.id, name: name(p), kind: "practitioner" })),
    cancelledOccurrences: [],
  };
  await auditConferences(db, actor, "conference.calendar_export", {
    details: { conferenceId, sequence: event.sequence },
  });
  const method = cancelled ? "CANCEL" : "REQUEST";
  return {
    fileName: `conference-${conference.id}.ics`,
    mediaType: `${CALENDAR_MEDIA_TYPE}; method=${method}`,
    text: meetingCalendar([event], method, { productId: CONFERENCE_PRODUCT_ID }),
  };
}

export const CONFERENCE_PRODUCT_ID = "-//OKI-net Collaboration Suite//Conferences//JA";
