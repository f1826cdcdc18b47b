import { and, asc, eq, exists, isNotNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { dischargeSummaries, dischargeSummaryRecipients } from "../../db/schema";
import type { Actor } from "../../model/permissions";

/**
 * The discharge summaries that answer a referral, as far as the reader's
 * facility may know of them: the ones it wrote (drafts included) and the ones
 * sent to it. For the referral page, which has already checked the reader's
 * access to the referral; only ids, status and dates, no clinical content.
 */
export async function listReferralSummaries(db: Db, actor: Actor, referralId: string) {
  const sentToMe = exists(
    db
      .select({ one: sql`1` })
      .from(dischargeSummaryRecipients)
      .where(
        and(
          eq(dischargeSummaryRecipients.summaryId, dischargeSummaries.id),
          eq(dischargeSummaryRecipients.facilityId, actor.facilityId),
          isNotNull(dischargeSummaryRecipients.sinceVersion),
        ),
      ),
  );
  return db
    .select({
      id: dischargeSummaries.id,
      status: dischargeSummaries.status,
      sentVersion: dischargeSummaries.sentVersion,
      documentNumber: dischargeSummaries.documentNumber,
      lastSentAt: dischargeSummaries.lastSentAt,
      mine: sql<boolean>`${dischargeSummaries.authorFacilityId} = ${actor.facilityId}`,
    })
    .from(dischargeSummaries)
    .where(
      and(
        eq(dischargeSummaries.referralId, referralId),
        or(eq(dischargeSummaries.authorFacilityId, actor.facilityId), sentToMe),
      ),
    )
    .orderBy(asc(dischargeSummaries.createdAt));
}
