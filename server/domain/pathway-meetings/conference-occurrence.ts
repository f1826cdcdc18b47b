import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayMeetingOccurrences } from "../../db/schema";
import type { Actor } from "../../auth/permissions";
import { parseInput } from "../../validation";
import { ConferenceIdInput } from "../conferences/conferences.schema";
import { loadOccurrence } from "./load-meeting";

/**
 * The pathway-meeting occurrence a conference room was opened for, so the
 * room can show that occurrence's agenda (getMeetingAgenda) beside the video.
 * Null for any other conference. The reader must be at the meeting (organizer,
 * coordinator or invited): otherwise NOT_FOUND, audited as for the meeting.
 */
export async function findConferenceOccurrence(
  db: Db,
  actor: Actor,
  rawInput: unknown,
): Promise<{ meetingId: string; occurrenceId: string; manage: boolean } | null> {
  const { conferenceId } = parseInput(ConferenceIdInput, rawInput);
  const [row] = await db
    .select({ occurrenceId: pathwayMeetingOccurrences.id })
    .from(pathwayMeetingOccurrences)
    .where(eq(pathwayMeetingOccurrences.conferenceId, conferenceId));
  if (!row) return null;
  const access = await loadOccurrence(db, actor, row.occurrenceId, "pathway_meeting.view");
  return { meetingId: access.meeting.id, occurrenceId: row.occurrenceId, manage: access.manage };
}
