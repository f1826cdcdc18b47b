import { NextResponse, type NextRequest } from "next/server";
import {
  crossSiteRefused,
  appOrigin,
  contentSecurityPolicy,
  originAllowed,
} from "./server/http/request-guard";

/**
 * Runs before every page, route handler, server action and next-auth route: the
 * one place that refuses cross-site state changes (403, before any handler or
 * action parses a byte) and gives each page its Content-Security-Policy nonce
 * (Next.js reads it from the request's CSP header and puts it on its scripts).
 */
export function proxy(request: NextRequest) {
  const expected = appOrigin();
  if (!originAllowed(request.method, request.headers.get("origin"), expected)) {
    return NextResponse.json(crossSiteRefused(request.headers.get("cookie")), { status: 403 });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, expected, process.env.NODE_ENV !== "production");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages and server actions, not the build's static files; prefetches are not skipped, because a
  // state-changing request must not escape the Origin check by claiming to be one. Not /api/: the
  // proxy buffers request bodies, and an upload route must stop reading at its limit (the server
  // checks the Origin of every request itself, so /api/ is covered there).
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
