import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { limitStore, rateLimit, type LimitStore } from "../../auth/shared-limits";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";

/**
 * What one person may post and upload to care team boards: far above a visit's
 * pace (a few posts and photos), far below a script's. Per practitioner across
 * their devices and, with REDIS_URL, across every node (a script cannot multiply
 * it by the number of nodes behind the balancer).
 */
export const CARE_TEAM_LIMITS = {
  posts: { points: 30, duration: 60 },
  photos: { points: 40, duration: 600 },
} as const;

const KEY = Symbol.for("okinet.care-team.limits");
type Limiters = { posts: RateLimiterAbstract; photos: RateLimiterAbstract };
function limiters(): Limiters {
  const store = globalThis as { [KEY]?: Limiters };
  return (store[KEY] ??= postingLimiters(limitStore()));
}

/** The two budgets in a store (tests: two nodes on one Redis). */
export function postingLimiters(store: LimitStore): Limiters {
  return {
    posts: rateLimit(
      store,
      "care-team:posts",
      CARE_TEAM_LIMITS.posts.points,
      CARE_TEAM_LIMITS.posts.duration,
    ),
    photos: rateLimit(
      store,
      "care-team:photos",
      CARE_TEAM_LIMITS.photos.points,
      CARE_TEAM_LIMITS.photos.duration,
    ),
  };
}

/** Spends one post and `photos` uploads from the actor's budget, or refuses with RATE_LIMITED naming when to retry. */
export async function spendPostingBudget(
  actor: Actor,
  photos: number,
  l: Limiters = limiters(),
): Promise<void> {
  try {
    await l.posts.consume(actor.practitionerId, 1);
    if (photos > 0) await l.photos.consume(actor.practitionerId, photos);
  } catch (e) {
    const seconds = Math.max(1, Math.ceil(((e as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000));
    throw new DomainError("RATE_LIMITED", msg("careTeam.tooManyPostsTryAgain", { seconds }));
  }
}

/** Tests start from a full budget. */
export function resetPostingBudget(): void {
  delete (globalThis as { [KEY]?: Limiters })[KEY];
}
