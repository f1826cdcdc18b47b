import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env";

let cached: string | undefined;

/**
 * AUTH_SECRET when set (required in production). Otherwise, for development and
 * the demo, a random secret generated once into DATA_DIR, so sessions survive a
 * restart and no secret is ever committed.
 */
export function getAuthSecret(): string {
  if (cached) return cached;
  const e = env();
  if (e.AUTH_SECRET) return (cached = e.AUTH_SECRET);
  if (e.NODE_ENV === "production" && !e.DEMO_MODE) {
    throw new Error("AUTH_SECRET must be set in production (at least 32 random characters)");
  }
  const file = path.join(e.DATA_DIR, "auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(e.DATA_DIR, { recursive: true });
    cached = randomBytes(32).toString("base64url");
    writeFileSync(file, cached, { mode: 0o600, flag: "wx" });
  }
  return cached;
}
