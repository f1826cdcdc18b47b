import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayMeetingAttendance, pathwayMeetingOccurrences } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { addConferenceAgendaCases, addConferenceParticipants } from "../conferences/conference-members";
import { insertConference } from "../conferences/create-conference";
import { joinConference } from "../conferences/join-conference";
import { loadOccurrence, meetingInvitations } from "./load-meeting";
import { agendaEntries, agendaWindow } from "./meeting-agenda";
import { assertMeetingTransition, assertOccurrenceTransition } from "./meeting-status";
import { JOIN_OPENS_MINUTES_BEFORE, joinPhase, joinWindow } from "./join-window";
import { OccurrenceInput } from "./meetings.schema";
import { warmUpMeeting, type WarmRecordCache } from "./warm-up-meeting";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/**
 * 会議に参加: the first to join an occurrence opens its conference room (the
 * conference feature: the organizer hosts, the invitees by name are on the
 * list and skip the lobby, the agenda's cases are the conference's agenda,
 * each shown to a participant only inside that patient's consent); anyone
 * invited joins it after, and their attendance is recorded. With a cache
 * warmer, the joiner's cases' records are fetched meanwhile (`warmUp`
 * settles when done; a failure there never fails the join).
 */
export async function joinMeeting(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  options: { warmRecordCache?: WarmRecordCache; now?: Date } = {},
) {
  const { occurrenceId } = parseInput(OccurrenceInput, rawInput);
  const { meeting, occurrence } = await loadOccurrence(db, actor, occurrenceId, "pathway_meeting.join");
  assertMeetingTransition(meeting.status, "join");
  if (occurrence.status === "cancelled") assertOccurrenceTransition(occurrence.status, "join");
  const now = options.now ?? new Date();
  const { opensAt, closesAt } = joinWindow(occurrence);
  const phase = joinPhase(now.getTime(), opensAt.getTime(), closesAt.getTime());
  if (phase !== "open") {
    throw new DomainError(
      "CONFLICT",
      phase === "before"
        ? msg("pathwayMeetings.roomOpensMinutesBeforeStart", { JOIN_OPENS_MINUTES_BEFORE })
        : msg("pathwayMeetings.occurrenceOver"),
    );
  }
  const entries = await agendaEntries(db, meeting, occurrence, await agendaWindow(db, occurrence));
  const cases = entries.map((e) => ({ patientId: e.patientId, question: "" }));
  const { invitees } = await meetingInvitations(db, meeting.id);

  const conferenceId = await db.transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(pathwayMeetingOccurrences)
      .where(eq(pathwayMeetingOccurrences.id, occurrence.id))
      .for("update");
    let conferenceId = locked!.conferenceId;
    if (!conferenceId) {
      const status = assertOccurrenceTransition(locked!.status, "open");
      conferenceId = await insertConference(tx, {
        title: `${meeting.title}（${occurrenceLabel(occurrence.startsAt, meeting.timeZone)}）`,
        kind: "pathway_meeting",
        status: "open",
        host: { practitionerId: meeting.organizerId, facilityId: meeting.organizerFacilityId },
        scheduledStart: occurrence.startsAt,
        scheduledEnd: occurrence.endsAt,
        participants: invitees
          .filter((id) => id !== meeting.organizerId)
          .map((practitionerId) => ({ practitionerId, role: "participant" as const, admitted: true })),
        agenda: cases,
      });
      await tx
        .update(pathwayMeetingOccurrences)
        .set({ status, conferenceId })
        .where(eq(pathwayMeetingOccurrences.id, occurrence.id));
    } else {
      assertOccurrenceTransition(locked!.status, "join");
      // cases added to the agenda since the room opened
      await addConferenceAgendaCases(tx, conferenceId, cases, meeting.organizerId);
    }
    if (actor.practitionerId !== meeting.organizerId) {
      // someone invited through their facility is put on the list when they arrive
      await addConferenceParticipants(tx, conferenceId, [actor.practitionerId]);
    }
    await tx
      .insert(pathwayMeetingAttendance)
      .values({
        occurrenceId: occurrence.id,
        practitionerId: actor.practitionerId,
        facilityId: actor.facilityId,
        firstJoinedAt: now,
        lastJoinedAt: now,
      })
      .onConflictDoUpdate({
        target: [pathwayMeetingAttendance.occurrenceId, pathwayMeetingAttendance.practitionerId],
        set: { lastJoinedAt: sql`excluded.last_joined_at` },
      });
    await auditPathwayMeetings(tx, actor, "pathway_meeting.join", {
      details: { meetingId: meeting.id, occurrenceId: occurrence.id, conferenceId },
    });
    return conferenceId;
  });

  const joined = await joinConference(db, actor, { conferenceId });
  const warm = options.warmRecordCache;
  const warmUp = warm
    ? warmUpMeeting(db, actor, { occurrenceId }, warm).then(
        (result) => ({ ok: true as const, patientIds: result.patientIds }),
        (error: unknown) => ({ ok: false as const, error }),
      )
    : null;
  return { occurrenceId: occurrence.id, conferenceId, ...joined, warmUp };
}

function occurrenceLabel(startsAt: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("ja-JP", {
    timeZone,
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(startsAt);
}
