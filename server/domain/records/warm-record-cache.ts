import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { checkPatientAccess, purposeOf } from "../consent/check-patient-access";
import { collectTimeline } from "./get-record-timeline";
import { recordSourcesOf } from "./list-record-facilities";
import { recordCache, type RecordCache } from "./record-cache";
import { recordSettings, type RecordSettings } from "./records.schema";
import { auditRecords } from "./records-audit";
import {
  imagingWarmSettings,
  warmImagingStudies,
  type ImagingWarmSettings,
  type ImagingWarmSummary,
} from "../images/warm-imaging-studies";
import { inPool } from "./in-pool";

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
  /** the patients' newest imaging studies, fetched from the PACS as the viewer asks for them */
  imaging: ImagingWarmSummary;
}

/** Patients whose timelines are read at once, and items fetched at once, per warm-up. */
const CONCURRENT_PATIENTS = 4;
const CONCURRENT_ITEMS = 3;

interface PatientWarmUp {
  patientId: string;
  access: Extract<Awaited<ReturnType<typeof checkPatientAccess>>, { allowed: true }>;
  facilityIds: string[];
  facilitiesFailed: number;
  items: Map<string, string>;
  outcome: { fetched: number; cached: number; failed: number };
}

/**
 * 資料の事前取得: fetches the large items (images, documents) of these patients'
 * shared records into the cache ahead of a meeting, so they open at once in it.
 * Only patients whose clinical data the actor may see are warmed; the others are
 * skipped without a trace of who they are. Each warmed patient is audited with
 * ids and counts. A facility or an item that fails fails alone. Their newest
 * imaging studies are warmed alongside, within the same access decision
 * (warmImagingStudies: bounded in studies, bytes and concurrent fetches).
 */
export async function warmRecordCache(
  db: Db,
  actor: Actor,
  patientIds: readonly string[],
  options: {
    cache?: RecordCache;
    settings?: RecordSettings;
    imaging?: ImagingWarmSettings;
    context?: { conferenceId?: string };
  } = {},
): Promise<WarmSummary> {
  const cache = options.cache ?? recordCache();
  const settings = options.settings ?? recordSettings();
  const imagingSettings = options.imaging ?? imagingWarmSettings();
  const warmUps: PatientWarmUp[] = [];
  let skipped = 0;
  for (const patientId of new Set(patientIds)) {
    const access = await checkPatientAccess(db, actor, patientId, "clinical");
    if (access.allowed) {
      warmUps.push({
        patientId,
        access,
        facilityIds: [],
        facilitiesFailed: 0,
        items: new Map(),
        outcome: { fetched: 0, cached: 0, failed: 0 },
      });
    } else skipped++;
  }

  // the documents from each facility's record system, and beside them the images from its PACS
  // (another system, with its own bounds): both at once
  const [, imaging] = await Promise.all([
    (async () => {
      // what there is: each patient's timeline, a few patients at a time
      await inPool(warmUps, CONCURRENT_PATIENTS, async (w) => {
        const timeline = await collectTimeline(w.patientId, await recordSourcesOf(db, w.patientId), settings);
        w.facilityIds = timeline.facilities.map((f) => f.facilityId);
        w.facilitiesFailed = timeline.facilities.filter((f) => f.status !== "ok").length;
        for (const entry of timeline.entries) {
          for (const a of entry.attachments) w.items.set(cache.keyOf(entry.facilityId, a.url), a.url);
        }
      });

      // then the files, a few at a time across all patients
      const files = warmUps.flatMap((w) => [...w.items].map(([key, url]) => ({ w, key, url })));
      await inPool(files, CONCURRENT_ITEMS, async ({ w, key, url }) => {
        try {
          w.outcome[await cache.fill(key, url)]++;
        } catch {
          w.outcome.failed++;
        }
      });
    })(),
    warmImagingStudies(db, actor, warmUps, {
      cache,
      settings,
      warm: imagingSettings,
      context: options.context,
    }),
  ]);

  for (const w of warmUps) {
    await auditRecords(db, actor, "record.cache_warm", {
      patientId: w.patientId,
      purpose: purposeOf(w.access),
      details: {
        basis: w.access.basis,
        ...(options.context?.conferenceId ? { conferenceId: options.context.conferenceId } : {}),
        facilityIds: w.facilityIds,
        items: w.items.size,
        ...w.outcome,
      },
    });
  }
  const sum = (pick: (w: PatientWarmUp) => number) => warmUps.reduce((n, w) => n + pick(w), 0);
  return {
    patients: warmUps.length,
    skipped,
    items: sum((w) => w.items.size),
    fetched: sum((w) => w.outcome.fetched),
    cached: sum((w) => w.outcome.cached),
    failed: sum((w) => w.outcome.failed),
    facilitiesFailed: sum((w) => w.facilitiesFailed),
    imaging,
  };
}
