import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dischargeSummaries, dischargeSummaryVersions } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  loadSummary,
  lockSummary,
  requireAuthorSide,
  requireRevision,
  type DischargeSummary,
} from "./load-summary";
import { SummaryCommandInput } from "./summaries.schema";
import { auditSummaries } from "./summaries-audit";

/**
 * Starts an amendment of a sent summary (訂正): the latest version becomes the
 * working copy. Recipients keep reading the sent version until the amendment
 * is sent as the next version; earlier versions stay readable for ever.
 */
export function amendSummary(db: Db, actor: Actor, rawInput: unknown) {
  return changeAmendment(db, actor, rawInput, "started", async (tx, summary) => {
    if (summary.status !== "sent") {
      throw new DomainError(
        "INVALID_TRANSITION",
        summary.status === "amending"
          ? msg("summaries.amendmentAlreadyBeingWritten")
          : msg("summaries.draftNeverSentSimplyEdited"),
      );
    }
    const [latest] = await tx
      .select({ content: dischargeSummaryVersions.content })
      .from(dischargeSummaryVersions)
      .where(
        and(
          eq(dischargeSummaryVersions.summaryId, summary.id),
          eq(dischargeSummaryVersions.version, summary.sentVersion),
        ),
      );
    return { status: "amending", draftContent: latest!.content };
  });
}

/** Drops an amendment being written; the sent versions are untouched. */
export function discardSummaryAmendment(db: Db, actor: Actor, rawInput: unknown) {
  return changeAmendment(db, actor, rawInput, "discarded", (_tx, summary) => {
    if (summary.status !== "amending") {
      throw new DomainError("INVALID_TRANSITION", msg("summaries.noAmendmentBeingWritten"));
    }
    return Promise.resolve({ status: "sent", draftContent: null });
  });
}

type AmendmentChange = Pick<typeof dischargeSummaries.$inferInsert, "status" | "draftContent">;

/**
 * Starting and dropping an amendment share everything but the guard and the
 * working copy: the author's side, the locked row at the expected revision, a
 * cleared amendment note, the next revision and one `summary.amend` audit event.
 */
async function changeAmendment(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  step: "started" | "discarded",
  change: (tx: Db, summary: DischargeSummary) => Promise<AmendmentChange>,
) {
  const input = parseInput(SummaryCommandInput, rawInput);
  const access = await loadSummary(db, actor, input.summaryId, "summary.amend");
  requireAuthorSide(access, actor);

  return db.transaction(async (tx) => {
    const summary = await lockSummary(tx, input.summaryId);
    requireRevision(summary, input.revision);
    const patch = await change(tx, summary);
    const [updated] = await tx
      .update(dischargeSummaries)
      .set({
        ...patch,
        draftAmendmentNote: "",
        revision: sql`${dischargeSummaries.revision} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(dischargeSummaries.id, summary.id))
      .returning({ revision: dischargeSummaries.revision });
    await auditSummaries(tx, actor, "summary.amend", {
      patientId: summary.patientId,
      details: { summaryId: summary.id, step },
    });
    return { summaryId: summary.id, revision: updated!.revision };
  });
}
