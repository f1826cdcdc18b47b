import { DomainError, msg } from "../../errors";

/**
 * What one person may ask of the imaging proxy, per node: token buckets per
 * practitioner and kind of request. Sized so that reading never meets them (a
 * 300-slice series is about 300 frame requests, loaded at once; a second series
 * or a study opened again stays inside the burst), while a script repeating
 * requests is refused with RATE_LIMITED before any PACS is asked.
 */
export type ImagingRequestKind = "list" | "open" | "item";

export const IMAGING_LIMITS: Record<ImagingRequestKind, { capacity: number; perSecond: number }> = {
  list: { capacity: 30, perSecond: 0.5 },
  open: { capacity: 30, perSecond: 0.5 },
  item: { capacity: 3000, perSecond: 300 },
};

class Bucket {
  #tokens: number;
  #at: number;
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }
  /** spends one token if there is one */
  take(now: number): boolean {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) * this.perSecond) / 1000);
    this.#at = Math.max(this.#at, now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
  full(now: number): boolean {
    return this.#tokens + ((now - this.#at) * this.perSecond) / 1000 >= this.capacity;
  }
}

export class ImagingLimiter {
  readonly #buckets = new Map<string, Bucket>();
  #sweptAt = 0;

  constructor(
    readonly limits: Record<ImagingRequestKind, { capacity: number; perSecond: number }> = IMAGING_LIMITS,
    readonly now: () => number = Date.now,
  ) {}

  /** Spends one request of this kind for the practitioner, or refuses it with RATE_LIMITED. */
  spend(practitionerId: string, kind: ImagingRequestKind): void {
    const now = this.now();
    this.#sweep(now);
    const id = `${kind}\n${practitionerId}`;
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      bucket = new Bucket(this.limits[kind].capacity, this.limits[kind].perSecond, now);
      this.#buckets.set(id, bucket);
    }
    if (!bucket.take(now)) {
      throw new DomainError("RATE_LIMITED", msg("images.tooManyImageRequestsTry"));
    }
  }

  /** full buckets are forgotten (a new one starts full), so the map holds only recent users */
  #sweep(now: number) {
    if (now - this.#sweptAt < 60_000) return;
    this.#sweptAt = now;
    for (const [id, bucket] of this.#buckets) if (bucket.full(now)) this.#buckets.delete(id);
  }
}

const KEY = Symbol.for("okinet.imagingLimiter");

/** The process's limiter (one for all bundles, as the record cache). */
export function imagingLimiter(): ImagingLimiter {
  const holder = globalThis as { [KEY]?: ImagingLimiter };
  holder[KEY] ??= new ImagingLimiter();
  return holder[KEY];
}
