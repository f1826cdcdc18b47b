import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../../env";

/**
 * The keys of the audit chain's HMAC. They live outside the database (an
 * environment setting or a file), so a role that can rewrite rows still cannot
 * compute the hashes that make a rewritten row pass `audit:verify`. Every row
 * names the key it was sealed with; rotation adds a key and keeps the old ones
 * for verification.
 */
export interface AuditKey {
  id: string;
  secret: Buffer;
}

export interface AuditKeyring {
  /** the key that seals new events and checkpoints */
  readonly active: AuditKey;
  get(id: string): AuditKey | undefined;
  readonly ids: readonly string[];
}

const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;
const MIN_KEY_BYTES = 32;

export class AuditKeyError extends Error {
  override name = "AuditKeyError";
}

/** "id:key" entries separated by commas or new lines; "#" starts a comment line. */
export function parseAuditKeys(text: string, source: string): AuditKeyring {
  const entries = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith("#"));
  const keys = new Map<string, AuditKey>();
  let active: AuditKey | undefined;
  for (const entry of entries) {
    const at = entry.indexOf(":");
    const id = at > 0 ? entry.slice(0, at) : "";
    const encoded = at > 0 ? entry.slice(at + 1).trim() : "";
    if (!KEY_ID.test(id))
      throw new AuditKeyError(
        `${source}: each key is "id:base64url" with an id of letters, digits and . _ -`,
      );
    if (keys.has(id)) throw new AuditKeyError(`${source}: key id "${id}" appears twice`);
    const secret = Buffer.from(encoded, "base64url");
    if (secret.length < MIN_KEY_BYTES)
      throw new AuditKeyError(`${source}: key "${id}" is shorter than ${MIN_KEY_BYTES} bytes`);
    active = { id, secret };
    keys.set(id, active);
  }
  if (!active) throw new AuditKeyError(`${source}: no key`);
  return keyringOf([...keys.values()]);
}

/** The last key is the active one. */
export function keyringOf(keys: AuditKey[]): AuditKeyring {
  const active = keys.at(-1);
  if (!active) throw new AuditKeyError("no audit key");
  const byId = new Map(keys.map((k) => [k.id, k]));
  return { active, get: (id) => byId.get(id), ids: [...byId.keys()] };
}

/** A new random key line, "id:key", for a key file or AUDIT_KEYS. */
export function newAuditKeyLine(now = new Date()): string {
  const id = `k${now.toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(3).toString("hex")}`;
  return `${id}:${randomBytes(32).toString("base64url")}`;
}

export function auditKeyFile(): string {
  const e = env();
  return e.AUDIT_KEY_FILE ?? path.join(e.DATA_DIR, "audit-keys");
}

/**
 * AUDIT_KEYS when set; otherwise the key file. In development, tests and the
 * demo a missing file is created with one random key (like the auth secret);
 * in production it must exist: a server that cannot seal its audit log does
 * not start.
 */
export function loadAuditKeyring(): AuditKeyring {
  const e = env();
  if (e.AUDIT_KEYS) return parseAuditKeys(e.AUDIT_KEYS, "AUDIT_KEYS");
  const file = auditKeyFile();
  try {
    return parseAuditKeys(readFileSync(file, "utf8"), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (e.NODE_ENV === "production" && !e.DEMO_MODE) {
    throw new AuditKeyError(
      `AUDIT_KEYS or the key file ${file} must exist in production (npm run audit:key creates one)`,
    );
  }
  createKeyFile(file);
  return parseAuditKeys(readFileSync(file, "utf8"), file);
}

/** Written whole under another name, then linked into place: a concurrent creator loses cleanly. */
function createKeyFile(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temp, `${newAuditKeyLine()}\n`, { mode: 0o600 });
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

// The custom server and the Next.js bundle each load this module: one keyring per process.
const HOLDER = Symbol.for("okinet.auditKeyring");
type Holder = { [HOLDER]?: AuditKeyring };

export function auditKeyring(): AuditKeyring {
  const holder = globalThis as Holder;
  holder[HOLDER] ??= loadAuditKeyring();
  return holder[HOLDER];
}

/** Replaces the process's keyring (tests, tools); undefined loads it from the settings again. */
export function setAuditKeyring(keyring: AuditKeyring | undefined) {
  (globalThis as Holder)[HOLDER] = keyring;
}
