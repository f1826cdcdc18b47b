import type { Db } from "../../db/client";
import type { Actor } from "../../auth/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import { checkPatientAccess, purposeOf } from "../consent/check-patient-access";
import { collectTimeline } from "./get-record-timeline";
import { recordSourcesOf } from "./list-record-facilities";
import { recordCache, type RecordCache } from "./record-cache";
import { recordSettings, type RecordSettings } from "./records.schema";

export interface WarmSummary {
  /** patients whose records were looked at */
  patients: number;
  /** patients left out: outside the actor's consent or profession */
  skipped: number;
  /** images and documents found, fetched now, already on disk, failed */
  items: number;
  fetched: number;
  cached: number;
  failed: number;
  /** facilities that did not answer the timeline in time or correctly */
  facilitiesFailed: number;
}

/** Items fetched at once per warm-up: enough to overlap facilities, few enough to leave the link free. */
const CONCURRENT_ITEMS = 3;

/**
 * 資料の事前取得: fetches the large items (images, documents) of these patients'
 * shared records into the cache ahead of a meeting, so they open at once in it.
 * Only patients whose clinical data the actor may see are warmed; the others are
 * skipped without a trace of who they are. Each warmed patient is audited with
 * ids and counts. A facility that fails fails alone.
 */
export async function warmRecordCache(
  db: Db,
  actor: Actor,
  patientIds: readonly string[],
  options: { cache?: RecordCache; settings?: RecordSettings; context?: { conferenceId?: string } } = {},
): Promise<WarmSummary> {
  const cache = options.cache ?? recordCache();
  const settings = options.settings ?? recordSettings();
  const summary: WarmSummary = {
    patients: 0,
    skipped: 0,
    items: 0,
    fetched: 0,
    cached: 0,
    failed: 0,
    facilitiesFailed: 0,
  };
  for (const patientId of new Set(patientIds)) {
    const access = await checkPatientAccess(db, actor, patientId, "clinical");
    if (!access.allowed) {
      summary.skipped++;
      continue;
    }
    summary.patients++;
    const timeline = await collectTimeline(patientId, await recordSourcesOf(db, patientId), settings);
    const items = new Map<string, string>();
    for (const entry of timeline.entries) {
      for (const a of entry.attachments) items.set(cache.keyOf(entry.facilityId, a.url), a.url);
    }
    const outcome = { fetched: 0, cached: 0, failed: 0 };
    const queue = [...items];
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENT_ITEMS, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [key, url] = next;
          try {
            outcome[await cache.fill(key, url)]++;
          } catch {
            outcome.failed++;
          }
        }
      }),
    );
    const facilitiesFailed = timeline.facilities.filter((f) => f.status !== "ok").length;
    summary.items += items.size;
    summary.fetched += outcome.fetched;
    summary.cached += outcome.cached;
    summary.failed += outcome.failed;
    summary.facilitiesFailed += facilitiesFailed;
    await appendAuditEvent(db, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId,
      action: "record.cache_warm",
      purpose: purposeOf(access),
      outcome: "success",
      details: {
        basis: access.basis,
        ...(options.context?.conferenceId ? { conferenceId: options.context.conferenceId } : {}),
        facilityIds: timeline.facilities.map((f) => f.facilityId),
        items: items.size,
        ...outcome,
      },
      ip: actor.ip,
    });
  }
  return summary;
}
