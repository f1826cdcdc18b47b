import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getAuthSecret } from "./secret";
import { secureCookies } from "./policy";
import { sha256 } from "./tokens";

/**
 * A trusted-device cookie (OWASP's "device cookies"): after a right password, the
 * browser keeps a signed note "this device signed in as this login ID". Attempts
 * carrying it are throttled on their own budget (sign-in-limiter.ts), so strangers'
 * failures never slow a user's usual browser. A shared ward terminal keeps notes
 * for its last few users. The note holds a hash of the login ID, not the ID.
 */
const MAX_ENTRIES = 5;
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 3600;

export const deviceCookieName = () => (secureCookies() ? "__Host-okinet.device" : "okinet.device");

const loginKey = (loginId: string) => sha256(`device|${loginId.toLowerCase()}`).slice(0, 16);
const mac = (login: string, device: string) =>
  createHmac("sha256", getAuthSecret()).update(`device|${login}|${device}`).digest("base64url").slice(0, 22);

function entries(cookie: string | undefined) {
  return (cookie ?? "")
    .split(".")
    .map((e) => e.split("~"))
    .filter((parts): parts is [string, string, string] => parts.length === 3)
    .slice(0, MAX_ENTRIES);
}

const sameMac = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The device id the cookie proves for this login ID, or null. */
export function trustedDeviceFor(cookie: string | undefined, loginId: string): string | null {
  const login = loginKey(loginId);
  const hit = entries(cookie).find(([l, d, m]) => l === login && sameMac(m, mac(l, d)));
  return hit ? hit[1] : null;
}

/** The cookie value after a right password for this login ID: its entry first, the others kept. */
export function rememberDevice(cookie: string | undefined, loginId: string): string {
  const login = loginKey(loginId);
  const device = trustedDeviceFor(cookie, loginId) ?? randomBytes(12).toString("base64url");
  const others = entries(cookie).filter(([l, d, m]) => l !== login && sameMac(m, mac(l, d)));
  return [[login, device, mac(login, device)], ...others]
    .slice(0, MAX_ENTRIES)
    .map((e) => e.join("~"))
    .join(".");
}
