import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { LeaseStore } from "../cluster/conference-hosts";
import { log } from "../log";

/**
 * socket.io across several app nodes: every emit to a room and every change of
 * room membership (removal, conference end, sign-out disconnects) is published
 * on Redis and replayed by the other nodes, so a chat message or an admission
 * decision reaches participants wherever their socket is connected.
 *
 * What does NOT cross nodes is media: a conference's mediasoup room (router,
 * transports, producers, the active-speaker observer) lives in the process of
 * one node, recorded as the conference's host in Redis
 * (server/cluster/conference-hosts.ts); participants who arrive elsewhere are
 * sent there. The README ("Several nodes") shows the balancer's part.
 */

/** The signalling cannot start: REDIS_URL is set but Redis does not answer. */
export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

/** Reconnect waits once running: Redis restarts are ridden out, messages queue meanwhile. */
const RECONNECT_MAX_MS = 5_000;
const CONNECT_TIMEOUT_MS = 5_000;

export interface RedisSignallingAdapter {
  /** for attachSignalling's `adapter` option */
  adapter: ReturnType<typeof createAdapter>;
  /** Closes both connections; idempotent. Close socket.io first so the adapter unsubscribes. */
  close(): Promise<void>;
  /** Commands on the publishing connection (the conference leases). */
  commands: LeaseStore;
  /** Resolves when Redis answers a PING on the publishing connection (for /readyz). */
  ping(): Promise<void>;
}

/** A password in the URL never reaches a log line. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as NodeJS.ErrnoException).code;
  // a refused "localhost" is an AggregateError (IPv4 and IPv6) with an empty message
  if (!e.message) return code ?? e.name;
  return code && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
}

/**
 * Connects the publishing client and its subscribing duplicate before the server
 * takes connections, so a node never runs cut off from the others without
 * saying so. `channelPrefix` separates deployments (and test runs) on one Redis.
 */
export async function connectRedisAdapter(
  url: string,
  channelPrefix: string,
): Promise<RedisSignallingAdapter> {
  let running = false;
  let reportedOutage = false;
  const pub = createClient({
    url,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // at start-up one failure is the answer (connect() rejects); once running, keep trying
      reconnectStrategy: (retries) =>
        running ? Math.min(100 * 2 ** Math.min(retries, 6), RECONNECT_MAX_MS) : false,
    },
  });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) {
    // an 'error' without a listener would end the process; one line per outage is enough
    client.on("error", (e: Error) => {
      if (!running || reportedOutage) return;
      reportedOutage = true;
      log.error({ err: e }, `[signalling] Redis at ${redactUrl(url)} unreachable; retrying`);
    });
    client.on("ready", () => {
      if (running && reportedOutage) log.info("[signalling] Redis reachable again");
      reportedOutage = false;
    });
  }

  const closeBoth = async () => {
    running = false;
    await Promise.allSettled(
      [pub, sub].map(async (client) => {
        if (client.isOpen) await client.close();
      }),
    );
  };

  const connected = await Promise.allSettled([pub.connect(), sub.connect()]);
  const failed = connected.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    for (const client of [pub, sub]) if (client.isOpen) client.destroy();
    throw new RedisUnavailableError(
      `Redis at ${redactUrl(url)} (REDIS_URL) is unreachable: ${describe(failed.reason)}. ` +
        "Start Redis or fix REDIS_URL; unset it to run a single node with the in-memory adapter.",
    );
  }
  running = true;

  return {
    adapter: createAdapter(pub, sub, { key: channelPrefix }),
    close: closeBoth,
    commands: {
      eval: (script, options) => pub.eval(script, options),
    },
    ping: async () => {
      if (!pub.isReady) throw new Error("Redis connection not ready");
      await pub.ping();
    },
  };
}
