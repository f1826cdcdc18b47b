import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  loadReading,
  lockReading,
  readingDesk,
  requireRequesterDoctor,
  requireRevision,
} from "./load-reading";
import { applyReadingTransition } from "./reading-transition";
import { CloseReadingInput } from "./readings.schema";

/** 取り消し: the requester withdraws a request not yet reported, and says why; the reading side hears of it. */
export async function cancelReading(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CloseReadingInput, rawInput);
  const access = await loadReading(db, actor, input.readingId, "reading.cancel");
  requireRequesterDoctor(access, actor);
  const { request, publish } = await db.transaction(async (tx) => {
    const locked = await lockReading(tx, input.readingId);
    requireRevision(locked, input.revision);
    return applyReadingTransition(tx, actor, locked, "cancel", {
      patch: { closingNote: input.note, draftReport: null },
      notify: { kind: "reading_status", recipientIds: await readingDesk(tx, locked) },
    });
  });
  publish();
  return { readingId: request.id, status: request.status, revision: request.revision };
}
