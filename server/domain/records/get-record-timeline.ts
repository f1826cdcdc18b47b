import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { purposeOf, requirePatientAccess } from "../consent/check-patient-access";
import { Deadline, FetchFailure, fetchFhirJson, type FetchFailureReason } from "./fhir-fetch";
import {
  recordKindsHeldBy,
  RESOURCE_OF_KIND,
  RecordParseError,
  entriesOf,
  patientIdsOf,
  type RecordAttachment,
  type RecordEntry,
} from "./fhir-resources";
import { recordSourcesOf, type RecordFacility, type RecordSource } from "./list-record-facilities";
import { signRecordItem } from "./record-item-signature";
import { fhirBase } from "./record-url";
import { PatientRecordsInput, recordSettings, type RecordSettings } from "./records.schema";
import { log } from "../../log";
import { auditRecords } from "./records-audit";

/** How one facility answered: ok, too slow, too large, or wrong in some other way. */
export type FacilityStatus = "ok" | "timeout" | "too_large" | "error";

export interface FacilityTimeline {
  facilityId: string;
  name: string;
  status: FacilityStatus;
  /** why, when not ok (the UI names it in Japanese and English) */
  reason: FetchFailureReason | "ambiguous_patient" | null;
  httpStatus: number | null;
  entries: number;
  /** records or attachments left out because they were not valid where the timeline reads them */
  skipped: number;
  /** the facility has more than one page of some kind; the newest page is shown */
  truncated: boolean;
  elapsedMs: number;
}

export interface TimelineAttachment extends RecordAttachment {
  /** signature for the download route (record-item-signature.ts) */
  sig: string;
}

export interface TimelineEntry extends Omit<RecordEntry, "attachments"> {
  /** unique in the timeline */
  key: string;
  facilityId: string;
  facilityName: string;
  attachments: TimelineAttachment[];
}

export interface RecordTimeline {
  patientId: string;
  facilities: FacilityTimeline[];
  entries: TimelineEntry[];
}

/** Records per kind and facility: the newest page only. */
const PAGE_SIZE = 50;

const STATUS_OF: Record<FetchFailureReason, FacilityStatus> = {
  timeout: "timeout",
  too_large: "too_large",
  unreachable: "error",
  http_status: "error",
  redirect: "error",
  content_type: "error",
  invalid_json: "error",
  invalid_fhir: "error",
};

/**
 * One facility's records for one patient, within one deadline for all its
 * requests: the patient is found by the facility's own patient ID
 * (`Patient?identifier=`, which every FHIR server supports), then the four
 * kinds are searched at once by that Patient. Never throws: a facility's
 * failure is its status.
 */
export async function fetchFacilityRecords(
  source: Pick<RecordSource, "facilityId" | "name" | "kind" | "localId" | "fhirBaseUrl">,
  settings: RecordSettings,
): Promise<{ status: FacilityTimeline; entries: RecordEntry[] }> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Deadline("facility deadline")),
    settings.fetchTimeoutMs,
  );
  const status = (over: Partial<FacilityTimeline>): FacilityTimeline => ({
    facilityId: source.facilityId,
    name: source.name,
    status: "ok",
    reason: null,
    httpStatus: null,
    entries: 0,
    skipped: 0,
    truncated: false,
    elapsedMs: Math.round(performance.now() - started),
    ...over,
  });
  try {
    const base = fhirBase(source.fhirBaseUrl);
    if (!base) throw new FetchFailure("invalid_fhir", "no FHIR base");
    const get = (path: string) =>
      fetchFhirJson(new URL(path, base).toString(), {
        signal: controller.signal,
        maxBytes: settings.fetchMaxBytes,
      });
    const found = await get(`Patient?identifier=${q(source.localId)}`);
    const ids = asFhir(() => patientIdsOf(found));
    if (ids.length === 0) return { status: status({}), entries: [] };
    if (ids.length > 1)
      return { status: status({ status: "error", reason: "ambiguous_patient" }), entries: [] };
    const patient = `Patient/${ids[0]!}`;
    const answers = await Promise.all(
      recordKindsHeldBy(source.kind).map(async (kind) => {
        const json = await get(`${RESOURCE_OF_KIND[kind]}?patient=${q(patient)}&_count=${PAGE_SIZE}`);
        return asFhir(() => entriesOf(kind, json, base.toString()));
      }),
    );
    const entries = answers.flatMap((a) => a.entries);
    return {
      status: status({
        entries: entries.length,
        skipped: answers.reduce((n, a) => n + a.skipped, 0),
        truncated: answers.some((a) => a.hasMore),
      }),
      entries,
    };
  } catch (e) {
    const failure =
      e instanceof FetchFailure
        ? e
        : controller.signal.reason instanceof Deadline
          ? new FetchFailure("timeout", "timed out")
          : new FetchFailure("invalid_fhir", "unexpected answer");
    return {
      status: status({
        status: STATUS_OF[failure.reason],
        reason: failure.reason,
        httpStatus: failure.httpStatus ?? null,
      }),
      entries: [],
    };
  } finally {
    clearTimeout(timer);
    // whatever is still in flight (the other searches after one failed) is dropped
    controller.abort(new Deadline("done"));
  }
}

const q = encodeURIComponent;

/** A facility's answer that is not the FHIR it should be is that facility's failure. */
function asFhir<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof RecordParseError) throw new FetchFailure("invalid_fhir", e.message);
    throw e;
  }
}

