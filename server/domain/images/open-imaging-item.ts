import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordCache, safeContentType, type CachedItem, type RecordCache } from "../records/record-cache";
import { checkImagingAccess } from "./open-imaging-study";
import { imagingGrants, type ImagingGrants } from "./imaging-grants";
import { verifyStudy, type ImagingSource } from "./imaging-sources";
import { ImagingFrameInput, ImagingSeriesInput, type ImagingStudyInput } from "./images.schema";
import { imagingLimiter } from "./imaging-rate-limit";

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

const METADATA_TYPE = /^application\/dicom\+json\s*(;|$)/i;
/** a multipart body's type with a boundary made of token characters only (RFC 2046) */
const MULTIPART_TYPE =
  /^multipart\/related\s*;[\x20-\x7e]*boundary="?[0-9A-Za-z'()+_,\-./:=?]{1,70}"?[\x20-\x7e]*$/i;

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
  const url = new URL(
    `studies/${input.studyUid}/series/${input.seriesUid}/metadata`,
    source.dicomWebBase,
  ).toString();
  return cache.open(cache.keyOf(source.facilityId, url), url, {
    accept: "application/dicom+json",
    contentType: (t) => (t && METADATA_TYPE.test(t) ? "application/dicom+json" : "application/octet-stream"),
  });
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
  const url = new URL(
    `studies/${input.studyUid}/series/${input.seriesUid}/instances/${input.instanceUid}/frames/${input.frame}`,
    source.dicomWebBase,
  ).toString();
  return cache.open(cache.keyOf(source.facilityId, url), url, {
    // the pixels as stored (no transcoding on the PACS); the viewer decodes them
    accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*',
    contentType: (t) => (t && MULTIPART_TYPE.test(t) ? t : "application/octet-stream"),
  });
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
  // the comma stays literal: Orthanc does not decode %2C in viewport
  const href = new URL(
    `studies/${input.studyUid}/series/${input.seriesUid}/rendered?viewport=128,128`,
    source.dicomWebBase,
  ).toString();
  return cache.open(cache.keyOf(source.facilityId, href), href, {
    accept: "image/jpeg",
    contentType: safeContentType,
  });
}
