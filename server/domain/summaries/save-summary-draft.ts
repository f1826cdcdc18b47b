import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dischargeSummaries, dischargeSummaryRecipients } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import {
  loadSummary,
  lockSummary,
  requireAuthorSide,
  requireRevision,
  requireWorkingCopy,
} from "./load-summary";
import { assertRecipients } from "./summary-recipients";
import { SaveSummaryDraftInput } from "./summaries.schema";
import { auditSummaries } from "./summaries-audit";

/**
 * Autosave of a draft or an amendment being written: the content, the
 * department, the amendment's reason and the recipients. Recipients who
 * already received a version stay (a sent summary cannot be unsent); the
 * others are replaced by the list given. A stale revision is refused.
 */
export async function saveSummaryDraft(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SaveSummaryDraftInput, rawInput);
  const access = await loadSummary(db, actor, input.summaryId, "summary.edit");
  requireAuthorSide(access, actor);
  requireWorkingCopy(access.summary);
  await assertRecipients(db, access.summary.patientId, access.summary.authorFacilityId, input.recipients, {
    inConsent: false,
  });

  return db.transaction(async (tx) => {
    const summary = await lockSummary(tx, input.summaryId);
    requireWorkingCopy(summary);
    requireRevision(summary, input.revision);
    const existing = await tx
      .select()
      .from(dischargeSummaryRecipients)
      .where(eq(dischargeSummaryRecipients.summaryId, summary.id));
    const sent = new Set(existing.filter((r) => r.sinceVersion !== null).map((r) => r.facilityId));
    const kindOf = new Map(existing.map((r) => [r.facilityId, r.kind]));
    await tx
      .delete(dischargeSummaryRecipients)
      .where(
        and(
          eq(dischargeSummaryRecipients.summaryId, summary.id),
          isNull(dischargeSummaryRecipients.sinceVersion),
        ),
      );
    const added = input.recipients.filter((r) => !sent.has(r.facilityId));
    if (added.length) {
      await tx.insert(dischargeSummaryRecipients).values(
        added.map((r) => ({
          summaryId: summary.id,
          facilityId: r.facilityId,
          practitionerId: r.practitionerId,
          kind: kindOf.get(r.facilityId) ?? ("care_team" as const),
        })),
      );
    }
    const [saved] = await tx
      .update(dischargeSummaries)
      .set({
        draftContent: input.content,
        draftAmendmentNote: input.amendmentNote,
        authorDepartment: input.authorDepartment,
        revision: sql`${dischargeSummaries.revision} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(dischargeSummaries.id, summary.id))
      .returning({ revision: dischargeSummaries.revision, updatedAt: dischargeSummaries.updatedAt });
    await auditSummaries(tx, actor, "summary.edit", {
      patientId: summary.patientId,
      details: { summaryId: summary.id, revision: saved!.revision },
    });
    return { revision: saved!.revision, savedAt: saved!.updatedAt.toISOString() };
  });
}
