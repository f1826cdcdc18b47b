import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createClient } from "redis";
import {
  redisConferenceHosts,
  type ConferenceHosts,
  type LeaseStore,
} from "../../server/cluster/conference-hosts";
import { eventually } from "../helpers/eventually";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** short, so expiry is seen quickly; every wait below is for a condition, bounded generously */
const LEASE_MS = 1_000;
const WAIT_MS = 20_000;

type Client = ReturnType<typeof createClient>;

/**
 * The conference host leases against the real Redis: a node claims a free
 * conference, another node is told who holds it, the holder's heartbeat keeps
 * it past its lease time, a node that stops renewing loses it to the next
 * claimant, a node that finds its lease taken gives the conference up, and a
 * stopping node frees its conferences at once. Each run under its own prefix.
 */
describe("conference host leases (real Redis)", () => {
  const prefix = `okinet-test-${randomBytes(6).toString("hex")}`;
  const clients: Client[] = [];
  const nodes: ConferenceHosts[] = [];
  let admin: Client;

  const connect = async () => {
    const client = createClient({ url: REDIS_URL });
    client.on("error", () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  };
  const storeOf = (client: Client): LeaseStore => ({
    eval: (script, options) => client.eval(script, options),
  });
  const node = (
    client: Client,
    nodeId: string,
    options: { inUse?: (id: string) => boolean; onLost?: (id: string, holder: string) => void } = {},
  ) => {
    const hosts = redisConferenceHosts({
      store: storeOf(client),
      prefix,
      nodeId,
      leaseMs: LEASE_MS,
      inUse: options.inUse ?? (() => true),
      onLost: options.onLost ?? (() => undefined),
    });
    nodes.push(hosts);
    return hosts;
  };
  const holderOf = (conferenceId: string) => admin.get(`${prefix}:conference-host:${conferenceId}`);

  before(async () => {
    admin = await connect();
  });
  after(async () => {
    await Promise.allSettled(nodes.map((n) => n.close()));
    for (const key of await admin.keys(`${prefix}:*`)) await admin.del(key);
    await Promise.allSettled(clients.filter((c) => c.isOpen).map((c) => c.close()));
  });

  it("the first claimant holds a conference; another node is told who does", async () => {
    const a = node(await connect(), "node-a");
    const b = node(await connect(), "node-b");
    const conference = randomUUID();
    assert.equal(await a.claim(conference), "node-a");
    assert.equal(await b.claim(conference), "node-a");
    assert.equal(await holderOf(conference), "node-a");
    assert.deepEqual(a.held(), [conference]);
    assert.deepEqual(b.held(), []);
    const ttl = await admin.pTTL(`${prefix}:conference-host:${conference}`);
    assert.ok(ttl > 0 && ttl <= LEASE_MS, `a lease, not a permanent record: ${ttl} ms`);
    // claiming again renews; releasing someone else's lease leaves it alone
    assert.equal(await a.claim(conference), "node-a");
    await b.release(conference);
    assert.equal(await holderOf(conference), "node-a");
  });

  it("the holder's heartbeat keeps the lease well past its lease time", async () => {
    const a = node(await connect(), "node-a");
    const b = node(await connect(), "node-b");
    const conference = randomUUID();
    await a.claim(conference);
    const key = `${prefix}:conference-host:${conference}`;
    // renewals seen as the remaining time going up again, three times, over more than three lease times
    const started = Date.now();
    let renewals = 0;
    let last = await admin.pTTL(key);
    await eventually(
      "three renewals over more than three lease times",
      async () => {
        const ttl = await admin.pTTL(key);
        if (ttl > last) renewals += 1;
        last = ttl;
        return renewals >= 3 && Date.now() - started > 3 * LEASE_MS;
      },
      WAIT_MS,
    );
    assert.equal(await holderOf(conference), "node-a");
    assert.equal(await b.claim(conference), "node-a");
  });

  it("a node that stops renewing (cut off, or killed) loses the conference to the next claimant", async () => {
    const cutOff = await connect();
    const a = node(cutOff, "node-a");
    const b = node(await connect(), "node-b");
    const conference = randomUUID();
    await a.claim(conference);
    assert.equal(await b.claim(conference), "node-a");
    // node A's connection to Redis ends: its heartbeat fails from now on, as a dead node's would never come
    cutOff.destroy();
    await eventually(
      "node B takes the conference once A's lease expired",
      async () => (await b.claim(conference)) === "node-b",
      WAIT_MS,
    );
    assert.equal(await holderOf(conference), "node-b");
    assert.deepEqual(b.held(), [conference]);
  });

  it("a holder that finds its lease taken by another node gives the conference up", async () => {
    const lost: [string, string][] = [];
    const a = node(await connect(), "node-a", { onLost: (id, holder) => lost.push([id, holder]) });
    const conference = randomUUID();
    await a.claim(conference);
    // as after an outage longer than the lease, during which node C claimed it
    await admin.set(`${prefix}:conference-host:${conference}`, "node-c", { PX: 60_000 });
    await eventually("node A told it lost the conference", () => Promise.resolve(lost.length > 0), WAIT_MS);
    assert.deepEqual(lost, [[conference, "node-c"]]);
    assert.deepEqual(a.held(), []);
    assert.equal(await holderOf(conference), "node-c", "A does not take it back");
  });

  it("a lease is released once the node has nothing of the conference, and all at once when it stops", async () => {
    let inUse = true;
    const a = node(await connect(), "node-a", { inUse: () => inUse });
    const idle = randomUUID();
    const other = randomUUID();
    await a.claim(idle);
    await a.claim(other);
    await eventually(
      "the lease renewed while in use",
      async () => (await holderOf(idle)) === "node-a",
      WAIT_MS,
    );
    inUse = false;
    // both are given up in one heartbeat, one after the other: wait for the pass to finish
    await eventually(
      "released after the last participant left",
      async () =>
        (await holderOf(idle)) === null && (await holderOf(other)) === null && a.held().length === 0,
      WAIT_MS,
    );
    assert.deepEqual(a.held(), []);

    const b = node(await connect(), "node-b");
    const c = node(await connect(), "node-c");
    const hosted = randomUUID();
    await b.claim(hosted);
    await b.close();
    assert.equal(await holderOf(hosted), null, "freed at once, not after the lease time");
    await assert.rejects(b.claim(hosted), /stopping/);
    assert.equal(await c.claim(hosted), "node-c");
  });
});
