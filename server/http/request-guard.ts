import { translateError } from "../errors";
import { localeFromCookieHeader } from "../model/messages";
/**
 * The two browser-facing guards proxy.ts applies to every request Next.js
 * handles, kept free of Next.js types so they can be unit-tested.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The app's public origin, as server/index.ts sets it (PUBLIC_URL, or the address it listens on). */
export function appOrigin(): string | null {
  const raw = process.env.NEXTAUTH_URL ?? process.env.PUBLIC_URL;
  if (!raw) return null;
  try {
    return new URL(raw).origin;
  } catch {
    return null;
  }
}

/** The 403 body for a cross-site state change, in the language of the request's cookie. */
/** The answer to a request that arrives while the server is still starting (the port is bound before Next.js is ready). */
export const startingRefused = (cookieHeader: string | null | undefined) =>
  translateError(localeFromCookieHeader(cookieHeader), {
    code: "UNAVAILABLE",
    message: "http.starting",
    fields: [],
  });

export const crossSiteRefused = (cookieHeader: string | null | undefined) =>
  translateError(localeFromCookieHeader(cookieHeader), {
    code: "FORBIDDEN",
    message: "http.requestsFromOtherSitesRefused",
    fields: [],
  });

/**
 * Whether a request may change state: every method but GET/HEAD/OPTIONS must
 * carry an Origin equal to the app's own. Browsers send Origin on every such
 * request (fetch, form posts, server actions, next-auth's own posts), so a
 * missing one means a non-browser client or a stripped header: refused too.
 */
export function originAllowed(method: string, origin: string | null, expected: string | null): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!origin || !expected) return false;
  return origin === expected;
}

/**
 * The page policy: scripts only from this origin and with this request's nonce
 * ('strict-dynamic' lets Next.js's own scripts load their chunks), no eval in
 * production, images also from blob: and data: (QR codes, downloaded images),
 * media streams from blob:, socket.io over ws(s) to this origin. Styles allow
 * inline: React style attributes need it, and scripts are what CSP must stop.
 */
export function contentSecurityPolicy(nonce: string, origin: string | null, dev: boolean): string {
  const url = origin ? new URL(origin) : null;
  const socket = url ? `${url.protocol === "https:" ? "wss" : "ws"}://${url.host}` : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${socket ? ` ${socket}` : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(url?.protocol === "https:" ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
