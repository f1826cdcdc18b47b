import { and, inArray, lt, sql, type SQL } from "drizzle-orm";
import { env } from "../../env";
import { referrals } from "../../db/schema";
import { AWAITING_RESPONSE, type ReferralStatus } from "./referral-status";

/** The instant before which a referral still awaiting an answer is overdue. */
export function overdueThreshold(now = new Date(), days = env().REFERRAL_OVERDUE_DAYS): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

export function isOverdue(
  r: { status: ReferralStatus; awaitingSince: Date | null },
  now = new Date(),
): boolean {
  return AWAITING_RESPONSE.includes(r.status) && !!r.awaitingSince && r.awaitingSince < overdueThreshold(now);
}

/** SQL form of `isOverdue`, for worklist filters and counts. */
export function overdueCondition(now = new Date()): SQL {
  return and(
    inArray(referrals.status, [...AWAITING_RESPONSE]),
    lt(referrals.awaitingSince, overdueThreshold(now)),
  )!;
}

export const overdueColumn = (now = new Date()) => sql<boolean>`coalesce(${overdueCondition(now)}, false)`;
