import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { readingKeyImages } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { loadReading, lockReading, requireReadingPhysician } from "./load-reading";
import { keyImageNotFound } from "./reading-key-images";
import { RemoveKeyImageInput } from "./readings.schema";
import { auditReadings } from "./readings-audit";
import { WRITABLE } from "./save-reading-draft";

/**
 * キー画像の削除: the reading physician takes a key image off the version being
 * written. A signed version's key images stay as signed (the database refuses
 * it too); an amendment starts from them and may drop any.
 */
export async function removeKeyImage(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RemoveKeyImageInput, rawInput);
  const access = await loadReading(db, actor, input.readingId, "reading.key_image_remove");
  requireReadingPhysician(access, actor);
  return db.transaction(async (tx) => {
    const locked = await lockReading(tx, input.readingId);
    const [keyImage] = await tx
      .select({ version: readingKeyImages.version })
      .from(readingKeyImages)
      .where(and(eq(readingKeyImages.id, input.keyImageId), eq(readingKeyImages.requestId, locked.id)));
    if (!keyImage) throw keyImageNotFound();
    if (keyImage.version <= locked.reportedVersion) {
      throw invalidField("keyImageId", msg("readings.keyImageOfSignedVersion"));
    }
    if (!WRITABLE.includes(locked.status)) {
      throw new DomainError("INVALID_TRANSITION", msg("readings.reportNotWritableNow"));
    }
    await tx.delete(readingKeyImages).where(eq(readingKeyImages.id, input.keyImageId));
    await auditReadings(tx, actor, "reading.key_image_remove", {
      patientId: locked.patientId,
      details: { readingId: locked.id, keyImageId: input.keyImageId, version: keyImage.version },
    });
    return { readingId: locked.id };
  });
}
