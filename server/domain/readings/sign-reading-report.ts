import { z } from "zod";
import type { Db } from "../../db/client";
import { readingReportVersions } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { SignableReadingReport } from "../../model/reading-report";
import { parseInput } from "../../validation";
import { loadReading, lockReading, requireReadingPhysician, requireRevision } from "./load-reading";
import { carryKeyImagesForward } from "./reading-key-images";
import { applyReadingTransition } from "./reading-transition";
import { SaveReadingDraftInput } from "./readings.schema";
import { WRITABLE } from "./save-reading-draft";

/**
 * 確定（署名）: the reading physician signs the report as written in the form:
 * the first report (accepted → reported) or an amendment (the next version,
 * which must say why; the earlier versions stay readable for ever). Findings
 * and impression are required. The requester hears of it once it commits, and
 * acknowledges each version anew. The key images marked for this version are
 * signed with it; a copy of them starts the next version, should it be written.
 */
export async function signReadingReport(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SaveReadingDraftInput, rawInput);
  parseInput(z.object({ content: SignableReadingReport }), { content: input.content });
  const access = await loadReading(db, actor, input.readingId, "reading.report_sign");
  requireReadingPhysician(access, actor);
  if (access.request.reportedVersion > 0 && !input.amendmentNote) {
    throw invalidField("amendmentNote", msg("readings.sayWhyAmended"));
  }
  const { request, version, publish } = await db.transaction(async (tx) => {
    const locked = await lockReading(tx, input.readingId);
    requireRevision(locked, input.revision);
    if (!WRITABLE.includes(locked.status)) {
      throw new DomainError("INVALID_TRANSITION", msg("readings.reportNotWritableNow"));
    }
    const version = locked.reportedVersion + 1;
    await tx.insert(readingReportVersions).values({
      requestId: locked.id,
      version,
      content: input.content,
      authorId: actor.practitionerId,
      amendmentNote: version > 1 ? input.amendmentNote : "",
      signedAt: new Date(),
    });
    await carryKeyImagesForward(tx, locked.id, version, actor.practitionerId);
    const { request, publish } = await applyReadingTransition(
      tx,
      actor,
      locked,
      version > 1 ? "amend" : "report",
      {
        patch: { reportedVersion: version, draftReport: null, draftAmendmentNote: "" },
        details: { version },
        notify: {
          kind: "reading_reported",
          recipientIds: [locked.requesterId],
          urgent: locked.urgency !== "routine",
        },
      },
    );
    return { request, version, publish };
  });
  publish();
  return { readingId: request.id, status: request.status, version, revision: request.revision };
}
