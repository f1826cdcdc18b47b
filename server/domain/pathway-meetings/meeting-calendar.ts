import { and, asc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  calendarFeedTokens,
  facilities,
  pathwayMeetingFacilities,
  pathwayMeetingInvitees,
  pathwayMeetingOccurrences,
  pathwayMeetings,
  practitioners,
} from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { newBearerToken, sha256 } from "../../auth/tokens";
import { meetingCalendar, type CalendarMeeting } from "./icalendar";
import { invitedTo, loadMeeting } from "./load-meeting";
import { MeetingIdInput } from "./meetings.schema";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

export const CALENDAR_MEDIA_TYPE = "text/calendar; charset=utf-8";
/** A feed keeps a meeting this long after its last occurrence, so a cancellation still reaches the calendars. */
export const FEED_KEEPS_DAYS = 180;

/**
 * One meeting as an .ics file for those invited: the invitation (METHOD:REQUEST)
 * or, once cancelled, the cancellation (METHOD:CANCEL, STATUS:CANCELLED).
 */
export async function exportMeetingCalendar(db: Db, actor: Actor, rawInput: unknown) {
  const { meetingId } = parseInput(MeetingIdInput, rawInput);
  const { meeting } = await loadMeeting(db, actor, meetingId, "pathway_meeting.calendar_export");
  const [calendar] = await calendarMeetings(db, [meeting.id]);
  await auditPathwayMeetings(db, actor, "pathway_meeting.calendar_export", {
    details: { meetingId, sequence: meeting.sequence },
  });
  return {
    fileName: `pathway-meeting-${meeting.id}.ics`,
    mediaType: `${CALENDAR_MEDIA_TYPE}; method=${meeting.status === "cancelled" ? "CANCEL" : "REQUEST"}`,
    text: meetingCalendar([calendar!], meeting.status === "cancelled" ? "CANCEL" : "REQUEST"),
  };
}

/**
 * A practitioner's calendar feed URL (購読用URL): a new secret token, shown
 * once; only its hash is kept. Issuing one revokes the previous, so a leaked
 * URL is ended by issuing a new one.
 */
export async function issueCalendarFeed(db: Db, actor: Actor) {
  const token = newBearerToken();
  const id = await db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .update(calendarFeedTokens)
      .set({ revokedAt: now })
      .where(
        and(
          eq(calendarFeedTokens.practitionerId, actor.practitionerId),
          isNull(calendarFeedTokens.revokedAt),
        ),
      );
    const [row] = await tx
      .insert(calendarFeedTokens)
      .values({ practitionerId: actor.practitionerId, tokenHash: sha256(token), createdAt: now })
      .returning({ id: calendarFeedTokens.id });
    await auditPathwayMeetings(tx, actor, "calendar_feed.create", {
      purpose: "security",
      details: { feedId: row!.id },
    });
    return row!.id;
  });
  return { feedId: id, token, path: `/calendar/${token}.ics` };
}

export async function revokeCalendarFeed(db: Db, actor: Actor) {
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(calendarFeedTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(calendarFeedTokens.practitionerId, actor.practitionerId),
          isNull(calendarFeedTokens.revokedAt),
        ),
      )
      .returning({ id: calendarFeedTokens.id });
    await auditPathwayMeetings(tx, actor, "calendar_feed.revoke", {
      purpose: "security",
      details: { feedIds: revoked.map((r) => r.id) },
    });
    return { revoked: revoked.length };
  });
}

/** The feed's state for its owner's settings page (never the token itself). */
export async function getCalendarFeed(db: Db, actor: Actor) {
  const [feed] = await db
    .select({
      id: calendarFeedTokens.id,
      createdAt: calendarFeedTokens.createdAt,
      lastUsedAt: calendarFeedTokens.lastUsedAt,
    })
    .from(calendarFeedTokens)
    .where(
      and(eq(calendarFeedTokens.practitionerId, actor.practitionerId), isNull(calendarFeedTokens.revokedAt)),
    );
  return feed ?? null;
}

const feedNotFound = () => new DomainError("NOT_FOUND", msg("pathwayMeetings.calendarNotFound"));

/**
 * The feed a calendar application polls, by its secret token (no session): the
 * meetings its owner organizes or is invited to (by name or facility), the
 * cancelled ones included so calendars remove them. A revoked or unknown token,
 * or a disabled account, gets nothing.
 */
