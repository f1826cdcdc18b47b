import http from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { log } from "../log";
import { resolveClient, type TrustedProxies } from "./proxy";

const HSTS = "max-age=31536000";

/**
 * What every request passes first: the client address and request id settled
 * (see resolveClient), the id echoed in the response, HSTS when the origin is
 * https, and one access-log line when the response is done. Prepended, so it runs
 * before socket.io's and Next.js's own listeners.
 */
export function attachFrontDoor(
  server: http.Server | HttpsServer,
  options: { trusted: TrustedProxies; hsts: boolean },
): void {
  server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = process.hrtime.bigint();
    const { clientAddress, requestId } = resolveClient(req, options.trusted);
    res.setHeader("x-request-id", requestId);
    if (options.hsts) res.setHeader("strict-transport-security", HSTS);
    res.once("finish", () => {
      const path = logPath(req.url);
      const quiet = path === "/healthz" || path === "/readyz" || path.startsWith("/socket.io/");
      log[quiet ? "debug" : "info"](
        {
          reqId: requestId,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          client: clientAddress,
        },
        "request",
      );
    });
  });
  server.prependListener("upgrade", (req: http.IncomingMessage) => {
    resolveClient(req, options.trusted);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORD = /^[A-Za-z0-9._-]{1,40}$/;

/**
 * The path as a log line may show it: never the query string (search terms,
 * names), and only segments that are ids or plain route words; anything else (a
 * calendar feed's secret, an escaped name) is replaced.
 */
export function logPath(url: string | undefined): string {
  const pathname = (url ?? "/").split(/[?#]/)[0] ?? "/";
  const segments = pathname.split("/").map((seg, i, all) => {
    if (seg === "" || UUID.test(seg)) return seg;
    if (all[i - 1] === "calendar") return ":feed";
    return WORD.test(seg) ? seg : ":redacted";
  });
  return segments.join("/");
}

/** A plain-HTTP listener that only sends browsers to the https origin (same path and query). */
export async function startRedirect(
  host: string,
  port: number,
  origin: string,
): Promise<{ server: http.Server; port: number }> {
  const base = origin.replace(/\/+$/, "");
  const server = http.createServer((req, res) => {
    const target = req.url?.startsWith("/") ? req.url : "/";
    res.writeHead(308, { location: base + target, "cache-control": "no-store" });
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  if (!origin.startsWith("https://"))
    log.warn(`[okinet] HTTP_REDIRECT_PORT redirects to ${origin}, which is not https`);
  return { server, port: (server.address() as AddressInfo).port };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Browsers on other machines grant camera and microphone only to https origins: a
 * server listening beyond loopback without TLS (its own, or a proxy's named by an
 * https PUBLIC_URL) is said to be unusable for conferences from there.
 */
export function insecureOriginWarning(host: string, tls: boolean, origin: string): string | undefined {
  if (tls || isLoopback(host) || origin.startsWith("https://")) return undefined;
  return (
    `[okinet] listening on ${host} without HTTPS: browsers on other machines will not allow camera or ` +
    "microphone (only https or localhost are secure origins), so they cannot take part in conferences. " +
    "Set TLS_CERT_FILE and TLS_KEY_FILE, or put a TLS reverse proxy in front and set PUBLIC_URL=https://... " +
    "(see the README, Operations)."
  );
}
