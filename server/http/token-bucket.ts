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
