import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayMeetingOccurrences, pathwayMeetings } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import {
  loadMeeting,
  lockMeeting,
  meetingInvitations,
  meetingRecipients,
  occurrenceOf,
  requireManager,
  requireSequence,
} from "./load-meeting";
import { assertMeetingTransition, assertOccurrenceTransition } from "./meeting-status";
import { CancelOccurrenceInput, MeetingCommandInput } from "./meetings.schema";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/**
 * 会議の中止: the whole series (its occurrences not held yet go with it;
 * calendars get STATUS:CANCELLED with the next SEQUENCE), and everyone invited is told.
 */
export async function cancelMeeting(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(MeetingCommandInput, rawInput);
  const access = await loadMeeting(db, actor, input.meetingId, "pathway_meeting.cancel");
  requireManager(access);
  requireSequence(access.meeting, input.sequence);
  const status = assertMeetingTransition(access.meeting.status, "cancel");
  const invited = await meetingInvitations(db, access.meeting.id);
  const recipients = await meetingRecipients(db, invited.invitees, invited.facilityIds);

  const { sequence, publish } = await db.transaction(async (tx) => {
    const locked = await lockMeeting(tx, access.meeting.id);
    requireSequence(locked, input.sequence);
    const now = new Date();
    const [updated] = await tx
      .update(pathwayMeetings)
      .set({
        status,
        cancelledAt: now,
        cancelNote: input.note,
        sequence: sql`${pathwayMeetings.sequence} + 1`,
        updatedAt: now,
      })
      .where(eq(pathwayMeetings.id, locked.id))
      .returning({ sequence: pathwayMeetings.sequence });
    await tx
      .update(pathwayMeetingOccurrences)
      .set({
        status: "cancelled",
        cancelledAt: now,
        cancelledBy: actor.practitionerId,
        cancelNote: input.note,
      })
      .where(
        and(
          eq(pathwayMeetingOccurrences.meetingId, locked.id),
          eq(pathwayMeetingOccurrences.status, "scheduled"),
        ),
      );
    await auditPathwayMeetings(tx, actor, "pathway_meeting.cancel", {
      details: { meetingId: locked.id, sequence: updated!.sequence },
    });
    const publish = await recordNotification(tx, {
      kind: "meeting_cancelled",
      recipientIds: recipients,
      pathwayMeetingId: locked.id,
      event: "cancelled",
      actorId: actor.practitionerId,
    });
    return { sequence: updated!.sequence, publish };
  });
  publish();
  return { meetingId: access.meeting.id, sequence, status };
}

/**
 * One occurrence of a series cancelled alone (an EXDATE in the calendars, the
 * next SEQUENCE); the series goes on. The agenda of the next occurrence then
 * reaches back to the last one held.
 */
export async function cancelOccurrence(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CancelOccurrenceInput, rawInput);
  const access = await loadMeeting(db, actor, input.meetingId, "pathway_meeting.cancel_occurrence");
  requireManager(access);
  requireSequence(access.meeting, input.sequence);
  assertMeetingTransition(access.meeting.status, "cancel_occurrence");
  if (!access.meeting.rrule) {
    throw new DomainError("INVALID_TRANSITION", msg("pathwayMeetings.oneOffMeetingCancelledAs"));
  }
  const [occurrence] = await db
    .select()
    .from(pathwayMeetingOccurrences)
    .where(occurrenceOf(access.meeting.id, input.occurrenceId));
  if (!occurrence) throw new DomainError("NOT_FOUND", msg("pathwayMeetings.meetingOccurrenceNotFound"));
  const status = assertOccurrenceTransition(occurrence.status, "cancel");
  const invited = await meetingInvitations(db, access.meeting.id);
  const recipients = await meetingRecipients(db, invited.invitees, invited.facilityIds);

  const { sequence, publish } = await db.transaction(async (tx) => {
    const locked = await lockMeeting(tx, access.meeting.id);
    requireSequence(locked, input.sequence);
    const now = new Date();
    const [changed] = await tx
      .update(pathwayMeetingOccurrences)
      .set({ status, cancelledAt: now, cancelledBy: actor.practitionerId, cancelNote: input.note })
      .where(and(occurrenceOf(locked.id, occurrence.id), eq(pathwayMeetingOccurrences.status, "scheduled")))
      .returning({ id: pathwayMeetingOccurrences.id });
    if (!changed) {
      throw new DomainError("INVALID_TRANSITION", msg("pathwayMeetings.occurrenceCanNoLongerCancelled"));
    }
    const [updated] = await tx
      .update(pathwayMeetings)
      .set({ sequence: sql`${pathwayMeetings.sequence} + 1`, updatedAt: now })
      .where(eq(pathwayMeetings.id, locked.id))
      .returning({ sequence: pathwayMeetings.sequence });
    await auditPathwayMeetings(tx, actor, "pathway_meeting.cancel_occurrence", {
      details: {
        meetingId: locked.id,
        occurrenceId: occurrence.id,
        startsAt: occurrence.startsAt.toISOString(),
        sequence: updated!.sequence,
      },
    });
    const publish = await recordNotification(tx, {
      kind: "meeting_cancelled",
      recipientIds: recipients,
      pathwayMeetingId: locked.id,
      event: `occurrence_cancelled:${occurrence.startsAt.toISOString()}`,
      actorId: actor.practitionerId,
    });
    return { sequence: updated!.sequence, publish };
  });
  publish();
  return { meetingId: access.meeting.id, occurrenceId: occurrence.id, sequence };
}
