import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { readingKeyImages } from "../../db/schema";
import { DomainError, isDomainError, msg } from "../../errors";
import { KEY_IMAGE_SIZE, type KeyImage, type KeyImageMark } from "../../model/reading-report";
import { imagingSourcesOf, type ImagingSource } from "../images/imaging-sources";
import { recordCache, type CachedItem, type RecordCache } from "../records/record-cache";
import type { ReadingRequest } from "./load-reading";

/**
 * Key images (キー画像): which frames a report version points at, and their
 * pictures as the PACS renders them with the window the radiologist used.
 * The pictures come through the same path as the viewer's: the facility holding
 * the study inside the patient's current consent, the record cache in front.
 */

const KEY_IMAGE_TYPE = /^image\/(jpeg|png)\s*(;|$)/i;

/** The key images of one version of a request, in the order they were marked. */
export async function keyImagesOf(db: Db, requestId: string, version: number): Promise<KeyImage[]> {
  const rows = await db
    .select()
    .from(readingKeyImages)
    .where(and(eq(readingKeyImages.requestId, requestId), eq(readingKeyImages.version, version)))
    .orderBy(asc(readingKeyImages.position), asc(readingKeyImages.markedAt));
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    seriesUid: r.seriesUid,
    instanceUid: r.instanceUid,
    frame: r.frame,
    windowCenter: r.windowCenter,
    windowWidth: r.windowWidth,
    note: r.note,
  }));
}

/**
 * Inside the signing transaction: the signed version's key images become the
 * starting set of the next version, so an amendment keeps them unless removed.
 */
export async function carryKeyImagesForward(tx: Db, requestId: string, signed: number, by: string) {
  const rows = await keyImagesOf(tx, requestId, signed);
  if (rows.length === 0) return;
  await tx
    .insert(readingKeyImages)
    .values(rows.map(({ id: _id, ...k }) => ({ ...k, requestId, version: signed + 1, markedById: by })));
}

/** The PACS holding the request's study, if it is still inside the patient's consent. */
export async function studySourceOf(db: Db, r: ReadingRequest): Promise<ImagingSource | null> {
  return (await imagingSourcesOf(db, r.patientId)).find((s) => s.facilityId === r.studyFacilityId) ?? null;
}

/** The frame rendered (WADO-RS `rendered`) with the key image's window, at most KEY_IMAGE_SIZE a side. */
function renderedUrl(source: ImagingSource, studyUid: string, k: KeyImageMark): string {
  const path = `studies/${studyUid}/series/${k.seriesUid}/instances/${k.instanceUid}/frames/${k.frame}/rendered`;
  // commas stay literal: Orthanc does not decode %2C in these parameters
  const query = `window=${k.windowCenter},${k.windowWidth},linear&viewport=${KEY_IMAGE_SIZE},${KEY_IMAGE_SIZE}`;
  return `${new URL(path, source.dicomWebBase).toString()}?${query}`;
}

/** A key image's picture, as a stream from the record cache (from the PACS on the first ask). */
export function openKeyImagePicture(
  source: ImagingSource,
  studyUid: string,
  k: KeyImageMark,
  cache: RecordCache = recordCache(),
): Promise<CachedItem> {
  const url = renderedUrl(source, studyUid, k);
  return cache.open(cache.keyOf(source.facilityId, url), url, {
    accept: "image/jpeg",
    contentType: (t) =>
      t && KEY_IMAGE_TYPE.test(t) ? t.split(";")[0]!.trim().toLowerCase() : "application/octet-stream",
  });
}

/** The picture whole, for the PDF; null (said in its caption) when the PACS cannot give it now. */
export async function keyImagePicture(
  source: ImagingSource | null,
  studyUid: string,
  k: KeyImageMark,
  cache: RecordCache = recordCache(),
): Promise<{ type: "jpeg" | "png"; bytes: Uint8Array } | null> {
  if (!source) return null;
  let item: CachedItem;
  try {
    item = await openKeyImagePicture(source, studyUid, k, cache);
  } catch (e) {
    if (isDomainError(e)) return null;
    throw e;
  }
  // a body that fails while it streams (the PACS stopped, the cap was passed) is no picture either
  const bytes = await new Response(item.body).arrayBuffer().then(
    (b) => new Uint8Array(b),
    () => null,
  );
  if (!bytes) return null;
  if (item.contentType === "image/jpeg") return { type: "jpeg", bytes };
  if (item.contentType === "image/png") return { type: "png", bytes };
  return null;
}

export const keyImageNotFound = () => new DomainError("NOT_FOUND", msg("readings.keyImageNotFound"));
