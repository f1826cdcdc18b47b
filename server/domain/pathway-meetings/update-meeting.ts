import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  pathwayMeetingAgendaChanges,
  pathwayMeetingFacilities,
  pathwayMeetingInvitees,
  pathwayMeetingOccurrences,
  pathwayMeetings,
} from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import {
  loadMeeting,
  lockMeeting,
  meetingInvitations,
  meetingRecipients,
  requireManager,
  requireSequence,
} from "./load-meeting";
import { assertMeetingTransition } from "./meeting-status";
import { UpdateMeetingInput } from "./meetings.schema";
import { planSchedule } from "./recurrence";
import { assertInvitable, writeInvitations } from "./schedule-meeting";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/**
 * Changes a meeting: what it is, who is invited, and (until an occurrence has
 * been held) when. The iCalendar SEQUENCE goes up by one, so calendars replace
 * their copy; those newly invited get an invitation, those still invited an
 * update, those no longer invited a cancellation. A schedule with a held
 * occurrence stays as it is: a new series is scheduled instead.
 */
export async function updateMeeting(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(UpdateMeetingInput, rawInput);
  const access = await loadMeeting(db, actor, input.meetingId, "pathway_meeting.update");
  requireManager(access);
  const { meeting } = access;
  requireSequence(meeting, input.sequence);
  assertMeetingTransition(meeting.status, "update");
  const schedule = planSchedule(input);
  const rescheduled =
    schedule.startsAt.getTime() !== meeting.startsAt.getTime() ||
    schedule.timeZone !== meeting.timeZone ||
    schedule.rrule !== meeting.rrule;
  const occurrences = await db
    .select()
    .from(pathwayMeetingOccurrences)
    .where(eq(pathwayMeetingOccurrences.meetingId, meeting.id));
  if (rescheduled && occurrences.some((o) => o.status === "open")) {
    throw new DomainError("CONFLICT", msg("pathwayMeetings.meetingHeldOccurrenceKeepsSchedule"), [
      { field: "startsAt", message: msg("pathwayMeetings.occurrenceBeenHeld") },
    ]);
  }
  await assertInvitable(db, input.invitees, input.facilityIds);
  const before = await meetingInvitations(db, meeting.id);
  const [was, now] = await Promise.all([
    meetingRecipients(db, before.invitees, before.facilityIds),
    meetingRecipients(db, input.invitees, input.facilityIds),
  ]);
  const added = now.filter((id) => !was.includes(id));
  const kept = now.filter((id) => was.includes(id));
  const removed = was.filter((id) => !now.includes(id));

  const { sequence, publish } = await db.transaction(async (tx) => {
    const locked = await lockMeeting(tx, meeting.id);
    requireSequence(locked, input.sequence);
    const at = new Date();
    const [updated] = await tx
      .update(pathwayMeetings)
      .set({
        title: input.title,
        pathwayCode: input.pathway,
        description: input.description,
        location: input.location,
        timeZone: schedule.timeZone,
        startsAt: schedule.startsAt,
        durationMinutes: schedule.durationMinutes,
        rrule: schedule.rrule,
        sequence: sql`${pathwayMeetings.sequence} + 1`,
        updatedAt: at,
      })
      .where(eq(pathwayMeetings.id, meeting.id))
      .returning({ sequence: pathwayMeetings.sequence });
    if (rescheduled) {
      // nothing was held: the occurrences are rewritten; one cancelled before stays cancelled if it is still a date of the rule
      const cancelled = new Set(
        occurrences.filter((o) => o.status === "cancelled").map((o) => o.startsAt.getTime()),
      );
      const ids = occurrences.map((o) => o.id);
      if (ids.length) {
        await tx
          .delete(pathwayMeetingAgendaChanges)
          .where(inArray(pathwayMeetingAgendaChanges.occurrenceId, ids));
        await tx.delete(pathwayMeetingOccurrences).where(inArray(pathwayMeetingOccurrences.id, ids));
      }
      await tx.insert(pathwayMeetingOccurrences).values(
        schedule.occurrences.map((o) => ({
          meetingId: meeting.id,
          ...o,
          ...(cancelled.has(o.startsAt.getTime())
            ? { status: "cancelled" as const, cancelledAt: at, cancelledBy: actor.practitionerId }
            : {}),
        })),
      );
    } else if (schedule.durationMinutes !== meeting.durationMinutes) {
      await tx
        .update(pathwayMeetingOccurrences)
        .set({
          endsAt: sql`${pathwayMeetingOccurrences.startsAt} + make_interval(mins => ${schedule.durationMinutes})`,
        })
        .where(eq(pathwayMeetingOccurrences.meetingId, meeting.id));
    }
    await tx.delete(pathwayMeetingInvitees).where(eq(pathwayMeetingInvitees.meetingId, meeting.id));
    await tx.delete(pathwayMeetingFacilities).where(eq(pathwayMeetingFacilities.meetingId, meeting.id));
    await writeInvitations(tx, meeting.id, input.invitees, input.facilityIds);
    await auditPathwayMeetings(tx, actor, "pathway_meeting.update", {
      details: {
        meetingId: meeting.id,
        sequence: updated!.sequence,
        rescheduled,
        rrule: schedule.rrule,
        invitees: input.invitees,
        facilityIds: input.facilityIds,
      },
    });
    const notify = (
      kind: "meeting_invitation" | "meeting_updated" | "meeting_cancelled",
      ids: string[],
      event: string,
    ) =>
      recordNotification(tx, {
        kind,
        recipientIds: ids,
        pathwayMeetingId: meeting.id,
        event,
        actorId: actor.practitionerId,
      });
    const pushes = [
      await notify("meeting_invitation", added, "invited"),
      await notify("meeting_updated", kept, rescheduled ? "rescheduled" : "updated"),
      await notify("meeting_cancelled", removed, "uninvited"),
    ];
    return { sequence: updated!.sequence, publish: () => pushes.forEach((p) => p()) };
  });
  publish();
  const current = await db
    .select({
      id: pathwayMeetingOccurrences.id,
      startsAt: pathwayMeetingOccurrences.startsAt,
      endsAt: pathwayMeetingOccurrences.endsAt,
      status: pathwayMeetingOccurrences.status,
    })
    .from(pathwayMeetingOccurrences)
    .where(eq(pathwayMeetingOccurrences.meetingId, meeting.id))
    .orderBy(asc(pathwayMeetingOccurrences.startsAt));
  return { meetingId: meeting.id, sequence, rrule: schedule.rrule, occurrences: current };
}
