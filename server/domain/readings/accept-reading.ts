import type { Db } from "../../db/client";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { loadReading, lockReading, requireReadingPhysician, requireRevision } from "./load-reading";
import { applyReadingTransition } from "./reading-transition";
import { ReadingCommandInput } from "./readings.schema";

/** 受付: a physician of the reading hospital takes the request; they write and sign its report. */
export async function acceptReading(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ReadingCommandInput, rawInput);
  const access = await loadReading(db, actor, input.readingId, "reading.accept");
  requireReadingPhysician(access, actor);
  const { request, publish } = await db.transaction(async (tx) => {
    const locked = await lockReading(tx, input.readingId);
    requireRevision(locked, input.revision);
    return applyReadingTransition(tx, actor, locked, "accept", {
      patch: {
        radiologistId: actor.practitionerId,
        draftReport: { findings: "", impression: "", recommendations: "" },
      },
      notify: { kind: "reading_status", recipientIds: [locked.requesterId] },
    });
  });
  publish();
  return { readingId: request.id, status: request.status, revision: request.revision };
}
