import type { Db } from "../../db/client";
import { env } from "../../env";
import type { Actor } from "../../model/permissions";
import { purposeOf, type AccessDecision } from "../consent/check-patient-access";
import type { RecordCache } from "../records/record-cache";
import type { RecordSettings } from "../records/records.schema";
import { TAG, count, isUid, text, type DicomJson } from "./dicomweb";
import { imagingSourcesOf } from "./imaging-sources";
import { auditImages } from "./images-audit";
import { queryFacilityStudies, type ImagingStudy } from "./list-imaging-studies";
import {
  cachedDicomJson,
  frameRequest,
  seriesMetadataRequest,
  studyQueries,
  thumbnailRequest,
  type PacsRequest,
} from "./wado-requests";
import { warmFetchSlots, type WarmFetchSlots } from "./warm-fetch-slots";
import { inPool } from "../records/in-pool";

/** How much of the agenda patients' images one warm-up fetches (README: configuration). */
export interface ImagingWarmSettings {
  /** the newest studies of each patient, across the facilities inside consent */
  studiesPerPatient: number;
  /** the most one warm-up writes to the cache; a study that no longer fits is left out whole */
  maxBytes: number;
}

export function imagingWarmSettings(): ImagingWarmSettings {
  const e = env();
  return { studiesPerPatient: e.IMAGING_WARM_STUDIES_PER_PATIENT, maxBytes: e.IMAGING_WARM_MAX_BYTES };
}

/** A facility whose PACS did not list the studies, or failed some of them: named by facility, never by patient. */
export interface ImagingWarmFacilityFailure {
  facilityId: string;
  name: string;
  /** the study list (QIDO-RS) did not come in time or correctly */
  listFailed: boolean;
  /** studies chosen there that are not wholly on disk after the warm-up */
  studiesFailed: number;
}

export interface ImagingWarmSummary {
  /** studies chosen (the newest of each patient), of them wholly on disk now, left out by the byte budget */
  studies: number;
  studiesWarmed: number;
  overBudget: number;
  /** frames on disk now of the chosen studies, of them fetched by this warm-up; items that failed */
  frames: number;
  framesFetched: number;
  failed: number;
  bytesFetched: number;
  facilitiesFailed: ImagingWarmFacilityFailure[];
}

export interface PatientToWarm {
  patientId: string;
  access: Extract<AccessDecision, { allowed: true }>;
}

/** Frames fetched at once by one warm-up; all warm-ups of the process share warmFetchSlots too. */
const FRAMES_AT_ONCE = 2;
/** A series' metadata is read whole from disk to list its frames. */
const METADATA_MAX_BYTES = 64 * 1024 * 1024;

type StudyState = "warmed" | "partial" | "failed" | "over_budget";

interface StudyWarmUp {
  patientId: string;
  study: ImagingStudy;
  source: Awaited<ReturnType<typeof imagingSourcesOf>>[number];
  /** 0 for the patient's newest study */
  rank: number;
  state: StudyState;
  frames: number;
  framesFetched: number;
  failed: number;
}

interface Frame {
  seriesUid: string;
  instanceUid: string;
  frame: number;
}

/** The series' frames as the viewer asks for them (each instance's NumberOfFrames), and their size as stored uncompressed. */
function framesOf(seriesUid: string, metadata: DicomJson[]): { frames: Frame[]; bytes: number } {
  const frames: Frame[] = [];
  let bytes = 0;
  for (const d of metadata) {
    const instanceUid = text(d, "00080018");
    if (!isUid(instanceUid)) continue;
    const n = Math.min(10_000, Math.max(1, count(d, "00280008") ?? 1));
    for (let f = 1; f <= n; f++) frames.push({ seriesUid, instanceUid, frame: f });
    const pixels =
      (count(d, "00280010") ?? 0) *
      (count(d, "00280011") ?? 0) *
      (count(d, "00280002") ?? 1) *
      Math.ceil((count(d, "00280100") ?? 16) / 8);
    bytes += n * pixels;
  }
  return { frames, bytes };
}

/**
 * 画像の事前取得: for patients already checked for the actor (warmRecordCache's
 * access rule), the newest studies in the PACS of every facility inside each
 * patient's consent are fetched into the record cache as the viewer will ask
 * for them: the study and its series (QIDO-RS), each series' metadata and
 * thumbnail, every frame (WADO-RS). The patients' newest studies go first, then
 * their second newest, and so on, until the byte budget no longer holds a
 * study (estimated from its metadata, so no study is left half-fetched by the
 * budget). Frames go a few at a time per warm-up and through the process's
 * warm-up slots, so warm-ups never hold more of a PACS than a viewer's share.
 * Audited per patient with ids (facilities, StudyInstanceUIDs, counts); a
 * facility that fails fails alone and is reported by facility only.
 */
