import { log } from "../log";

/**
 * Which app node hosts each live conference's media. A conference's mediasoup
 * room (router, transports, producers) lives in one process; with several nodes
 * over one Redis, every participant of a conference must reach that node.
 *
 * The record is a lease in Redis: `<prefix>:conference-host:<conferenceId>` holds
 * the hosting node's id and expires after the lease time unless that node renews
 * it (a heartbeat at a third of the lease). A node that gets an admitted
 * participant claims the lease when nobody holds it (or it already does); when
 * another node holds it, the participant is sent there. A node that dies stops
 * renewing; once its lease expires the next node that gets a participant claims
 * it and the conference is rebuilt there (clients reconnect and send again).
 * A node that finds on renewal that another node took its lease (it was cut off
 * from Redis longer than the lease) gives the conference up: `onLost`.
 *
 * Without Redis (one node) every conference is hosted here, as before.
 */
export interface ConferenceHosts {
  /** this node's id (NODE_ID) */
  readonly nodeId: string;
  /** true with Redis: conferences may be hosted elsewhere */
  readonly shared: boolean;
  /** Claims or renews the lease; resolves with the id of the node that hosts the conference. */
  claim(conferenceId: string): Promise<string>;
  /** Gives up this node's lease (when it holds it). */
  release(conferenceId: string): Promise<void>;
  /** Conferences this node holds now. */
  held(): string[];
  /** Stops the heartbeat and releases every lease held (SIGTERM): another node may take them at once. */
  close(): Promise<void>;
}

/** One node, no Redis: every conference is hosted here. */
export function localConferenceHosts(nodeId = "local"): ConferenceHosts {
  return {
    nodeId,
    shared: false,
    claim: () => Promise.resolve(nodeId),
    release: () => Promise.resolve(),
    held: () => [],
    close: () => Promise.resolve(),
  };
}

/** The part of a node-redis client the leases use. */
export interface LeaseStore {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Set the lease when it is free or already ours (renewing it); answer whoever holds it. */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return holder`;

/** Delete the lease only when it is ours. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** A Redis command that does not answer in this time fails (node-redis queues commands while reconnecting). */
const COMMAND_TIMEOUT_MS = 3_000;

export class ConferenceHostsUnavailableError extends Error {
  override name = "ConferenceHostsUnavailableError";
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ConferenceHostsUnavailableError(`no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface RedisConferenceHostsOptions {
  store: LeaseStore;
  /** keys are `<prefix>:conference-host:<conferenceId>` (REDIS_CHANNEL_PREFIX) */
  prefix: string;
  nodeId: string;
  leaseMs: number;
  /** Whether this node still has anything of the conference (sockets in its room, a media room); else the lease is released. */
  inUse: (conferenceId: string) => boolean;
  /** Another node took the lease: this node closes what it had of the conference and sends its clients there. */
  onLost: (conferenceId: string, holder: string) => void;
}

export function redisConferenceHosts(options: RedisConferenceHostsOptions): ConferenceHosts {
  const { store, prefix, nodeId, leaseMs, inUse, onLost } = options;
  const key = (conferenceId: string) => `${prefix}:conference-host:${conferenceId}`;
  const held = new Set<string>();
  // when a participant last claimed it here: a claim just made is not released before its socket is in the room
  const claimedAt = new Map<string, number>();
  let closed = false;
  let reportedOutage = false;

  const renew = async (conferenceId: string): Promise<string> => {
    // a stopping node takes no conference any more (its leases were just given up)
    if (closed) throw new ConferenceHostsUnavailableError("this node is stopping");
    const holder = await withTimeout(
      store.eval(CLAIM, { keys: [key(conferenceId)], arguments: [nodeId, String(leaseMs)] }),
      COMMAND_TIMEOUT_MS,
    );
    if (typeof holder !== "string") throw new ConferenceHostsUnavailableError("unexpected lease reply");
    if (holder === nodeId && !closed) held.add(conferenceId);
    else {
      held.delete(conferenceId);
      claimedAt.delete(conferenceId);
    }
    return holder;
  };
  const claim = (conferenceId: string) => {
    claimedAt.set(conferenceId, Date.now());
    return renew(conferenceId);
  };

  const release = async (conferenceId: string) => {
    held.delete(conferenceId);
    claimedAt.delete(conferenceId);
    await withTimeout(
      store.eval(RELEASE, { keys: [key(conferenceId)], arguments: [nodeId] }),
      COMMAND_TIMEOUT_MS,
    );
  };

  let beating = false;
  const heartbeat = async () => {
    if (beating || closed) return;
    beating = true;
    try {
      for (const conferenceId of [...held]) {
        if (closed) break;
        if (!inUse(conferenceId) && Date.now() - (claimedAt.get(conferenceId) ?? 0) > leaseMs) {
          await release(conferenceId);
          continue;
        }
        const holder = await renew(conferenceId);
        if (holder !== nodeId) {
          log.warn(
            { conferenceId, holder },
            "[cluster] another node took this conference's lease; giving it up",
          );
          onLost(conferenceId, holder);
        }
      }
      if (reportedOutage) log.info("[cluster] conference leases renewed again");
      reportedOutage = false;
    } catch (err) {
      // a Redis outage: keep hosting what we have (nobody else can claim while Redis is down) and retry
      if (!reportedOutage) log.error({ err }, "[cluster] conference leases not renewed; retrying");
      reportedOutage = true;
    } finally {
      beating = false;
    }
  };
  const timer = setInterval(() => void heartbeat(), Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();

  return {
    nodeId,
    shared: true,
    claim,
    release,
    held: () => [...held],
    close: async () => {
      closed = true;
      clearInterval(timer);
      await Promise.allSettled([...held].map((id) => release(id)));
    },
  };
}

const KEY = Symbol.for("okinet.conference-hosts");
type Holder = { [KEY]?: ConferenceHosts };
export const setConferenceHosts = (hosts: ConferenceHosts | undefined) =>
  ((globalThis as Holder)[KEY] = hosts);
/** The process's registry; one node without Redis when none was set (tests, development). */
export const getConferenceHosts = (): ConferenceHosts =>
  ((globalThis as Holder)[KEY] ??= localConferenceHosts());
