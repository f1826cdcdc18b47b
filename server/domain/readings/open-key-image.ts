import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { readingKeyImages } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordCache, type CachedItem, type RecordCache } from "../records/record-cache";
import { loadReading } from "./load-reading";
import { keyImageNotFound, openKeyImagePicture, studySourceOf } from "./reading-key-images";
import { RemoveKeyImageInput } from "./readings.schema";

/**
 * A key image's picture for the report page (a thumbnail beside the report):
 * read inside the reader's access to the request, as the viewer's frames are
 * (the page's view is the audited read, not each picture). The requester sees
 * the key images of signed versions; the version being written only its reader.
 */
export async function openKeyImage(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  cache: RecordCache = recordCache(),
): Promise<CachedItem> {
  const input = parseInput(RemoveKeyImageInput, rawInput);
  const { request, side } = await loadReading(db, actor, input.readingId, "reading.view");
  const [keyImage] = await db
    .select()
    .from(readingKeyImages)
    .where(and(eq(readingKeyImages.id, input.keyImageId), eq(readingKeyImages.requestId, request.id)));
  if (!keyImage || (keyImage.version > request.reportedVersion && side !== "reading")) {
    throw keyImageNotFound();
  }
  const source = await studySourceOf(db, request);
  if (!source) throw new DomainError("NOT_FOUND", msg("images.noImagesFacilityPatient"));
  return openKeyImagePicture(source, request.studyUid, keyImage, cache);
}