/** One facility's answer in the timeline's shape: its entries, named and signed for the download route. */
function facilityPart(
  patientId: string,
  { status, entries }: { status: FacilityTimeline; entries: RecordEntry[] },
): RecordTimeline {
  return {
    patientId,
    facilities: [status],
    entries: entries.map((e) => ({
      ...e,
      key: `${status.facilityId}/${e.ref}`,
      facilityId: status.facilityId,
      facilityName: status.name,
      attachments: e.attachments.map((a) => ({
        ...a,
        sig: signRecordItem(patientId, status.facilityId, a.url),
      })),
    })),
  };
}

/** Facilities' parts merged into one timeline, newest first (undated last), each entry naming its facility. */
export function mergeTimelines(patientId: string, parts: readonly RecordTimeline[]): RecordTimeline {
  const entries = parts.flatMap((p) => p.entries);
  entries.sort(
    (a, b) =>
      (b.time ?? -Infinity) - (a.time ?? -Infinity) ||
      a.facilityName.localeCompare(b.facilityName, "ja") ||
      a.ref.localeCompare(b.ref),
  );
  return { patientId, facilities: parts.flatMap((p) => p.facilities), entries };
}

/**
 * Every facility's part of the timeline, each fetched at once and within its
 * own deadline (one slow or dead facility holds up none of the others); the
 * promises never reject, a facility's failure is its status. No access check
 * and no audit: callers do both.
 */
function startTimeline(
  patientId: string,
  sources: readonly RecordSource[],
  settings: RecordSettings,
): Map<string, { name: string; part: Promise<RecordTimeline> }> {
  return new Map(
    sources
      .filter((s) => s.hasFhir)
      .map((s) => [
        s.facilityId,
        {
          name: s.name,
          part: fetchFacilityRecords(s, settings).then((answer) => facilityPart(patientId, answer)),
        },
      ]),
  );
}

/** The merged timeline of the given facilities once every one has answered or met its deadline. */
export async function collectTimeline(
  patientId: string,
  sources: readonly RecordSource[],
  settings: RecordSettings,
): Promise<RecordTimeline> {
  const parts = await Promise.all(
    [...startTimeline(patientId, sources, settings).values()].map((f) => f.part),
  );
  return mergeTimelines(patientId, parts);
}

/**
 * 共有記録（時系列）, as it arrives: for a patient whose clinical data the actor
 * may see, every facility holding their records inside consent that has a FHIR
 * endpoint, each with the promise of its part of the timeline. The page shows
 * what has come by a short wait merged into one timeline, and each facility
 * still answering where its part lands. The view is audited once every
 * facility has answered, with ids and statuses only.
 */
export async function openRecordTimeline(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  settings: RecordSettings = recordSettings(),
): Promise<OpenedTimeline> {
  const { patientId } = parseInput(PatientRecordsInput, rawInput);
  const access = await requirePatientAccess(db, actor, patientId, "clinical", "record.timeline_view");
  return auditedTimeline(db, actor, access, patientId, await recordSourcesOf(db, patientId), settings);
}

/** A timeline under way: each facility's part as it lands, and the view's audit once all have. */
export interface OpenedTimeline {
  patientId: string;
  facilities: Map<string, { name: string; part: Promise<RecordTimeline> }>;
  /** settles once the view is audited (after the last facility answered) */
  audited: Promise<unknown>;
}

/**
 * The patient page's shared records in one access check: the facilities holding the
 * patient's records inside consent (as listRecordFacilities answers them) and, when one
 * of them serves FHIR, its timeline already under way (as openRecordTimeline, audited
 * alike). The page had checked access and read the facilities twice, one after the
 * other, before the first request to a facility left (issue 16).
 */
export async function openRecordsSection(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  settings: RecordSettings = recordSettings(),
): Promise<{ facilities: RecordFacility[]; timeline: OpenedTimeline | null }> {
  const { patientId } = parseInput(PatientRecordsInput, rawInput);
  const access = await requirePatientAccess(db, actor, patientId, "clinical", "record.timeline_view");
  const sources = await recordSourcesOf(db, patientId);
  return {
    facilities: sources.map(({ viewerTemplate: _v, fhirBaseUrl: _f, ...facility }) => facility),
    timeline: sources.some((s) => s.hasFhir)
      ? auditedTimeline(db, actor, access, patientId, sources, settings)
      : null,
  };
}

/** Starts every facility's fetch; the view is audited once all have answered (access already checked). */
function auditedTimeline(
  db: Db,
  actor: Actor,
  access: Awaited<ReturnType<typeof requirePatientAccess>>,
  patientId: string,
  sources: readonly RecordSource[],
  settings: RecordSettings,
): OpenedTimeline {
  const facilities = startTimeline(patientId, sources, settings);
  const audited = Promise.all([...facilities.values()].map((f) => f.part)).then((parts) =>
    auditRecords(db, actor, "record.timeline_view", {
      patientId,
      purpose: purposeOf(access),
      details: {
        basis: access.basis,
        ...(access.breakGlassId ? { breakGlassId: access.breakGlassId } : {}),
        facilities: parts
          .flatMap((p) => p.facilities)
          .map((f) => ({ facilityId: f.facilityId, status: f.status, entries: f.entries })),
      },
    }),
  );
  // the page may be gone by then; the audit event is still written, and a failure to write it is said
  audited.catch((e: unknown) => log.error({ err: e }, "[records] timeline view not audited"));
  return { patientId, facilities, audited };
}

/**
 * 共有記録（時系列）: the whole merged timeline once every facility has answered
 * or met its deadline, with each facility's status; audited as openRecordTimeline.
 */
export async function getRecordTimeline(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  settings: RecordSettings = recordSettings(),
): Promise<RecordTimeline> {
  const { patientId, facilities, audited } = await openRecordTimeline(db, actor, rawInput, settings);
  const timeline = mergeTimelines(patientId, await Promise.all([...facilities.values()].map((f) => f.part)));
  await audited;
  return timeline;
}
