import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordCache, type CachedItem, type RecordCache } from "../records/record-cache";
import { checkImagingAccess } from "./open-imaging-study";
import { imagingGrants, type ImagingGrants } from "./imaging-grants";
import { verifyStudy, type ImagingSource } from "./imaging-sources";
import { ImagingFrameInput, ImagingSeriesInput, type ImagingStudyInput } from "./images.schema";
import { imagingLimiter } from "./imaging-rate-limit";
import { frameRequest, seriesMetadataRequest, thumbnailRequest, type PacsRequest } from "./wado-requests";

/**
 * What the viewer loads once a study is open: a series' metadata (WADO-RS,
 * DICOM JSON), one frame's pixels (WADO-RS, multipart as the PACS sent it) and a
 * series thumbnail (WADO-RS rendered). Each request is checked as the study was
 * (checkImagingAccess: signature, access rule, facility in consent; the
 * decision kept for a short while per study, see imaging-grants.ts) and limited
 * per person, but not audited one by one: the study's opening is the audited
 * view. Bodies come from the record cache (same folder, limits and TTL), streamed
 * from disk or from the PACS as they arrive, never held whole.
 */

/** The item's study checked: its signature always, the access rule unless a fresh grant holds it. */
async function itemSource(
  db: Db,
  actor: Actor,
  input: ImagingStudyInput,
  grants: ImagingGrants,
): Promise<ImagingSource> {
  const granted = grants.get(actor, input.patientId, input.facilityId, input.studyUid);
  if (granted && verifyStudy(input.patientId, input.facilityId, input.studyUid, input.sig)) return granted;
  const { source } = await checkImagingAccess(db, actor, input, "imaging.study_view");
  grants.grant(actor, input.patientId, source, input.studyUid);
  return source;
}

/** From disk, or from the PACS while it is written there: the entry the warm-up fills (wado-requests.ts). */
function fromCache(
  cache: RecordCache,
  facilityId: string,
  { url, request }: PacsRequest,
): Promise<CachedItem> {
  return cache.open(cache.keyOf(facilityId, url), url, request);
}

export async function openImagingMetadata(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  cache: RecordCache = recordCache(),
  grants: ImagingGrants = imagingGrants(),
): Promise<CachedItem> {
  const input = parseInput(ImagingSeriesInput, rawInput);
  imagingLimiter().spend(actor.practitionerId, "item");
  const source = await itemSource(db, actor, input, grants);
  return fromCache(cache, source.facilityId, seriesMetadataRequest(source, input.studyUid, input.seriesUid));
}

export async function openImagingFrame(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  cache: RecordCache = recordCache(),
  grants: ImagingGrants = imagingGrants(),
): Promise<CachedItem> {
  const input = parseInput(ImagingFrameInput, rawInput);
  imagingLimiter().spend(actor.practitionerId, "item");
  const source = await itemSource(db, actor, input, grants);
  return fromCache(
    cache,
    source.facilityId,
    frameRequest(source, input.studyUid, input.seriesUid, input.instanceUid, input.frame),
  );
}

export async function openImagingThumbnail(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  cache: RecordCache = recordCache(),
  grants: ImagingGrants = imagingGrants(),
): Promise<CachedItem> {
  const input = parseInput(ImagingSeriesInput, rawInput);
  imagingLimiter().spend(actor.practitionerId, "item");
  const source = await itemSource(db, actor, input, grants);
  return fromCache(cache, source.facilityId, thumbnailRequest(source, input.studyUid, input.seriesUid));
}
