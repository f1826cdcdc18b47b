import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { DomainError, msg } from "../errors";

/**
 * Passwords are hashed with scrypt, a memory-hard KDF built into Node (no native
 * add-on to build in a closed network), at OWASP's minimum: N=2^17, r=8, p=1,
 * 128 MiB per hash. Each hash carries its own parameters
 * (scrypt$N$r$p$salt(b64)$hash(b64)), so a hash made with weaker ones is still
 * checked and is replaced at the next successful sign-in (needsRehash).
 */
export const PASSWORD_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// scrypt needs 128·N·r bytes; Node refuses anything above maxmem (32 MiB by default)
const MAXMEM = 2 * 128 * PASSWORD_PARAMS.N * PASSWORD_PARAMS.r;

/**
 * At most this many hashes run at once (each holds 128 MiB and a libuv thread),
 * and at most MAX_WAITING wait; past that the attempt is refused at once rather
 * than queued, so a storm of sign-ins cannot exhaust memory or starve the
 * thread pool that file and DNS work share.
 */
const MAX_CONCURRENT = 2;
const MAX_WAITING = 32;
let running = 0;
const waiting: Array<() => void> = [];

export const BUSY = msg("auth.signBusyTryAgainMoment");

/** How many scrypt computations this process has started (tests prove a refusal cost none). */
export const passwordHashCount = { started: 0 };

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) {
    if (waiting.length >= MAX_WAITING) throw new DomainError("RATE_LIMITED", BUSY);
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    // the slot passes straight to the next waiter, so `running` stays counted
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function scryptAsync(password: string, salt: Buffer, params: ScryptOptions, keyLength: number) {
  return withHashSlot(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        passwordHashCount.started++;
        scrypt(password.normalize("NFKC"), salt, keyLength, { ...params, maxmem: MAXMEM }, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = PASSWORD_PARAMS;
  const key = await scryptAsync(password, salt, { N, r, p }, KEY_LENGTH);
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

function parseHash(stored: string) {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  if (scheme !== "scrypt" || !salt || !hash) return null;
  // a stored hash never asks for more than the current parameters' memory
  if (![N, R, P].every(Number.isSafeInteger) || 128 * N * R > MAXMEM || P < 1 || P > 16) return null;
  return { N, r: R, p: P, salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const { N, r, p } = parsed;
  const key = await scryptAsync(password, parsed.salt, { N, r, p }, parsed.hash.length);
  return timingSafeEqual(key, parsed.hash);
}

/** A hash made with weaker parameters than today's (or unreadable): replace it once the password is known. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return (
    parsed.N < PASSWORD_PARAMS.N ||
    parsed.r < PASSWORD_PARAMS.r ||
    parsed.p < PASSWORD_PARAMS.p ||
    parsed.hash.length < KEY_LENGTH
  );
}

// A fixed hash checked for unknown login IDs, so an unknown user costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString("hex")).catch((e: unknown) => {
    dummyHash = undefined;
    throw e;
  });
  return dummyHash;
}
