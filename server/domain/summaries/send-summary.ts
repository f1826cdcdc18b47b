import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { dischargeSummaries, dischargeSummaryRecipients, dischargeSummaryVersions } from "../../db/schema";
import { invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordNotification } from "../notifications/notify";
import { nextDocumentNumber } from "../referrals/document-number";
import { lockReferral } from "../referrals/load-referral";
import { canTransition } from "../referrals/referral-status";
import { applyTransition } from "../referrals/referral-transition";
import { SendableDischargeSummary } from "../../model/discharge-summary";
import {
  loadSummary,
  lockSummary,
  requireAuthorSide,
  requireRevision,
  requireWorkingCopy,
  type DischargeSummary,
} from "./load-summary";
import { assertRecipients, summaryDesk } from "./summary-recipients";
import { SummaryCommandInput } from "./summaries.schema";

/**
 * Sends the working copy as the next version: the first send of a draft, or an
 * amendment (which must say why). The summary must be complete and every
 * recipient inside the patient's consent. The first send closes the loop of
 * the referral that brought the patient in. Recipients hear of it live once
 * it commits.
 */
export async function sendSummary(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(SummaryCommandInput, rawInput);
  const access = await loadSummary(db, actor, input.summaryId, "summary.send");
  requireAuthorSide(access, actor);
  const content = requireWorkingCopy(access.summary);
  requireRevision(access.summary, input.revision);
  parseInput(z.object({ content: SendableDischargeSummary }), { content });
  const amending = access.summary.status === "amending";
  if (amending && !access.summary.draftAmendmentNote) {
    throw invalidField("amendmentNote", msg("summaries.sayWhySummaryAmended"));
  }
  const recipients = await db
    .select()
    .from(dischargeSummaryRecipients)
    .where(eq(dischargeSummaryRecipients.summaryId, input.summaryId));
  if (recipients.length === 0) {
    throw invalidField("recipients", msg("summaries.chooseLeastOneRecipient"));
  }
  await assertRecipients(db, access.summary.patientId, access.summary.authorFacilityId, recipients, {
    inConsent: true,
  });
  const desks = (await Promise.all(recipients.map((r) => summaryDesk(db, r)))).flat();
  // the first sending takes a number in a step of its own (a send that then fails leaves a gap)
  const reservedNumber =
    access.summary.documentNumber ?? (await nextDocumentNumber(db, access.summary.authorFacilityId));

  const { summary, version, publish } = await db.transaction(async (tx) => {
    const locked = await lockSummary(tx, input.summaryId);
    requireWorkingCopy(locked);
    requireRevision(locked, input.revision);
    const now = new Date();
    const version = locked.sentVersion + 1;
    await tx.insert(dischargeSummaryVersions).values({
      summaryId: locked.id,
      version,
      content: locked.draftContent!,
      authorId: actor.practitionerId,
      amendmentNote: version > 1 ? locked.draftAmendmentNote : "",
      issuedAt: now,
    });
    await tx
      .update(dischargeSummaryRecipients)
      .set({ sinceVersion: version })
      .where(
        and(
          eq(dischargeSummaryRecipients.summaryId, locked.id),
          isNull(dischargeSummaryRecipients.sinceVersion),
        ),
      );
    const [summary] = await tx
      .update(dischargeSummaries)
      .set({
        status: "sent",
        documentNumber: locked.documentNumber ?? reservedNumber,
        sentVersion: version,
        draftContent: null,
        draftAmendmentNote: "",
        firstSentAt: locked.firstSentAt ?? now,
        lastSentAt: now,
        revision: sql`${dischargeSummaries.revision} + 1`,
        updatedAt: now,
      })
      .where(eq(dischargeSummaries.id, locked.id))
      .returning();
    const closeReferral = version === 1 ? await closeReferralLoop(tx, actor, locked) : () => undefined;
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: locked.patientId,
      action: version > 1 ? "summary.amend" : "summary.send",
      purpose: "treatment",
      outcome: "success",
      details: { summaryId: locked.id, version, recipientFacilityIds: recipients.map((r) => r.facilityId) },
      ip: actor.ip,
    });
    const notify = await recordNotification(tx, {
      kind: "summary_received",
      recipientIds: desks,
      dischargeSummaryId: locked.id,
      event: version > 1 ? "amended" : "sent",
      actorId: actor.practitionerId,
    });
    return {
      summary: summary!,
      version,
      publish: () => {
        notify();
        closeReferral();
      },
    };
  });
  publish();
  return {
    summaryId: summary.id,
    version,
    revision: summary.revision,
    documentNumber: summary.documentNumber,
  };
}

/**
 * The summary is the hospital's last word on a referral it accepted: a referral
 * still open here (accepted, interim report) is completed by it, and the
 * referring GP sees the loop closed. One already completed by a reply, or
 * since forwarded elsewhere, is left as it is.
 */
async function closeReferralLoop(tx: Db, actor: Actor, summary: DischargeSummary): Promise<() => void> {
  if (!summary.referralId) return () => undefined;
  const referral = await lockReferral(tx, summary.referralId);
  if (
    referral.destinationFacilityId !== summary.authorFacilityId ||
    !canTransition(referral.status, "complete")
  ) {
    return () => undefined;
  }
  const { publish } = await applyTransition(tx, actor, referral, "complete", {
    patch: { completedAt: new Date() },
    details: { dischargeSummaryId: summary.id },
    notify: { kind: "referral_status", recipientIds: [referral.referrerId] },
  });
  return publish;
}
