import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { readingKeyImages } from "../../db/schema";
import { DomainError, invalidField, isDomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { KEY_IMAGES_PER_VERSION } from "../../model/reading-report";
import { parseInput } from "../../validation";
import { recordCache, type RecordCache } from "../records/record-cache";
import { loadReading, lockReading, requireReadingPhysician } from "./load-reading";
import { openKeyImagePicture, studySourceOf } from "./reading-key-images";
import { MarkKeyImageInput } from "./readings.schema";
import { auditReadings } from "./readings-audit";
import { WRITABLE } from "./save-reading-draft";

/**
 * キー画像の登録: the reading physician marks the frame on screen in the
 * reading's viewer, with the window in use and a note, as a key image of the
 * version being written (the first report, or the amendment of a signed one).
 * The PACS must render that frame of the request's study first: a frame not
 * in the study is refused by name, and its picture is then in the cache for
 * the report page. No revision is asked: the viewer runs beside the report
 * form, and a key image does not touch the report's text; the request's row
 * is locked all the same, so a mark never lands in a version being signed.
 */
export async function markKeyImage(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  cache: RecordCache = recordCache(),
) {
  const input = parseInput(MarkKeyImageInput, rawInput);
  const access = await loadReading(db, actor, input.readingId, "reading.key_image_mark");
  requireReadingPhysician(access, actor);
  if (!WRITABLE.includes(access.request.status)) {
    throw new DomainError("INVALID_TRANSITION", msg("readings.reportNotWritableNow"));
  }
  const source = await studySourceOf(db, access.request);
  if (!source) throw new DomainError("NOT_FOUND", msg("images.noImagesFacilityPatient"));
  try {
    const picture = await openKeyImagePicture(source, access.request.studyUid, input, cache);
    // the download goes on into the cache; only this reader stops following it
    await picture.body.cancel();
  } catch (e) {
    // not there (404), or a frame past the instance's last one (Orthanc answers 400)
    const absent = isDomainError(e) && (e.code === "NOT_FOUND" || e.params?.detail === "HTTP 400");
    if (absent) {
      throw invalidField("instanceUid", msg("readings.frameNotInStudy"));
    }
    throw e;
  }
  return db.transaction(async (tx) => {
    const locked = await lockReading(tx, input.readingId);
    if (!WRITABLE.includes(locked.status)) {
      throw new DomainError("INVALID_TRANSITION", msg("readings.reportNotWritableNow"));
    }
    const version = locked.reportedVersion + 1;
    const [held] = await tx
      .select({
        count: sql<number>`count(*)::int`,
        last: sql<number>`coalesce(max(${readingKeyImages.position}), 0)::int`,
      })
      .from(readingKeyImages)
      .where(and(eq(readingKeyImages.requestId, locked.id), eq(readingKeyImages.version, version)));
    if (held!.count >= KEY_IMAGES_PER_VERSION) {
      throw invalidField("keyImages", msg("readings.keyImagesAtMost", { max: KEY_IMAGES_PER_VERSION }));
    }
    const [row] = await tx
      .insert(readingKeyImages)
      .values({
        requestId: locked.id,
        version,
        seriesUid: input.seriesUid,
        instanceUid: input.instanceUid,
        frame: input.frame,
        windowCenter: input.windowCenter,
        windowWidth: input.windowWidth,
        note: input.note,
        position: held!.last + 1,
        markedById: actor.practitionerId,
      })
      .returning({ id: readingKeyImages.id });
    await auditReadings(tx, actor, "reading.key_image_mark", {
      patientId: locked.patientId,
      details: { readingId: locked.id, keyImageId: row!.id, version },
    });
    return { readingId: locked.id, keyImageId: row!.id, version };
  });
}