export async function readCalendarFeed(db: Db, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw feedNotFound();
  const [feed] = await db
    .select({
      id: calendarFeedTokens.id,
      practitionerId: practitioners.id,
      facilityId: practitioners.facilityId,
      disabledAt: practitioners.disabledAt,
    })
    .from(calendarFeedTokens)
    .innerJoin(practitioners, eq(practitioners.id, calendarFeedTokens.practitionerId))
    .where(and(eq(calendarFeedTokens.tokenHash, sha256(token)), isNull(calendarFeedTokens.revokedAt)));
  if (!feed || feed.disabledAt) throw feedNotFound();
  await db.update(calendarFeedTokens).set({ lastUsedAt: now }).where(eq(calendarFeedTokens.id, feed.id));
  const keepFrom = new Date(now.getTime() - FEED_KEEPS_DAYS * 86_400_000);
  const rows = await db
    .select({ id: pathwayMeetings.id })
    .from(pathwayMeetings)
    .where(
      and(
        or(eq(pathwayMeetings.organizerId, feed.practitionerId), invitedTo(pathwayMeetings.id, feed)),
        sql`exists (select 1 from ${pathwayMeetingOccurrences} where ${pathwayMeetingOccurrences.meetingId} = ${pathwayMeetings.id} and ${pathwayMeetingOccurrences.endsAt} >= ${keepFrom.toISOString()})`,
      ),
    )
    .orderBy(asc(pathwayMeetings.startsAt));
  const meetings = await calendarMeetings(
    db,
    rows.map((r) => r.id),
  );
  return {
    mediaType: CALENDAR_MEDIA_TYPE,
    text: meetingCalendar(meetings, "PUBLISH", { name: "地域連携パス会議 / Pathway meetings" }),
  };
}

/** The meetings as the iCalendar writer wants them: who organizes, who is invited, which occurrences were cancelled. */
export async function calendarMeetings(db: Db, meetingIds: string[]): Promise<CalendarMeeting[]> {
  if (meetingIds.length === 0) return [];
  const [meetings, invitees, invitedFacilities, cancelled] = await Promise.all([
    db
      .select({
        meeting: pathwayMeetings,
        familyName: practitioners.familyName,
        givenName: practitioners.givenName,
      })
      .from(pathwayMeetings)
      .innerJoin(practitioners, eq(practitioners.id, pathwayMeetings.organizerId))
      .where(inArray(pathwayMeetings.id, meetingIds)),
    db
      .select({
        meetingId: pathwayMeetingInvitees.meetingId,
        id: practitioners.id,
        familyName: practitioners.familyName,
        givenName: practitioners.givenName,
      })
      .from(pathwayMeetingInvitees)
      .innerJoin(practitioners, eq(practitioners.id, pathwayMeetingInvitees.practitionerId))
      .where(inArray(pathwayMeetingInvitees.meetingId, meetingIds))
      .orderBy(asc(pathwayMeetingInvitees.invitedAt), asc(practitioners.id)),
    db
      .select({ meetingId: pathwayMeetingFacilities.meetingId, id: facilities.id, name: facilities.name })
      .from(pathwayMeetingFacilities)
      .innerJoin(facilities, eq(facilities.id, pathwayMeetingFacilities.facilityId))
      .where(inArray(pathwayMeetingFacilities.meetingId, meetingIds))
      .orderBy(asc(facilities.code)),
    db
      .select({
        meetingId: pathwayMeetingOccurrences.meetingId,
        startsAt: pathwayMeetingOccurrences.startsAt,
      })
      .from(pathwayMeetingOccurrences)
      .innerJoin(pathwayMeetings, eq(pathwayMeetings.id, pathwayMeetingOccurrences.meetingId))
      .where(
        and(
          inArray(pathwayMeetingOccurrences.meetingId, meetingIds),
          eq(pathwayMeetingOccurrences.status, "cancelled"),
          // a series cancelled as a whole is STATUS:CANCELLED, not a list of EXDATEs
          eq(pathwayMeetings.status, "scheduled"),
          gte(pathwayMeetingOccurrences.startsAt, pathwayMeetings.startsAt),
        ),
      ),
  ]);
  const order = new Map(meetingIds.map((id, i) => [id, i]));
  return meetings
    .sort((a, b) => order.get(a.meeting.id)! - order.get(b.meeting.id)!)
    .map(({ meeting: m, familyName, givenName }) => ({
      id: m.id,
      title: m.title,
      description: m.description,
      location: m.location,
      timeZone: m.timeZone,
      startsAt: m.startsAt,
      durationMinutes: m.durationMinutes,
      rrule: m.rrule,
      status: m.status,
      sequence: m.sequence,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      organizer: { id: m.organizerId, name: `${familyName} ${givenName}` },
      attendees: [
        ...invitedFacilities
          .filter((f) => f.meetingId === m.id)
          .map((f) => ({ id: f.id, name: f.name, kind: "facility" as const })),
        ...invitees
          .filter((p) => p.meetingId === m.id)
          .map((p) => ({ id: p.id, name: `${p.familyName} ${p.givenName}`, kind: "practitioner" as const })),
      ],
      cancelledOccurrences: cancelled.filter((c) => c.meetingId === m.id).map((c) => c.startsAt),
    }));
}
