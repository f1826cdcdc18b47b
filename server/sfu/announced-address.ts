import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { Env } from "../env";
import { log } from "../log";

const WILDCARDS = new Set(["0.0.0.0", "::"]);

/**
 * The address the SFU's ICE candidates carry, decided once at start:
 * SFU_ANNOUNCED_ADDRESS; else PUBLIC_URL's host when it is an IP or resolves; else
 * SFU_LISTEN_IP when that is one address; else loopback, so a plain local start
 * keeps working for a browser on this machine (other machines then need one of the
 * settings above, and the start says so).
 */
export async function resolveAnnouncedAddress(
  e: Pick<Env, "SFU_ANNOUNCED_ADDRESS" | "PUBLIC_URL" | "SFU_LISTEN_IP">,
  warn: (message: string) => void = (m) => log.warn(m),
): Promise<string> {
  if (e.SFU_ANNOUNCED_ADDRESS) return e.SFU_ANNOUNCED_ADDRESS;
  if (e.PUBLIC_URL) {
    // URL keeps an IPv6 literal in brackets
    const host = new URL(e.PUBLIC_URL).hostname.replace(/^\[(.*)\]$/, "$1");
    if (isIP(host)) return host;
    try {
      return (await lookup(host)).address;
    } catch {
      warn(
        `[sfu] PUBLIC_URL's host ${host} does not resolve here; set SFU_ANNOUNCED_ADDRESS ` +
          "to the server's address browsers reach",
      );
    }
  }
  if (!WILDCARDS.has(e.SFU_LISTEN_IP)) return e.SFU_LISTEN_IP;
  warn(
    "[sfu] announcing 127.0.0.1 for media: only a browser on this machine receives it. " +
      "Set PUBLIC_URL (or SFU_ANNOUNCED_ADDRESS) for other machines.",
  );
  return "127.0.0.1";
}
