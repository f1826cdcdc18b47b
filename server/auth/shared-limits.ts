import { createClient } from "redis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "../env";

/** Where a limit's counters live: this process, or a connected node-redis client shared by every node. */
export type LimitStore = { kind: "memory" } | { kind: "redis"; client: unknown; prefix: string };

/**
 * A budget of `points` per `duration` seconds under `name`: in Redis when the
 * store is (every node behind the balancer spends from the same budget), else in
 * this process. If Redis stops answering, each node falls back to its own memory
 * counters rather than refusing or admitting everyone.
 */
export function rateLimit(
  store: LimitStore,
  name: string,
  points: number,
  duration: number,
): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration });
  if (store.kind === "memory") return memory;
  return new RateLimiterRedis({
    storeClient: store.client,
    useRedisPackage: true,
    keyPrefix: `${store.prefix}:${name}`,
    points,
    duration,
    insuranceLimiter: memory,
  });
}

const slot = globalThis as typeof globalThis & { __okinetLimitStore?: LimitStore };

/**
 * The process's store for limits that hold across nodes: one Redis client when
 * REDIS_URL is set (connecting in the background, reconnecting for ever), this
 * process's memory otherwise. One per process (Next's module copies share it).
 */
export function limitStore(): LimitStore {
  if (slot.__okinetLimitStore) return slot.__okinetLimitStore;
  const e = env();
  let store: LimitStore = { kind: "memory" };
  if (e.REDIS_URL) {
    const client = createClient({
      url: e.REDIS_URL,
      socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 5_000) },
    });
    // errors are answered by the in-memory insurance limiters; the client keeps reconnecting
    client.on("error", () => undefined);
    void client.connect().catch(() => undefined);
    store = { kind: "redis", client, prefix: e.REDIS_CHANNEL_PREFIX };
  }
  slot.__okinetLimitStore = store;
  return store;
}
