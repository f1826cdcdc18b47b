import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  facilities,
  pathwayMeetingFacilities,
  pathwayMeetingInvitees,
  pathwayMeetingOccurrences,
  practitioners,
} from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { loadMeeting } from "./load-meeting";
import { MeetingIdInput } from "./meetings.schema";
import { formatWallTime, wallTimeIn } from "../../model/zoned-time";

/** "2026-12-10T18:30": the wall-clock time a datetime or date + time input shows, in the meeting's zone. */
export const wallTimeInput = (instant: Date, timeZone: string): string =>
  formatWallTime(wallTimeIn(instant, timeZone)).slice(0, 16);

/**
 * A meeting series as its page and its edit form show it: what, when (the
 * first start as wall time in its zone, the rule), who is invited, every
 * occurrence, and the reader's place (organizer, coordinator, invitee; may
 * manage). Through loadMeeting: someone not invited learns nothing and the
 * attempt is audited. No patient data: the cases are on the occurrence's agenda.
 */
export async function getMeetingSeries(db: Db, actor: Actor, rawInput: unknown) {
  const { meetingId } = parseInput(MeetingIdInput, rawInput);
  const access = await loadMeeting(db, actor, meetingId, "pathway_meeting.view");
  const { meeting } = access;
  const [organizer, occurrences, invitees, invitedFacilities] = await Promise.all([
    db
      .select({
        id: practitioners.id,
        familyName: practitioners.familyName,
        givenName: practitioners.givenName,
        facilityName: facilities.name,
      })
      .from(practitioners)
      .innerJoin(facilities, eq(facilities.id, meeting.organizerFacilityId))
      .where(eq(practitioners.id, meeting.organizerId)),
    db
      .select({
        id: pathwayMeetingOccurrences.id,
        startsAt: pathwayMeetingOccurrences.startsAt,
        endsAt: pathwayMeetingOccurrences.endsAt,
        status: pathwayMeetingOccurrences.status,
        conferenceId: pathwayMeetingOccurrences.conferenceId,
        cancelNote: pathwayMeetingOccurrences.cancelNote,
      })
      .from(pathwayMeetingOccurrences)
      .where(eq(pathwayMeetingOccurrences.meetingId, meeting.id))
      .orderBy(asc(pathwayMeetingOccurrences.startsAt)),
    db
      .select({
        id: practitioners.id,
        familyName: practitioners.familyName,
        givenName: practitioners.givenName,
        profession: practitioners.profession,
        facilityName: facilities.name,
      })
      .from(pathwayMeetingInvitees)
      .innerJoin(practitioners, eq(practitioners.id, pathwayMeetingInvitees.practitionerId))
      .innerJoin(facilities, eq(facilities.id, practitioners.facilityId))
      .where(eq(pathwayMeetingInvitees.meetingId, meeting.id))
      .orderBy(asc(pathwayMeetingInvitees.invitedAt), asc(practitioners.familyNameKana)),
    db
      .select({ id: facilities.id, name: facilities.name, kind: facilities.kind })
      .from(pathwayMeetingFacilities)
      .innerJoin(facilities, eq(facilities.id, pathwayMeetingFacilities.facilityId))
      .where(eq(pathwayMeetingFacilities.meetingId, meeting.id))
      .orderBy(asc(facilities.nameKana)),
  ]);
  const [org] = organizer;
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      pathway: meeting.pathwayCode,
      description: meeting.description,
      location: meeting.location,
      timeZone: meeting.timeZone,
      startsAt: meeting.startsAt,
      /** the first start as the form's wall time in the meeting's zone: "2026-12-10T18:30" */
      firstStart: wallTimeInput(meeting.startsAt, meeting.timeZone),
      durationMinutes: meeting.durationMinutes,
      rrule: meeting.rrule,
      status: meeting.status,
      sequence: meeting.sequence,
      cancelledAt: meeting.cancelledAt,
      cancelNote: meeting.cancelNote,
      updatedAt: meeting.updatedAt,
      organizer: {
        id: meeting.organizerId,
        name: org ? `${org.familyName} ${org.givenName}` : "",
        facilityName: org?.facilityName ?? "",
      },
    },
    occurrences,
    invitees: invitees.map((p) => ({
      id: p.id,
      name: `${p.familyName} ${p.givenName}`,
      profession: p.profession,
      facilityName: p.facilityName,
    })),
    facilities: invitedFacilities,
    me: { role: access.role, manage: access.manage },
  };
}

export type MeetingSeries = Awaited<ReturnType<typeof getMeetingSeries>>;
