import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { loadReading, lockReading, requireReadingPhysician, requireRevision } from "./load-reading";
import { applyReadingTransition } from "./reading-transition";
import { CloseReadingInput } from "./readings.schema";

/** 辞退: the reading hospital will not read this study, and says why; the requester hears of it. */
export async function declineReading(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CloseReadingInput, rawInput);
  const access = await loadReading(db, actor, input.readingId, "reading.decline");
  requireReadingPhysician(access, actor);
  const { request, publish } = await db.transaction(async (tx) => {
    const locked = await lockReading(tx, input.readingId);
    requireRevision(locked, input.revision);
    return applyReadingTransition(tx, actor, locked, "decline", {
      patch: { closingNote: input.note, draftReport: null },
      notify: { kind: "reading_status", recipientIds: [locked.requesterId] },
    });
  });
  publish();
  return { readingId: request.id, status: request.status, revision: request.revision };
}
