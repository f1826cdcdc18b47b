import { readCapped } from "../records/fhir-fetch";
import { safeContentType, type RecordCache, type UpstreamRequest } from "../records/record-cache";
import type { DicomJson } from "./dicomweb";
import type { ImagingSource } from "./imaging-sources";

/**
 * The PACS requests whose answers the record cache keeps, built in one place:
 * a cache entry is named by its facility and address, so the viewer's request
 * and the conference warm-up's must be the very same address (and ask for the
 * same representation) for the viewer to find what the warm-up fetched.
 */
export interface PacsRequest {
  url: string;
  request: UpstreamRequest;
}

const METADATA_TYPE = /^application\/dicom\+json\s*(;|$)/i;
/** QIDO answers as fetchDicomJson takes them live (dicomweb.ts) */
const QIDO_TYPE = /^application\/(dicom\+)?json\s*(;|$)/i;
/** a multipart body's type with a boundary made of token characters only (RFC 2046) */
const MULTIPART_TYPE =
  /^multipart\/related\s*;[\x20-\x7e]*boundary="?[0-9A-Za-z'()+_,\-./:=?]{1,70}"?[\x20-\x7e]*$/i;

const dicomJson = (type: RegExp): UpstreamRequest => ({
  accept: "application/dicom+json",
  contentType: (t) => (t && type.test(t) ? "application/dicom+json" : "application/octet-stream"),
});

/** WADO-RS: a series' metadata, DICOM JSON. */
export function seriesMetadataRequest(
  source: ImagingSource,
  studyUid: string,
  seriesUid: string,
): PacsRequest {
  return {
    url: new URL(`studies/${studyUid}/series/${seriesUid}/metadata`, source.dicomWebBase).toString(),
    request: dicomJson(METADATA_TYPE),
  };
}

/** WADO-RS: one frame's pixels as stored (no transcoding on the PACS); the viewer decodes them. */
export function frameRequest(
  source: ImagingSource,
  studyUid: string,
  seriesUid: string,
  instanceUid: string,
  frame: number,
): PacsRequest {
  return {
    url: new URL(
      `studies/${studyUid}/series/${seriesUid}/instances/${instanceUid}/frames/${frame}`,
      source.dicomWebBase,
    ).toString(),
    request: {
      accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*',
      contentType: (t) => (t && MULTIPART_TYPE.test(t) ? t : "application/octet-stream"),
    },
  };
}

/** WADO-RS rendered: a series' thumbnail. */
export function thumbnailRequest(source: ImagingSource, studyUid: string, seriesUid: string): PacsRequest {
  // the comma stays literal: Orthanc does not decode %2C in viewport
  return {
    url: new URL(
      `studies/${studyUid}/series/${seriesUid}/rendered?viewport=128,128`,
      source.dicomWebBase,
    ).toString(),
    request: { accept: "image/jpeg", contentType: safeContentType },
  };
}

/**
 * QIDO-RS when a study is opened: the study itself, matched by its UID and the
 * patient's local ID there (the PACS confirms it is the patient's), and its series.
 */
export function studyQueries(
  source: ImagingSource,
  studyUid: string,
): { study: PacsRequest; series: PacsRequest } {
  const study = new URL("studies", source.dicomWebBase);
  study.searchParams.set("StudyInstanceUID", studyUid);
  study.searchParams.set("PatientID", source.localId);
  study.searchParams.append("includefield", "StudyDescription");
  return {
    study: { url: study.toString(), request: dicomJson(QIDO_TYPE) },
    series: {
      url: new URL(`studies/${studyUid}/series`, source.dicomWebBase).toString(),
      request: dicomJson(QIDO_TYPE),
    },
  };
}

/**
 * A DICOM JSON answer kept in the cache (by the warm-up), read from disk only:
 * null when there is no fresh copy or it is not a DICOM JSON array of objects
 * within maxBytes (then the caller asks the PACS as it would have anyway).
 */
export async function cachedDicomJson(
  cache: RecordCache,
  facilityId: string,
  { url }: PacsRequest,
  maxBytes: number,
): Promise<DicomJson[] | null> {
  const item = await cache.openCached(cache.keyOf(facilityId, url));
  if (!item) return null;
  if (item.contentType !== "application/dicom+json" || (item.size ?? 0) > maxBytes) {
    await item.body.cancel();
    return null;
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(await readCapped(item.body, maxBytes));
    const parsed: unknown = text.trim() === "" ? [] : JSON.parse(text);
    return Array.isArray(parsed) &&
      parsed.every((d) => typeof d === "object" && d !== null && !Array.isArray(d))
      ? (parsed as DicomJson[])
      : null;
  } catch {
    return null;
  }
}
