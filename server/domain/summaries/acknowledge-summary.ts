import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dischargeSummaryAcknowledgements } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { loadSummary, lockSummary } from "./load-summary";
import { AcknowledgeSummaryInput } from "./summaries.schema";
import { auditSummaries } from "./summaries-audit";

/**
 * 受領確認: a recipient facility confirms it received one version. Once per
 * facility and version (a second confirmation returns the first); the author
 * sees who confirmed and when.
 */
export async function acknowledgeSummary(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AcknowledgeSummaryInput, rawInput);
  const access = await loadSummary(db, actor, input.summaryId, "summary.acknowledge");
  if (access.side !== "recipient" || !access.recipient) {
    throw new DomainError("FORBIDDEN", msg("summaries.onlyRecipientFacilityConfirmsReceipt"));
  }
  const since = access.recipient.sinceVersion ?? Infinity;

  const { acknowledgement, publish } = await db.transaction(async (tx) => {
    const summary = await lockSummary(tx, input.summaryId);
    if (input.version > summary.sentVersion || input.version < since) {
      throw invalidField("version", msg("summaries.facilityDidNotReceiveVersion"));
    }
    const key = and(
      eq(dischargeSummaryAcknowledgements.summaryId, summary.id),
      eq(dischargeSummaryAcknowledgements.version, input.version),
      eq(dischargeSummaryAcknowledgements.facilityId, actor.facilityId),
    );
    const [existing] = await tx.select().from(dischargeSummaryAcknowledgements).where(key);
    if (existing) return { acknowledgement: existing, publish: () => undefined };
    const [created] = await tx
      .insert(dischargeSummaryAcknowledgements)
      .values({
        summaryId: summary.id,
        version: input.version,
        facilityId: actor.facilityId,
        practitionerId: actor.practitionerId,
      })
      .returning();
    await auditSummaries(tx, actor, "summary.acknowledge", {
      patientId: summary.patientId,
      details: { summaryId: summary.id, version: input.version },
    });
    const publish = await recordNotification(tx, {
      kind: "summary_acknowledged",
      recipientIds: [summary.authorId],
      dischargeSummaryId: summary.id,
      event: "acknowledged",
      actorId: actor.practitionerId,
    });
    return { acknowledgement: created!, publish };
  });
  publish();
  return {
    version: acknowledgement.version,
    acknowledgedAt: acknowledgement.at.toISOString(),
    practitionerId: acknowledgement.practitionerId,
  };
}
