import { and, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  facilities,
  pathwayMeetingFacilities,
  pathwayMeetingInvitees,
  pathwayMeetingOccurrences,
  pathwayMeetings,
  practitioners,
} from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { mayScheduleMeetings, meetingRecipients } from "./load-meeting";
import { ScheduleMeetingInput } from "./meetings.schema";
import { planSchedule } from "./recurrence";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/**
 * 地域連携パス会議の登録: a coordinator schedules a one-off or recurring
 * meeting in Asia/Tokyo (every second Thursday at 18:30:
 * FREQ=MONTHLY;BYDAY=2TH;COUNT=12), inviting practitioners and whole
 * facilities. The rule is checked and expanded here; its occurrences are
 * written with it. The invited hear of it once it commits.
 */
export async function scheduleMeeting(db: Db, actor: Actor, rawInput: unknown) {
  if (!mayScheduleMeetings(actor)) {
    throw new DomainError("FORBIDDEN", msg("pathwayMeetings.pathwayMeetingsScheduledCoordinatorsNetwork"));
  }
  const input = parseInput(ScheduleMeetingInput, rawInput);
  const schedule = planSchedule(input);
  await assertInvitable(db, input.invitees, input.facilityIds);
  const recipients = await meetingRecipients(db, input.invitees, input.facilityIds);

  const { meetingId, occurrences, publish } = await db.transaction(async (tx) => {
    const now = new Date();
    const [meeting] = await tx
      .insert(pathwayMeetings)
      .values({
        title: input.title,
        pathwayCode: input.pathway,
        description: input.description,
        location: input.location,
        organizerId: actor.practitionerId,
        organizerFacilityId: actor.facilityId,
        timeZone: schedule.timeZone,
        startsAt: schedule.startsAt,
        durationMinutes: schedule.durationMinutes,
        rrule: schedule.rrule,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: pathwayMeetings.id });
    const meetingId = meeting!.id;
    await writeInvitations(tx, meetingId, input.invitees, input.facilityIds);
    const occurrences = await tx
      .insert(pathwayMeetingOccurrences)
      .values(schedule.occurrences.map((o) => ({ meetingId, ...o })))
      .returning({
        id: pathwayMeetingOccurrences.id,
        startsAt: pathwayMeetingOccurrences.startsAt,
        endsAt: pathwayMeetingOccurrences.endsAt,
      });
    await auditPathwayMeetings(tx, actor, "pathway_meeting.schedule", {
      details: {
        meetingId,
        rrule: schedule.rrule,
        occurrences: occurrences.length,
        invitees: input.invitees,
        facilityIds: input.facilityIds,
      },
    });
    const publish = await recordNotification(tx, {
      kind: "meeting_invitation",
      recipientIds: recipients,
      pathwayMeetingId: meetingId,
      event: "invited",
      actorId: actor.practitionerId,
    });
    return { meetingId, occurrences, publish };
  });
  publish();
  return { meetingId, sequence: 0, rrule: schedule.rrule, occurrences };
}

/** Invitees are active practitioners, invited facilities active facilities; each refusal names its field. */
export async function assertInvitable(db: Db, invitees: string[], facilityIds: string[]): Promise<void> {
  if (invitees.length) {
    const found = await db
      .select({ id: practitioners.id })
      .from(practitioners)
      .where(and(inArray(practitioners.id, invitees), isNull(practitioners.disabledAt)));
    if (found.length !== invitees.length) {
      throw invalidField("invitees", msg("pathwayMeetings.inviteeDoesNotExistDisabled"));
    }
  }
  if (facilityIds.length) {
    const found = await db
      .select({ id: facilities.id, active: facilities.active })
      .from(facilities)
      .where(inArray(facilities.id, facilityIds));
    if (found.length !== facilityIds.length || found.some((f) => !f.active)) {
      throw invalidField("facilityIds", msg("pathwayMeetings.facilityDoesNotExistInactive"));
    }
  }
}

export async function writeInvitations(tx: Db, meetingId: string, invitees: string[], facilityIds: string[]) {
  if (invitees.length) {
    await tx
      .insert(pathwayMeetingInvitees)
      .values(invitees.map((practitionerId) => ({ meetingId, practitionerId })))
      .onConflictDoNothing();
  }
  if (facilityIds.length) {
    await tx
      .insert(pathwayMeetingFacilities)
      .values(facilityIds.map((facilityId) => ({ meetingId, facilityId })))
      .onConflictDoNothing();
  }
}
