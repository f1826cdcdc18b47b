import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import net from "node:net";

/**
 * Who is really asking. Behind a reverse proxy the peer is the proxy; its
 * X-Forwarded-* headers name the client, but a client can send the same headers
 * itself. They are believed only when the peer is one of TRUSTED_PROXIES, so the
 * audit log records the real client and never an address a client made up.
 */
export interface TrustedProxies {
  has(address: string): boolean;
}

function plain(address: string): string {
  // IPv4 peers on a dual-stack socket appear as ::ffff:a.b.c.d
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** "127.0.0.1, 10.0.0.0/8, ::1" -> a matcher; throws naming the entry it cannot read. */
export function parseTrustedProxies(list: string | undefined): TrustedProxies {
  const block = new net.BlockList();
  let any = false;
  for (const raw of (list ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, bits, extra] = entry.split("/");
    const family = net.isIP(address ?? "");
    const prefix = bits === undefined ? undefined : Number(bits);
    if (
      !family ||
      extra !== undefined ||
      (prefix !== undefined &&
        (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)))
    )
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) block.addAddress(address!, type);
    else block.addSubnet(address!, prefix, type);
    any = true;
  }
  return {
    has(address: string) {
      if (!any) return false;
      const a = plain(address);
      const family = net.isIP(a);
      return family !== 0 && block.check(a, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

const FORWARDED = [
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "forwarded",
];
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/**
 * Sets the request's `x-real-ip` (what the app reads as the client address) and
 * `x-request-id`, and removes forwarding headers a trusted proxy did not send.
 * Runs before anything else sees the request, socket.io's handshake included.
 */
export function resolveClient(
  req: IncomingMessage,
  trusted: TrustedProxies,
): { clientAddress: string; requestId: string } {
  const peer = plain(req.socket.remoteAddress ?? "");
  let clientAddress = peer;
  let requestId: string | undefined;
  if (trusted.has(peer)) {
    // right to left: each trusted hop appended the address it saw; the first one
    // not trusted is the client (anything left of it the client could have written)
    const hops = (header(req, "x-forwarded-for") ?? "")
      .split(",")
      .map((h) => plain(h.trim()))
      .filter((h) => net.isIP(h) !== 0);
    for (let i = hops.length - 1; i >= 0; i--) {
      clientAddress = hops[i]!;
      if (!trusted.has(hops[i]!)) break;
    }
    const given = header(req, "x-request-id");
    if (given && REQUEST_ID.test(given)) requestId = given;
  } else {
    for (const name of FORWARDED) delete req.headers[name];
  }
  requestId ??= randomUUID();
  req.headers["x-real-ip"] = clientAddress;
  req.headers["x-request-id"] = requestId;
  return { clientAddress, requestId };
}

/** The client address of a socket.io connection, as resolveClient settled it for its handshake request. */
export function socketClientAddress(socket: {
  handshake: { address: string; headers: Record<string, string | string[] | undefined> };
}): string {
  const v = socket.handshake.headers["x-real-ip"];
  return typeof v === "string" && v ? v : plain(socket.handshake.address);
}
