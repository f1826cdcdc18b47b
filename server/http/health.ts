import type { IncomingMessage, ServerResponse } from "node:http";
import { translateError } from "../errors";
import { localeFromCookieHeader, type MessageKey, type MessageParams } from "../model/messages";

/**
 * Liveness and readiness for a load balancer or monitoring: JSON, no session,
 * no patient data. Live: the process answers. Ready: every dependency a request
 * needs answers within its time.
 */
export interface ReadinessCheck {
  name: string;
  /** resolves when healthy; rejects (or times out) when not */
  check(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(c: ReadinessCheck): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      c.check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { name: c.name, ok: true };
  } catch (e) {
    // the error names the dependency's state, never a query or its parameters
    return { name: c.name, ok: false, error: e instanceof Error ? e.message.slice(0, 200) : "failed" };
  } finally {
    clearTimeout(timer);
  }
}

/** A JSON answer written straight to the socket (before Next.js), never cached. */
export function writeJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Answers /healthz and /readyz; returns false for any other request. */
export function handleHealth(
  req: IncomingMessage,
  res: ServerResponse,
  checks: () => ReadinessCheck[],
  state: { draining: boolean },
): boolean {
  const pathname = (req.url ?? "").split("?")[0];
  if (pathname !== "/healthz" && pathname !== "/readyz") return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" });
    res.end();
    return true;
  }
  if (pathname === "/healthz") {
    writeJson(res, 200, { status: "ok", uptimeSeconds: Math.round(process.uptime()) });
    return true;
  }
  void Promise.all(checks().map(runCheck)).then((results) => {
    const ready = !state.draining && results.every((r) => r.ok);
    writeJson(res, ready ? 200 : 503, {
      status: ready ? "ready" : state.draining ? "draining" : "not_ready",
      checks: results,
    });
  });
  return true;
}

/** The longest request target (path and query) the app reads: 8 KB, as nginx in front allows by default. */
export const MAX_REQUEST_TARGET = 8192;

/**
 * A path that does not decode (a lone surrogate such as %ED%A0%80, a stray %)
 * names no page or route: refused here with 400 naming the path, before Next.js,
 * whose decoding of route parameters would throw and answer 500. An address longer
 * than MAX_REQUEST_TARGET is refused with 414.
 */
export function refuseUndecodablePath(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  // an address past what a browser or a proxy in front would send (nginx's default is 8 KB):
  // refused before Next.js, whose answers (a redirect, its own headers) would repeat it and
  // could outgrow what a client accepts as response headers
  if (url.length > MAX_REQUEST_TARGET) {
    refusePath(req, res, 414, "http.addressTooLong", {
      field: "path",
      message: "http.addressAtMost",
      params: { max: MAX_REQUEST_TARGET },
    });
    return true;
  }
  try {
    decodeURIComponent(url.split("?")[0] ?? "/");
    return false;
  } catch {
    refusePath(req, res, 400, "http.addressCannotRead", {
      field: "path",
      message: "http.malformedCharacters",
    });
    return true;
  }
}

function refusePath(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: MessageKey,
  field: { field: string; message: MessageKey; params?: MessageParams },
) {
  writeJson(res, status, {
    ok: false,
    error: translateError(localeFromCookieHeader(req.headers.cookie), {
      code: "VALIDATION",
      message,
      fields: [field],
    }),
  });
}
