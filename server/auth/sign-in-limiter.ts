import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "../env";
import { limitStore, rateLimit, type LimitStore } from "./shared-limits";
import { sha256 } from "./tokens";
import { msg } from "../errors";

/**
 * Sign-in throttling, decided before any password is hashed.
 *
 * - Per client address: at most `perAddressPerMinute` password attempts a minute
 *   from browsers that are not a trusted device of the login ID they try. A
 *   storm from one address is refused at no scrypt cost.
 * - Progressive delay per (login ID, address), not a lockout: after
 *   `freeFailures` wrong passwords the next attempt must wait 1 s, then 2 s,
 *   4 s … up to `longestDelayMinutes`; a right password clears it. A stranger's
 *   failures delay only the stranger's own address.
 * - A trusted device (a browser that signed in to this login ID before, proven
 *   by a signed cookie: device-cookie.ts) has its own budget and its own delay,
 *   so even a stranger behind the same hospital NAT cannot keep the user out of
 *   their usual browser.
 *
 * Counters live in Redis when REDIS_URL is set (every node shares them), in this
 * process's memory otherwise. If Redis stops answering, each node falls back to
 * its own memory counters rather than refusing or admitting everyone.
 */
export interface SignInLimits {
  perAddressPerMinute: number;
  freeFailures: number;
  longestDelayMinutes: number;
}

/** `audit`: the first refusal for this address in a minute (a storm is not written to the audit log per attempt). */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number; audit: boolean };

/** Who is attempting: the login ID, the client address, and the trusted device id if the cookie proved one. */
export interface Attempt {
  loginId: string;
  ip: string;
  trustedDevice?: string | null;
}

const FAILURE_MEMORY_SECONDS = 24 * 3600;

/** Where the counters live: this process, or a connected node-redis client shared by every node. */
export type Store = LimitStore;

export class SignInLimiter {
  readonly #limits: SignInLimits;
  readonly #perAddress: RateLimiterAbstract;
  readonly #perDevice: RateLimiterAbstract;
  readonly #failures: RateLimiterAbstract;
  readonly #delay: RateLimiterAbstract;
  readonly #lastAudited = new Map<string, number>();

  constructor(limits: SignInLimits, store: Store = { kind: "memory" }) {
    this.#limits = limits;
    const make = (name: string, points: number, duration: number) =>
      rateLimit(store, `signin:${name}`, points, duration);
    this.#perAddress = make("addr", limits.perAddressPerMinute, 60);
    this.#perDevice = make("dev", limits.perAddressPerMinute, 60);
    this.#failures = make("fail", Number.MAX_SAFE_INTEGER, FAILURE_MEMORY_SECONDS);
    this.#delay = make("delay", 1, 1);
  }

  #delayKey(a: Attempt) {
    const id = sha256(a.loginId.toLowerCase()).slice(0, 32);
    return a.trustedDevice ? `${id}:device:${a.trustedDevice}` : `${id}:addr:${a.ip}`;
  }

  #refuse(a: Attempt, ms: number): Admission {
    const now = Date.now();
    const source = a.trustedDevice ?? a.ip;
    const audit = now - (this.#lastAudited.get(source) ?? 0) > 60_000;
    if (audit) {
      // bounded: a storm from many addresses must not grow this map without end
      if (this.#lastAudited.size > 10_000) this.#lastAudited.clear();
      this.#lastAudited.set(source, now);
    }
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)), audit };
  }

  /** Counts the attempt against its budget and checks its delay; a refused attempt must not be hashed. */
  async admit(a: Attempt): Promise<Admission> {
    const delayed = await this.#delay.get(this.#delayKey(a));
    if (delayed && delayed.consumedPoints > 1 && delayed.msBeforeNext > 0) {
      return this.#refuse(a, delayed.msBeforeNext);
    }
    try {
      if (a.trustedDevice) await this.#perDevice.consume(a.trustedDevice);
      else await this.#perAddress.consume(a.ip || "unknown");
      return { admitted: true };
    } catch (e) {
      if (e instanceof RateLimiterRes) return this.#refuse(a, e.msBeforeNext);
      throw e;
    }
  }

  /** A wrong password (or an unknown login ID): past the free failures, the next attempt waits longer. */
  async failed(a: Attempt): Promise<void> {
    const key = this.#delayKey(a);
    const { consumedPoints } = await this.#failures.penalty(key, 1);
    const over = consumedPoints - this.#limits.freeFailures;
    if (over < 0) return;
    const seconds = Math.min(2 ** Math.min(over, 30), this.#limits.longestDelayMinutes * 60);
    await this.#delay.block(key, seconds);
  }

  async succeeded(a: Attempt): Promise<void> {
    const key = this.#delayKey(a);
    await Promise.all([this.#failures.delete(key), this.#delay.delete(key)]);
  }
}

export const RATE_LIMITED_MESSAGE = (seconds: number) => msg("auth.tooManySignAttemptsTry", { seconds });

// one per process, shared by every request (a module-level let would be one per Next.js bundle)
const slot = globalThis as typeof globalThis & { __okinetSignInLimiter?: SignInLimiter };

export function signInLimits(): SignInLimits {
  const e = env();
  return {
    perAddressPerMinute: e.AUTH_SIGNIN_PER_ADDRESS_PER_MINUTE,
    freeFailures: e.AUTH_MAX_FAILED_ATTEMPTS,
    longestDelayMinutes: e.AUTH_LOCKOUT_MINUTES,
  };
}

/** The process's limiter: Redis-backed when REDIS_URL is set, in memory otherwise. */
export function signInLimiter(): SignInLimiter {
  if (slot.__okinetSignInLimiter) return slot.__okinetSignInLimiter;
  slot.__okinetSignInLimiter = new SignInLimiter(signInLimits(), limitStore());
  return slot.__okinetSignInLimiter;
}

/** Tests and benchmarks: a fresh limiter (e.g. with other limits) for this process. */
export function setSignInLimiter(limiter: SignInLimiter | undefined) {
  slot.__okinetSignInLimiter = limiter;
}
