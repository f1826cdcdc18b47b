/**
 * A token bucket: `capacity` tokens at most, refilled at `perSecond`. What a
 * single client may repeat (socket events, requests) spends from one.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now = Date.now(),
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  has(cost: number, now = Date.now()): boolean {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) * this.perSecond) / 1000);
    this.#at = Math.max(this.#at, now);
    return this.#tokens >= cost;
  }

  /** After has(): spend. Split so that a refusal by one bucket spends nothing from the others. */
  spend(cost: number): void {
    this.#tokens -= cost;
  }
}

/**
 * One token bucket per key (a session, a person), created full on first use.
 * When more than `keep` keys are held, the full buckets (idle keys) are
 * forgotten first, then the oldest, so the map never grows without end.
 */
export class KeyedBuckets {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    /** how many keys' buckets to keep before forgetting the full ones */
    readonly keep = 10_000,
  ) {}

  /** Spends `cost` from the key's bucket; false (spending nothing) when it has not that much. */
  take(key: string, now = Date.now(), cost = 1): boolean {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.keep) this.#forget(now);
      bucket = new TokenBucket(this.capacity, this.perSecond, now);
      this.#buckets.set(key, bucket);
    }
    if (!bucket.has(cost, now)) return false;
    bucket.spend(cost);
    return true;
  }

  get size() {
    return this.#buckets.size;
  }

  #forget(now: number) {
    for (const [key, bucket] of this.#buckets)
      if (bucket.has(bucket.capacity, now)) this.#buckets.delete(key);
    if (this.#buckets.size >= this.keep) {
      const excess = this.#buckets.size - this.keep + 1;
      let i = 0;
      for (const key of this.#buckets.keys()) {
        if (i++ >= excess) break;
        this.#buckets.delete(key);
      }
    }
  }
}
