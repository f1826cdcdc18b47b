"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { env } from "@/server/env";
import { cancelMeeting, cancelOccurrence } from "@/server/domain/pathway-meetings/cancel-meeting";
import { issueCalendarFeed, revokeCalendarFeed } from "@/server/domain/pathway-meetings/meeting-calendar";
import { previewSchedule } from "@/server/domain/pathway-meetings/preview-schedule";
import { scheduleMeeting } from "@/server/domain/pathway-meetings/schedule-meeting";
import { updateMeeting } from "@/server/domain/pathway-meetings/update-meeting";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { tokyoInstant } from "@/app/lib/tokyo-time";
import { actionInput, wireText } from "@/app/lib/action-input";
import { z } from "zod";
import { call } from "@/app/lib/call";

/**
 * The pathway-meeting pages' commands: each authenticates, hands its input to
 * one use case (which parses it, checks access, the schedule and the
 * sequence) and re-renders the pages that show the meeting.
 */

export interface MeetingFormInput {
  title: string;
  pathway: string;
  description: string;
  location: string;
  /** Tokyo wall time from the form: "2026-12-10T18:30" */
  start: string;
  durationMinutes: string;
  rrule: string | null;
  invitees: string[];
  facilityIds: string[];
}

/** The glue reads the start to make it a Japan time; the use case parses every field. */
const MeetingForm = z.looseObject({ start: wireText });

const meetingFields = (submitted: MeetingFormInput) => {
  const input = actionInput(MeetingForm, submitted);
  return {
    title: input.title,
    pathway: input.pathway || null,
    description: input.description,
    location: input.location,
    startsAt: input.start === undefined ? undefined : tokyoInstant(input.start),
    timeZone: "Asia/Tokyo",
    durationMinutes: input.durationMinutes,
    rrule: input.rrule,
    invitees: input.invitees,
    facilityIds: input.facilityIds,
  };
};

function revalidateMeeting(meetingId: string) {
  revalidatePath("/pathway-meetings");
  revalidatePath(`/pathway-meetings/${meetingId}`);
}

export async function scheduleMeetingAction(
  input: MeetingFormInput,
): Promise<ActionResult<{ meetingId: string }>> {
  const result = await runAction(async () => {
    const { meetingId } = await call(scheduleMeeting, await authenticate(), meetingFields(input));
    return { meetingId };
  });
  if (result.ok) revalidateMeeting(result.data.meetingId);
  return result;
}

export async function updateMeetingAction(
  input: MeetingFormInput & { meetingId: string; sequence: number },
): Promise<ActionResult<{ meetingId: string; sequence: number }>> {
  const result = await runAction(async () => {
    const { meetingId, sequence } = await call(updateMeeting, await authenticate(), {
      ...meetingFields(input),
      meetingId: input.meetingId,
      sequence: input.sequence,
    });
    return { meetingId, sequence };
  });
  if (result.ok) revalidateMeeting(result.data.meetingId);
  return result;
}

export async function cancelMeetingAction(input: {
  meetingId: string;
  sequence: number;
  note: string;
}): Promise<ActionResult<{ sequence: number }>> {
  const result = await runAction(async () => {
    const { sequence } = await call(cancelMeeting, await authenticate(), input);
    return { sequence };
  });
  if (result.ok) revalidateMeeting(input.meetingId);
  return result;
}

export async function cancelOccurrenceAction(input: {
  meetingId: string;
  sequence: number;
  occurrenceId: string;
  note: string;
}): Promise<ActionResult<{ sequence: number }>> {
  const result = await runAction(async () => {
    const { sequence } = await call(cancelOccurrence, await authenticate(), input);
    return { sequence };
  });
  if (result.ok) revalidateMeeting(input.meetingId);
  return result;
}

export interface SchedulePreview {
  total: number;
  rrule: string | null;
  occurrences: { startsAt: string; endsAt: string }[];
}

/** The dates the form's schedule gives, or the refusal on its field, before anything is saved. */
export async function previewScheduleAction(input: {
  start: string;
  durationMinutes: string;
  rrule: string | null;
}): Promise<ActionResult<SchedulePreview>> {
  return runAction(async () => {
    await authenticate();
    const { start, durationMinutes, rrule } = actionInput(MeetingForm, input);
    const preview = previewSchedule({
      startsAt: start === undefined ? undefined : tokyoInstant(start),
      timeZone: "Asia/Tokyo",
      durationMinutes,
      rrule,
    });
    return {
      total: preview.total,
      rrule: preview.rrule,
      occurrences: preview.occurrences.map((o) => ({
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
      })),
    };
  });
}

/**
 * The origin the calendar application will reach: the configured public URL,
 * else the one this request came in on (behind a proxy, its forwarded host).
 */
async function publicOrigin(): Promise<string> {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? `${env().HOST}:${env().PORT}`;
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

/** A new calendar address (the previous one stops working); the URL with its secret is returned this once. */
export async function issueCalendarFeedAction(): Promise<ActionResult<{ url: string }>> {
  const result = await runAction(async () => {
    const { path } = await call(issueCalendarFeed, await authenticate());
    return { url: `${await publicOrigin()}${path}` };
  });
  if (result.ok) revalidatePath("/pathway-meetings/calendar");
  return result;
}

export async function revokeCalendarFeedAction(): Promise<ActionResult<{ revoked: number }>> {
  const result = await runAction(async () => call(revokeCalendarFeed, await authenticate()));
  if (result.ok) revalidatePath("/pathway-meetings/calendar");
  return result;
}
