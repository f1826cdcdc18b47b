import { and, lt, sql, type Placeholder, type SQL } from "drizzle-orm";
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
  return awaitingSince(overdueThreshold(now));
}

/** Overdue against a threshold given as a value or a prepared statement's placeholder (see overdueThreshold). */
export function awaitingSince(threshold: Date | Placeholder): SQL {
  // the statuses as literals, not parameters: a prepared statement's generic plan then still
  // knows which statuses it reads (our own constants, never user input)
  const awaiting = sql.raw(AWAITING_RESPONSE.map((s) => `'${s}'`).join(", "));
  return and(sql`${referrals.status} in (${awaiting})`, lt(referrals.awaitingSince, threshold))!;
}

export const overdueColumn = (now = new Date()) => sql<boolean>`coalesce(${overdueCondition(now)}, false)`;
