import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dischargeSummaries, dischargeSummaryVersions } from "../../db/schema";
import { DomainError } from "../../errors";
import type { Actor } from "../../auth/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { loadSummary, lockSummary, requireAuthorSide, requireRevision } from "./load-summary";
import { SummaryCommandInput } from "./summaries.schema";

/**
 * Starts an amendment of a sent summary (訂正): the latest version becomes the
 * working copy. Recipients keep reading the sent version until the amendment
 * is sent as the next version; earlier versions stay readable for ever.
 */
export async function amendSummary(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SummaryCommandInput, rawInput);
  const access = await loadSummary(db, actor, input.summaryId, "summary.amend");
  requireAuthorSide(access, actor);

  return db.transaction(async (tx) => {
    const summary = await lockSummary(tx, input.summaryId);
    requireRevision(summary, input.revision);
    if (summary.status !== "sent") {
      throw new DomainError(
        "INVALID_TRANSITION",
        summary.status === "amending"
          ? "訂正はすでに作成中です / An amendment is already being written"
          : "送付前の下書きはそのまま編集できます / A draft that was never sent is simply edited",
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
    const [updated] = await tx
      .update(dischargeSummaries)
      .set({
        status: "amending",
        draftContent: latest!.content,
        draftAmendmentNote: "",
        revision: sql`${dischargeSummaries.revision} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(dischargeSummaries.id, summary.id))
      .returning({ revision: dischargeSummaries.revision });
    await audit(tx, actor, summary.patientId, { summaryId: summary.id, step: "started" });
    return { summaryId: summary.id, revision: updated!.revision };
  });
}

/** Drops an amendment being written; the sent versions are untouched. */
export async function discardSummaryAmendment(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SummaryCommandInput, rawInput);
  const access = await loadSummary(db, actor, input.summaryId, "summary.amend");
  requireAuthorSide(access, actor);

  return db.transaction(async (tx) => {
    const summary = await lockSummary(tx, input.summaryId);
    requireRevision(summary, input.revision);
    if (summary.status !== "amending") {
      throw new DomainError("INVALID_TRANSITION", "作成中の訂正はありません / No amendment is being written");
    }
    const [updated] = await tx
      .update(dischargeSummaries)
      .set({
        status: "sent",
        draftContent: null,
        draftAmendmentNote: "",
        revision: sql`${dischargeSummaries.revision} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(dischargeSummaries.id, summary.id))
      .returning({ revision: dischargeSummaries.revision });
    await audit(tx, actor, summary.patientId, { summaryId: summary.id, step: "discarded" });
    return { summaryId: summary.id, revision: updated!.revision };
  });
}

function audit(tx: Db, actor: Actor, patientId: string, details: Record<string, unknown>) {
  return appendAuditEvent(tx, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    patientId,
    action: "summary.amend",
    purpose: "treatment",
    outcome: "success",
    details,
    ip: actor.ip,
  });
}
