/**
 * The process's warm-up fetches from the PACS, at most a few at a time however
 * many participants warm their conferences at once. A viewer's own requests
 * never wait here (they go straight to the record cache), so a warm-up takes at
 * most this many of a PACS's connections from the people reading images now.
 */
export const WARM_FETCHES_PER_PROCESS = 4;

export class WarmFetchSlots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly size: number = WARM_FETCHES_PER_PROCESS) {
    this.#free = size;
  }

  /** Runs `work` once a slot is free, first come first served. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      // the slot passes to the next in line, or is freed
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

const KEY = Symbol.for("okinet.warmFetchSlots");

/** The process's slots (one instance for all bundles, as the record cache). */
export function warmFetchSlots(): WarmFetchSlots {
  const holder = globalThis as { [KEY]?: WarmFetchSlots };
  holder[KEY] ??= new WarmFetchSlots();
  return holder[KEY];
}
