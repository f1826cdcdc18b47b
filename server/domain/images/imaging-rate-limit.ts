import { DomainError, msg } from "../../errors";
import { KeyedBuckets } from "../../http/token-bucket";

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

export class ImagingLimiter {
  readonly #buckets: Record<ImagingRequestKind, KeyedBuckets>;

  constructor(
    limits: Record<ImagingRequestKind, { capacity: number; perSecond: number }> = IMAGING_LIMITS,
    readonly now: () => number = Date.now,
  ) {
    const of = (kind: ImagingRequestKind) => new KeyedBuckets(limits[kind].capacity, limits[kind].perSecond);
    this.#buckets = { list: of("list"), open: of("open"), item: of("item") };
  }

  /** Spends one request of this kind for the practitioner, or refuses it with RATE_LIMITED. */
  spend(practitionerId: string, kind: ImagingRequestKind): void {
    if (!this.#buckets[kind].take(practitionerId, this.now())) {
      throw new DomainError("RATE_LIMITED", msg("images.tooManyImageRequestsTry"));
    }
  }
}

const KEY = Symbol.for("okinet.imagingLimiter");

/** The process's limiter (one for all bundles, as the record cache). */
export function imagingLimiter(): ImagingLimiter {
  const holder = globalThis as { [KEY]?: ImagingLimiter };
  holder[KEY] ??= new ImagingLimiter();
  return holder[KEY];
}
