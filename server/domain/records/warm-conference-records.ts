import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { conferenceAgendaItems } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { loadMembership } from "../conferences/load-membership";
import type { ImagingWarmSettings } from "../images/warm-imaging-studies";
import type { RecordCache } from "./record-cache";
import { WarmConferenceRecordsInput, type RecordSettings } from "./records.schema";
import { warmRecordCache, type WarmSummary } from "./warm-record-cache";

/**
 * 資料を事前取得: a conference's host or participants warm the cache with the
 * shared records and the newest imaging studies of the cases on its agenda,
 * each within their own consent.
 * Someone not invited is refused (and audited) by the membership check.
 */
export async function warmConferenceRecords(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  options: { cache?: RecordCache; settings?: RecordSettings; imaging?: ImagingWarmSettings } = {},
): Promise<WarmSummary> {
  const { conferenceId } = parseInput(WarmConferenceRecordsInput, rawInput);
  const { conference } = await loadMembership(db, actor, conferenceId);
  if (conference.status === "ended" || conference.status === "cancelled") {
    throw new DomainError("CONFLICT", msg("records.conferenceOver"));
  }
  const agenda = await db
    .select({ patientId: conferenceAgendaItems.patientId })
    .from(conferenceAgendaItems)
    .where(eq(conferenceAgendaItems.conferenceId, conferenceId))
    .orderBy(asc(conferenceAgendaItems.position));
  return warmRecordCache(
    db,
    actor,
    agenda.map((a) => a.patientId),
    { ...options, context: { conferenceId } },
  );
}
