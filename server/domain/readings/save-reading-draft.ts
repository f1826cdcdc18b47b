import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { readingRequests } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { loadReading, lockReading, requireReadingPhysician, requireRevision } from "./load-reading";
import type { ReadingStatus } from "./reading-status";
import { SaveReadingDraftInput } from "./readings.schema";
import { auditReadings } from "./readings-audit";

/** Where a report can be written: the first one once accepted; an amendment once one was signed. */
export const WRITABLE: readonly ReadingStatus[] = ["accepted", "reported", "acknowledged"];

/**
 * Saves the report being written (下書き): the first report of an accepted
 * request, or an amendment of a signed one (the requester keeps reading the
 * signed version until the amendment is signed). Any part may be empty here.
 */
export async function saveReadingDraft(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SaveReadingDraftInput, rawInput);
  const access = await loadReading(db, actor, input.readingId, "reading.draft_save");
  requireReadingPhysician(access, actor);
  return db.transaction(async (tx) => {
    const locked = await lockReading(tx, input.readingId);
    requireRevision(locked, input.revision);
    if (!WRITABLE.includes(locked.status)) {
      throw new DomainError("INVALID_TRANSITION", msg("readings.reportNotWritableNow"));
    }
    const [updated] = await tx
      .update(readingRequests)
      .set({
        draftReport: input.content,
        draftAmendmentNote: locked.reportedVersion > 0 ? input.amendmentNote : "",
        revision: sql`${readingRequests.revision} + 1`,
      })
      .where(eq(readingRequests.id, locked.id))
      .returning({ revision: readingRequests.revision });
    await auditReadings(tx, actor, "reading.draft_save", {
      patientId: locked.patientId,
      details: { readingId: locked.id, amending: locked.reportedVersion > 0 },
    });
    return { readingId: locked.id, revision: updated!.revision };
  });
}
