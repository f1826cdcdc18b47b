import { TokenBucket } from "../http/token-bucket";
import { msg } from "../errors";

/**
 * What one signed-in session may ask of this node: one token per request (a
 * page, a server action, a route), spent before the session is even looked up,
 * so a loop on one session costs the database nothing past its budget. Kept on
 * globalThis (Next's module copies share it); idle sessions' buckets, full
 * again, are forgotten.
 */
export class RequestBudget {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    readonly burst: number,
    readonly perSecond: number,
    /** how many sessions' buckets to keep before forgetting the full ones */
    readonly keep = 10_000,
  ) {}

  /** Spends one request of the session's budget; false when it is spent. */
  take(sessionId: string, now = Date.now()): boolean {
    let bucket = this.#buckets.get(sessionId);
    if (!bucket) {
      if (this.#buckets.size >= this.keep) this.#forgetFull(now);
      bucket = new TokenBucket(this.burst, this.perSecond, now);
      this.#buckets.set(sessionId, bucket);
    }
    if (!bucket.has(1, now)) return false;
    bucket.spend(1);
    return true;
  }

  get size() {
    return this.#buckets.size;
  }

  #forgetFull(now: number) {
    for (const [id, bucket] of this.#buckets) if (bucket.has(bucket.capacity, now)) this.#buckets.delete(id);
    // all busy at once: forget the oldest rather than grow without end
    if (this.#buckets.size >= this.keep) {
      const excess = this.#buckets.size - this.keep + 1;
      let i = 0;
      for (const id of this.#buckets.keys()) {
        if (i++ >= excess) break;
        this.#buckets.delete(id);
      }
    }
  }
}

const KEY = Symbol.for("okinet.requestBudget");

/** This node's budget, sized by SESSION_REQUEST_BURST and SESSION_REQUESTS_PER_SECOND. */
export function requestBudget(burst: number, perSecond: number): RequestBudget {
  const holder = globalThis as { [KEY]?: RequestBudget };
  const current = holder[KEY];
  if (current && current.burst === burst && current.perSecond === perSecond) return current;
  return (holder[KEY] = new RequestBudget(burst, perSecond));
}

export const TOO_MANY_REQUESTS = msg("session.tooManyRequestsWaitMoment");
