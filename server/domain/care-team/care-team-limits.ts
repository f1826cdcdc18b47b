import { RateLimiterMemory } from "rate-limiter-flexible";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";

/**
 * What one person may post and upload to care team boards: far above a visit's
 * pace (a few posts and photos), far below a script's. Per practitioner across
 * their devices on this node.
 */
export const CARE_TEAM_LIMITS = {
  posts: { points: 30, duration: 60 },
  photos: { points: 40, duration: 600 },
} as const;

const KEY = Symbol.for("okinet.care-team.limits");
type Limiters = { posts: RateLimiterMemory; photos: RateLimiterMemory };
function limiters(): Limiters {
  const store = globalThis as { [KEY]?: Limiters };
  return (store[KEY] ??= {
    posts: new RateLimiterMemory({ keyPrefix: "care-team-posts", ...CARE_TEAM_LIMITS.posts }),
    photos: new RateLimiterMemory({ keyPrefix: "care-team-photos", ...CARE_TEAM_LIMITS.photos }),
  });
}

/** Spends one post and `photos` uploads from the actor's budget, or refuses with RATE_LIMITED naming when to retry. */
export async function spendPostingBudget(actor: Actor, photos: number): Promise<void> {
  const l = limiters();
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