export async function warmImagingStudies(
  db: Db,
  actor: Actor,
  patients: readonly PatientToWarm[],
  options: {
    cache: RecordCache;
    settings: RecordSettings;
    warm: ImagingWarmSettings;
    slots?: WarmFetchSlots;
    context?: { conferenceId?: string };
  },
): Promise<ImagingWarmSummary> {
  const { cache, settings, warm } = options;
  const slots = options.slots ?? warmFetchSlots();
  const failures = new Map<string, ImagingWarmFacilityFailure>();
  const failure = (facilityId: string, name: string) => {
    let f = failures.get(facilityId);
    if (!f) failures.set(facilityId, (f = { facilityId, name, listFailed: false, studiesFailed: 0 }));
    return f;
  };
  const perPatient = new Map<string, { facilities: { facilityId: string; status: string }[] }>();
  const chosen: StudyWarmUp[] = [];
  if (warm.studiesPerPatient > 0) {
    for (const { patientId } of patients) {
      const sources = await imagingSourcesOf(db, patientId);
      if (sources.length === 0) continue;
      const answers = await Promise.all(
        sources.map((s) => slots.run(() => queryFacilityStudies(patientId, s, settings))),
      );
      perPatient.set(patientId, {
        facilities: answers.map((a) => ({ facilityId: a.status.facilityId, status: a.status.status })),
      });
      for (const a of answers) {
        if (a.status.status !== "ok") failure(a.status.facilityId, a.status.name).listFailed = true;
      }
      const studies = answers
        .flatMap((a) => a.studies)
        .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "") || a.studyUid.localeCompare(b.studyUid));
      studies.slice(0, warm.studiesPerPatient).forEach((study, rank) => {
        const source = sources.find((s) => s.facilityId === study.facilityId)!;
        chosen.push({
          patientId,
          study,
          source,
          rank,
          state: "failed",
          frames: 0,
          framesFetched: 0,
          failed: 0,
        });
      });
    }
  }
  // every patient's newest study before anyone's second
  chosen.sort((a, b) => a.rank - b.rank);

  let bytesFetched = 0;
  /** one item into the cache: its bytes counted when this warm-up fetched it; null when it failed */
  const fill = async (
    w: StudyWarmUp,
    { url, request }: PacsRequest,
  ): Promise<"fetched" | "cached" | null> => {
    const key = cache.keyOf(w.source.facilityId, url);
    try {
      const outcome = await slots.run(() => cache.fill(key, url, request));
      if (outcome === "fetched") {
        // read before adding: `x += await y` would add to the x of before the await, losing a parallel fill's bytes
        const size = (await cache.sizeOf(key)) ?? 0;
        bytesFetched += size;
      }
      return outcome;
    } catch {
      w.failed++;
      return null;
    }
  };

  for (const w of chosen) {
    const { studyUid } = w.study;
    const queries = studyQueries(w.source, studyUid);
    // what the viewer's opening asks the PACS, then what it loads per series
    const answered = await Promise.all([fill(w, queries.study), fill(w, queries.series)]);
    const seriesList = answered.every(Boolean)
      ? await cachedDicomJson(cache, w.source.facilityId, queries.series, METADATA_MAX_BYTES)
      : null;
    if (!seriesList) {
      w.state = "failed";
      continue;
    }
    const frames: Frame[] = [];
    let estimate = 0;
    for (const seriesUid of seriesList.map((d) => text(d, TAG.seriesUid)).filter(isUid)) {
      const metadata = seriesMetadataRequest(w.source, studyUid, seriesUid);
      const [got] = await Promise.all([
        fill(w, metadata),
        fill(w, thumbnailRequest(w.source, studyUid, seriesUid)),
      ]);
      const docs = got
        ? await cachedDicomJson(cache, w.source.facilityId, metadata, METADATA_MAX_BYTES)
        : null;
      if (!docs) {
        if (got) w.failed++;
        continue;
      }
      const series = framesOf(seriesUid, docs);
      frames.push(...series.frames);
      estimate += series.bytes;
    }
    if (bytesFetched + estimate > warm.maxBytes) {
      w.state = "over_budget";
      continue;
    }
    await inPool(frames, FRAMES_AT_ONCE, async (f) => {
      const outcome = await fill(w, frameRequest(w.source, studyUid, f.seriesUid, f.instanceUid, f.frame));
      if (outcome) w.frames++;
      if (outcome === "fetched") w.framesFetched++;
    });
    w.state = w.failed === 0 ? "warmed" : "partial";
  }

  for (const w of chosen) {
    if (w.state === "failed" || w.state === "partial") {
      failure(w.source.facilityId, w.source.name).studiesFailed++;
    }
  }
  for (const { patientId, access } of patients) {
    const seen = perPatient.get(patientId);
    if (!seen) continue;
    await auditImages(db, actor, "imaging.study_warm", {
      patientId,
      purpose: purposeOf(access),
      details: {
        basis: access.basis,
        ...(access.breakGlassId ? { breakGlassId: access.breakGlassId } : {}),
        ...(options.context?.conferenceId ? { conferenceId: options.context.conferenceId } : {}),
        facilities: seen.facilities,
        studies: chosen
          .filter((w) => w.patientId === patientId)
          .map((w) => ({
            facilityId: w.source.facilityId,
            studyUid: w.study.studyUid,
            state: w.state,
            frames: w.frames,
            fetched: w.framesFetched,
            failed: w.failed,
          })),
      },
    });
  }
  const sum = (pick: (w: StudyWarmUp) => number) => chosen.reduce((n, w) => n + pick(w), 0);
  return {
    studies: chosen.length,
    studiesWarmed: sum((w) => (w.state === "warmed" ? 1 : 0)),
    overBudget: sum((w) => (w.state === "over_budget" ? 1 : 0)),
    frames: sum((w) => w.frames),
    framesFetched: sum((w) => w.framesFetched),
    failed: sum((w) => w.failed),
    bytesFetched,
    facilitiesFailed: [...failures.values()],
  };
}
