import { createHmac } from "node:crypto";

/** One RTCIceServer as the browser takes it. */
export type IceServer = { urls: string[]; username: string; credential: string };

/** How long a TURN credential handed with a join stays valid: a long conference day. */
export const TURN_CREDENTIAL_TTL_SECONDS = 12 * 60 * 60;

/**
 * A time-limited TURN credential in the "TURN REST API" style coturn checks with
 * `use-auth-secret` / `static-auth-secret`: the username is "<expiry unix
 * seconds>:<user>", the password base64(HMAC-SHA1(secret, username)). The TURN server
 * needs no user list, and a leaked credential expires on its own.
 */
export function turnCredential(
  secret: string,
  user: string,
  expiresAt: number,
): { username: string; credential: string } {
  const username = `${Math.floor(expiresAt)}:${user}`;
  return { username, credential: createHmac("sha1", secret).update(username).digest("base64") };
}

/** The TURN server for a participant's join, or none when TURN is not configured. */
export function iceServersFor(
  settings: { TURN_URLS?: string[]; TURN_SECRET?: string },
  practitionerId: string,
  now: number = Date.now(),
): IceServer[] {
  if (!settings.TURN_URLS?.length || !settings.TURN_SECRET) return [];
  const expiresAt = Math.floor(now / 1000) + TURN_CREDENTIAL_TTL_SECONDS;
  return [{ urls: settings.TURN_URLS, ...turnCredential(settings.TURN_SECRET, practitionerId, expiresAt) }];
}
