import { and, asc, eq, gte, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayMeetingOccurrences, pathwayMeetings } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { invitedTo, mayScheduleMeetings } from "./load-meeting";
import { UpcomingMeetingsQuery } from "./meetings.schema";

/**
 * The practitioner's coming pathway-meeting occurrences: those they organize,
 * are invited to (by name or facility), or run as a coordinator of the
 * organizing facility; cancelled ones stay listed, marked.
 */
export async function listUpcomingMeetings(db: Db, actor: Actor, rawQuery: unknown = {}) {
  const q = parseInput(UpcomingMeetingsQuery, rawQuery);
  const from = q.from ? new Date(q.from) : new Date();
  return db
    .select({
      meetingId: pathwayMeetings.id,
      title: pathwayMeetings.title,
      pathway: pathwayMeetings.pathwayCode,
      meetingStatus: pathwayMeetings.status,
      sequence: pathwayMeetings.sequence,
      recurring: pathwayMeetings.rrule,
      organizerId: pathwayMeetings.organizerId,
      occurrenceId: pathwayMeetingOccurrences.id,
      startsAt: pathwayMeetingOccurrences.startsAt,
      endsAt: pathwayMeetingOccurrences.endsAt,
      status: pathwayMeetingOccurrences.status,
      conferenceId: pathwayMeetingOccurrences.conferenceId,
    })
    .from(pathwayMeetingOccurrences)
    .innerJoin(pathwayMeetings, eq(pathwayMeetings.id, pathwayMeetingOccurrences.meetingId))
    .where(
      and(
        gte(pathwayMeetingOccurrences.endsAt, from),
        or(
          eq(pathwayMeetings.organizerId, actor.practitionerId),
          invitedTo(pathwayMeetings.id, actor),
          mayScheduleMeetings(actor) ? eq(pathwayMeetings.organizerFacilityId, actor.facilityId) : undefined,
        ),
      ),
    )
    .orderBy(asc(pathwayMeetingOccurrences.startsAt))
    .limit(q.limit);
}
