import type { Db } from "../../db/client";
import { invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { loadReading, lockReading, requireRequesterDoctor } from "./load-reading";
import { applyReadingTransition } from "./reading-transition";
import { AcknowledgeReadingInput } from "./readings.schema";

/**
 * 確認: the requesting doctor confirms they read the latest signed version (the
 * version they name must be it, so nobody confirms a report they have not
 * seen); the radiologist hears of it.
 */
export async function acknowledgeReadingReport(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AcknowledgeReadingInput, rawInput);
  const access = await loadReading(db, actor, input.readingId, "reading.acknowledge");
  requireRequesterDoctor(access, actor);
  const { request, publish } = await db.transaction(async (tx) => {
    const locked = await lockReading(tx, input.readingId);
    if (input.version !== locked.reportedVersion) {
      throw invalidField("version", msg("readings.notLatestVersion"));
    }
    return applyReadingTransition(tx, actor, locked, "acknowledge", {
      patch: {
        acknowledgedVersion: input.version,
        acknowledgedById: actor.practitionerId,
        acknowledgedAt: new Date(),
      },
      details: { version: input.version },
      notify: {
        kind: "reading_acknowledged",
        recipientIds: locked.radiologistId ? [locked.radiologistId] : [],
      },
    });
  });
  publish();
  return { readingId: request.id, status: request.status, revision: request.revision };
}
