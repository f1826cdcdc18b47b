import { and, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { patients } from "../../db/schema";
import { professionMaySee, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { loadOccurrence } from "./load-meeting";
import { agendaEntries, agendaWindow } from "./meeting-agenda";
import { assertMeetingTransition, assertOccurrenceTransition } from "./meeting-status";
import { OccurrenceInput } from "./meetings.schema";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/**
 * The records module's cache warmer (server/domain/records/warm-record-cache.ts,
 * warmRecordCache): fetches the large documents and images of these patients'
 * shared records ahead of time. Given to the meeting use cases rather than
 * imported, so they do not depend on that module's I/O, and tests can pass a fake.
 */
export type WarmRecordCache = (db: Db, actor: Actor, patientIds: readonly string[]) => Promise<unknown>;

/**
 * 資料の事前取得 before a meeting: the cases on an occurrence's agenda that
 * this participant may see (facility inside the patient's consent, profession
 * allowed clinical data) are handed to the cache warmer, so the meeting shows
 * their documents and images at once. Nobody else's patients are asked for.
 */
export async function warmUpMeeting(db: Db, actor: Actor, rawInput: unknown, warm: WarmRecordCache) {
  const { occurrenceId } = parseInput(OccurrenceInput, rawInput);
  const { meeting, occurrence } = await loadOccurrence(db, actor, occurrenceId, "pathway_meeting.warm_up");
  assertMeetingTransition(meeting.status, "warm_up");
  assertOccurrenceTransition(occurrence.status, "warm_up");
  const entries = await agendaEntries(db, meeting, occurrence, await agendaWindow(db, occurrence));
  const candidates = entries.map((e) => e.patientId);
  const patientIds =
    candidates.length && professionMaySee(actor.profession, "clinical")
      ? (
          await db
            .select({ id: patients.id })
            .from(patients)
            .where(
              and(
                inArray(patients.id, candidates),
                sql`${inCurrentConsentScope(db, patients.id, actor.facilityId)}`,
              ),
            )
        )
          .map((p) => p.id)
          .sort((a, b) => candidates.indexOf(a) - candidates.indexOf(b))
      : [];
  await warm(db, actor, patientIds);
  await auditPathwayMeetings(db, actor, "pathway_meeting.warm_up", {
    details: {
      meetingId: meeting.id,
      occurrenceId,
      patientIds,
      skipped: candidates.length - patientIds.length,
    },
  });
  return { occurrenceId, patientIds, skipped: candidates.length - patientIds.length };
}
