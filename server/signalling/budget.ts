import { TokenBucket } from "../http/token-bucket";
import type { ClientToServerEvents } from "./events";

/**
 * What one socket and one person may ask of the server. Every event spends
 * from a token bucket of its socket and one of its practitioner (all their tabs
 * on this node); past either, the event is refused with RATE_LIMITED before any
 * work. Costs follow the work behind an event: a layer change touches memory
 * only, a chat message or a moderation writes to the database and reaches the
 * whole room. Sized so that a person never meets them: joining the media of a
 * 50-person room (about 100 streams to consume and resume, one after the
 * other) spends about a third of a socket's burst.
 */
export const EVENT_COST: Record<keyof ClientToServerEvents, number> = {
  "session:whoami": 1,
  "media:consumer:layers": 1,
  "media:consumer:resume": 1,
  "media:consume": 1,
  // per stream in the batch
  "media:consumers:resume": 1,
  "media:consume:batch": 1,
  "media:producer:close": 2,
  "media:transport:connect": 2,
  "hand:raise": 2,
  "media:transport:create": 4,
  "media:transport:restartIce": 4,
  "media:produce": 4,
  "conference:leave": 5,
  "media:join": 10,
  "chat:send": 10,
  "conference:join": 20,
  "lobby:decide": 20,
  "moderation:mute": 20,
  "conference:end": 20,
};

export interface BucketSize {
  capacity: number;
  perSecond: number;
}

export interface SignallingLimits {
  socket: BucketSize;
  /** all the practitioner's sockets on this node */
  practitioner: BucketSize;
  /** chat messages (1 each), per practitioner, on top */
  chat: BucketSize;
  /** events running at once per socket, and how many more may wait their turn; past that, refused */
  inFlight: { running: number; waiting: number };
  /**
   * RATE_LIMITED answers (1 each) a socket may receive; past them it is
   * disconnected, so that a flood costs the server no more than this many
   * refusals, not one per message still arriving
   */
  refusals: BucketSize;
}

export const DEFAULT_LIMITS: SignallingLimits = {
  socket: { capacity: 600, perSecond: 100 },
  practitioner: { capacity: 1200, perSecond: 200 },
  // nobody types more than 20 messages at once, or one a second for long
  chat: { capacity: 20, perSecond: 1 },
  inFlight: { running: 16, waiting: 256 },
  refusals: { capacity: 100, perSecond: 10 },
};

type Event = keyof ClientToServerEvents;

interface PractitionerBudget {
  all: TokenBucket;
  chat: TokenBucket;
  sockets: number;
}

/** One per socket; the practitioner's buckets are shared by their sockets on this node. */
export class EventBudget {
  // per set of limits, so that servers with different limits in one process (tests) stay apart
  static readonly #shared = new WeakMap<SignallingLimits, Map<string, PractitionerBudget>>();
  readonly #socket: TokenBucket;
  readonly #refusals: TokenBucket;
  readonly #practitioner: PractitionerBudget;
  readonly #practitioners: Map<string, PractitionerBudget>;
  readonly #practitionerId: string;
  #released = false;

  constructor(practitionerId: string, limits: SignallingLimits = DEFAULT_LIMITS, now = Date.now()) {
    this.#practitionerId = practitionerId;
    this.#socket = new TokenBucket(limits.socket.capacity, limits.socket.perSecond, now);
    this.#refusals = new TokenBucket(limits.refusals.capacity, limits.refusals.perSecond, now);
    let practitioners = EventBudget.#shared.get(limits);
    if (!practitioners) {
      practitioners = new Map();
      EventBudget.#shared.set(limits, practitioners);
    }
    this.#practitioners = practitioners;
    let shared = practitioners.get(practitionerId);
    if (!shared) {
      shared = {
        all: new TokenBucket(limits.practitioner.capacity, limits.practitioner.perSecond, now),
        chat: new TokenBucket(limits.chat.capacity, limits.chat.perSecond, now),
        sockets: 0,
      };
      practitioners.set(practitionerId, shared);
    }
    shared.sockets += 1;
    this.#practitioner = shared;
  }

  /**
   * Spends the event's cost (times `units`: the streams of a batched request), or nothing and
   * false when any bucket it draws on is short.
   */
  take(event: Event, now = Date.now(), units = 1): boolean {
    const cost = EVENT_COST[event] * units;
    const buckets: [TokenBucket, number][] = [
      [this.#socket, cost],
      [this.#practitioner.all, cost],
    ];
    if (event === "chat:send") buckets.push([this.#practitioner.chat, 1]);
    if (!buckets.every(([bucket, c]) => bucket.has(c, now))) return false;
    for (const [bucket, c] of buckets) bucket.spend(c);
    return true;
  }

  /** Counts a refusal; false once the socket has been refused more than a well-behaved client ever is. */
  refused(now = Date.now()): boolean {
    if (!this.#refusals.has(1, now)) return false;
    this.#refusals.spend(1);
    return true;
  }

  /**
   * The socket closed. The practitioner's buckets outlive their last socket by
   * a minute, so that reconnecting does not refill them.
   */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    const shared = this.#practitioner;
    shared.sockets -= 1;
    if (shared.sockets > 0) return;
    setTimeout(() => {
      if (shared.sockets === 0 && this.#practitioners.get(this.#practitionerId) === shared)
        this.#practitioners.delete(this.#practitionerId);
    }, 60_000).unref();
  }
}

/** Bounded work in flight: a few events run at once, a few more wait in order, the rest are refused. */
export class WorkGate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {}

  /** A slot now (true: run, then call leave()); false when none is free, and enter() queues or refuses. */
  tryEnter(): boolean {
    if (this.#running >= this.running) return false;
    this.#running += 1;
    return true;
  }

  /** null: refused (too much in flight); otherwise resolves when the event may run, then call leave(). */
  enter(): Promise<void> | null {
    if (this.tryEnter()) return Promise.resolve();
    if (this.#waiting.length >= this.waiting) return null;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  leave(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running -= 1;
  }
}
