import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayMeetingOccurrences } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { ConferenceIdInput } from "../conferences/conferences.schema";
import { getMeetingAgenda } from "./meeting-agenda";

/**
 * The agenda of the pathway-meeting occurrence a conference room was opened
 * for, with the managers' tools: the room shows it beside the video, as the
 * occurrence page does. Null for any other conference. The reader must be at
 * the meeting (organizer, coordinator or invited): otherwise NOT_FOUND,
 * audited as for the meeting. The occurrence is loaded once, by the agenda.
 */
export async function getRoomAgenda(db: Db, actor: Actor, rawInput: unknown) {
  const { conferenceId } = parseInput(ConferenceIdInput, rawInput);
  const [row] = await db
    .select({ occurrenceId: pathwayMeetingOccurrences.id })
    .from(pathwayMeetingOccurrences)
    .where(eq(pathwayMeetingOccurrences.conferenceId, conferenceId));
  if (!row) return null;
  return getMeetingAgenda(db, actor, { occurrenceId: row.occurrenceId }, { managerTools: true });
}
