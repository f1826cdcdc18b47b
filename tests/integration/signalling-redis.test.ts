import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createClient } from "redis";
import { createConference } from "../../server/domain/conferences/create-conference";
import { endSessionSockets } from "../../server/signalling";
import { connectRedisAdapter, type RedisSignallingAdapter } from "../../server/signalling/redis-adapter";
import { conferenceRoom } from "../../server/signalling/rooms";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { eventually } from "../helpers/eventually";
import { TEST_TOTP_SECRET, ask, nextEvent, startSignalling } from "../helpers/signalling";

/** Across two nodes and Redis on a shared 2-core machine: generous, never a timing assertion. */
const CROSS_NODE_MS = 15_000;

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Two app nodes (two socket.io servers on their own ports, one database) joined
 * by the real Redis: what a participant does on one node reaches participants
 * connected to the other. Each run publishes under its own channel prefix, so
 * parallel runs on one Redis never see each other.
 */
describe("signalling across two app nodes through Redis (postgres, real Redis)", () => {
  const prefix = `okinet-test-${randomBytes(6).toString("hex")}`;
  let t: TestDatabase;
  let n: Network;
  let redisA: RedisSignallingAdapter;
  let redisB: RedisSignallingAdapter;
  let nodeA: Awaited<ReturnType<typeof startSignalling>>;
  let nodeB: Awaited<ReturnType<typeof startSignalling>>;
  let closed = false;

  const closeNodes = async () => {
    if (closed) return;
    closed = true;
    await nodeA?.close();
    await nodeB?.close();
    await redisA?.close();
    await redisB?.close();
  };

  before(async () => {
    t = await createTestDatabase("postgres");
    n = await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    redisA = await connectRedisAdapter(REDIS_URL, prefix);
    redisB = await connectRedisAdapter(REDIS_URL, prefix);
    nodeA = await startSignalling(t, { adapter: redisA.adapter });
    nodeB = await startSignalling(t, { adapter: redisB.adapter });
    // the adapters subscribe in the background: publish only once both nodes listen
    await eventually(
      "both nodes subscribed",
      async () => (await nodeA.io.of("/").adapter.serverCount()) === 2,
      CROSS_NODE_MS,
    );
  });
  after(async () => {
    await closeNodes();
    await t.close();
  });

  const newConference = async (title: string, invitees: string[]) =>
    (
      await createConference(t.db, actor(n, "hosp.doctor"), {
        title,
        kind: "consultation",
        invitees: invitees.map((loginId) => ({ practitionerId: actor(n, loginId).practitionerId })),
        agenda: [],
      })
    ).conferenceId;

  /** host on node A, the GP on node B, the GP admitted through the lobby */
  const hostAndAdmittedGp = async (conferenceId: string) => {
    const host = await nodeA.clientFor("hosp.doctor");
    const gp = await nodeB.clientFor("clinic.gp");
    assert.equal((await ask(host, "conference:join", { conferenceId })).data?.admission, "admitted");
    const waiting = nextEvent<{ practitionerId: string }>(host, "lobby:waiting", CROSS_NODE_MS);
    assert.equal((await ask(gp, "conference:join", { conferenceId })).data?.admission, "waiting");
    assert.equal((await waiting).practitionerId, actor(n, "clinic.gp").practitionerId, "lobby B -> A");

    const decided = nextEvent<{ admission: string }>(gp, "lobby:decided", CROSS_NODE_MS);
    const gpId = actor(n, "clinic.gp").practitionerId;
    assert.equal(
      (await ask(host, "lobby:decide", { conferenceId, practitionerId: gpId, decision: "admit" })).ok,
      true,
    );
    assert.equal((await decided).admission, "admitted", "admission decision A -> B");
    const joined = nextEvent<{ practitionerId: string }>(host, "participant:joined", CROSS_NODE_MS);
    assert.equal((await ask(gp, "conference:join", { conferenceId })).data?.admission, "admitted");
    assert.equal((await joined).practitionerId, gpId, "presence B -> A");
    return { host, gp };
  };

  it("each node sees the other's sockets; a node under another prefix sees only its own", async () => {
    const a = await nodeA.clientFor("hosp.doctor");
    const b = await nodeB.clientFor("clinic.gp");
    const everywhere = (await nodeA.io.fetchSockets()).map((s) => s.id);
    assert.ok(everywhere.includes(a.id!) && everywhere.includes(b.id!), "A lists B's socket too");

    const otherRedis = await connectRedisAdapter(REDIS_URL, `${prefix}-other`);
    const other = await startSignalling(t, { adapter: otherRedis.adapter });
    try {
      const c = await other.clientFor("pharm.pharmacist");
      assert.deepEqual(
        (await other.io.fetchSockets()).map((s) => s.id),
        [c.id],
        "another deployment's sockets stay apart",
      );
    } finally {
      await other.close();
      await otherRedis.close();
      a.close();
      b.close();
    }
  });

  it("lobby, admission and chat reach participants connected to the other node", async () => {
    const conferenceId = await newConference("二拠点カンファランス", ["clinic.gp"]);
    const { host, gp } = await hostAndAdmittedGp(conferenceId);

    const atHost = nextEvent<{ body: string; practitionerId: string }>(host, "chat:message", CROSS_NODE_MS);
    assert.equal((await ask(gp, "chat:send", { conferenceId, body: "B から送ります" })).ok, true);
    assert.equal((await atHost).body, "B から送ります", "chat B -> A");
    const atGp = nextEvent<{ body: string }>(gp, "chat:message", CROSS_NODE_MS);
    assert.equal((await ask(host, "chat:send", { conferenceId, body: "A から返信" })).ok, true);
    assert.equal((await atGp).body, "A から返信", "chat A -> B");

    const hand = nextEvent<{ raised: boolean }>(host, "hand:changed", CROSS_NODE_MS);
    assert.equal((await ask(gp, "hand:raise", { conferenceId, raised: true })).ok, true);
    assert.equal((await hand).raised, true);

    // the end empties the room on both nodes
    const ended = nextEvent<{ conferenceId: string }>(gp, "conference:ended", CROSS_NODE_MS);
    assert.equal((await ask(host, "conference:end", { conferenceId })).ok, true);
    assert.equal((await ended).conferenceId, conferenceId, "end A -> B");
    await eventually(
      "the GP's socket on node B left the ended conference's room",
      () => !nodeB.io.of("/").adapter.rooms.get(conferenceRoom(conferenceId))?.has(gp.id!),
      CROSS_NODE_MS,
    );
  });

  it("a host on one node removes a participant connected to the other from the room", async () => {
    const conferenceId = await newConference("除外の確認", ["clinic.gp"]);
    const { host, gp } = await hostAndAdmittedGp(conferenceId);
    assert.ok(nodeB.io.of("/").adapter.rooms.get(conferenceRoom(conferenceId))?.has(gp.id!));
    // node B now knows the GP's membership on the socket
    assert.equal((await ask(gp, "hand:raise", { conferenceId, raised: true })).ok, true);

    const removed = nextEvent<{ admission: string }>(gp, "lobby:decided", CROSS_NODE_MS);
    const gpId = actor(n, "clinic.gp").practitionerId;
    assert.equal(
      (await ask(host, "lobby:decide", { conferenceId, practitionerId: gpId, decision: "remove" })).ok,
      true,
    );
    assert.equal((await removed).admission, "removed");
    await eventually(
      "the removed GP's socket on node B left the conference room",
      () => !nodeB.io.of("/").adapter.rooms.get(conferenceRoom(conferenceId))?.has(gp.id!),
      CROSS_NODE_MS,
    );
    assert.equal(
      (await ask(gp, "hand:raise", { conferenceId, raised: false })).error?.code,
      "FORBIDDEN",
      "node B forgot the membership with the room",
    );
  });

  it("signing out on one node drops the practitioner's sockets on the other", async () => {
    const onB = await nodeB.clientFor("outsider.gp");
    const ended = nextEvent<{ reason: string }>(onB, "session:ended", CROSS_NODE_MS);
    const disconnected = nextEvent<string>(onB, "disconnect", CROSS_NODE_MS);
    endSessionSockets({ practitionerId: actor(n, "outsider.gp").practitionerId }, nodeA.io);
    assert.equal((await ended).reason, "signed_out");
    assert.equal(await disconnected, "io server disconnect", "node B closed it on node A's word");
  });

  it("refuses to start when Redis does not answer, naming REDIS_URL", async () => {
    await assert.rejects(connectRedisAdapter("redis://:secret@127.0.0.1:1", prefix), (e: Error) => {
      assert.equal(e.name, "RedisUnavailableError");
      assert.match(e.message, /REDIS_URL\) is unreachable: .*ECONNREFUSED/);
      assert.doesNotMatch(e.message, /secret/, "no password in the message");
      return true;
    });
  });

  it("closes cleanly: no subscription of this run is left on Redis", async () => {
    const probe = createClient({ url: REDIS_URL });
    await probe.connect();
    try {
      const channels = () => probe.pubSubChannels(`${prefix}*`);
      assert.ok((await channels()).length > 0, "the nodes were subscribed");
      await closeNodes();
      await eventually("both nodes unsubscribed", async () => (await channels()).length === 0);
    } finally {
      await probe.close();
    }
  });
});
