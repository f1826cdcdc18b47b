import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Socket } from "socket.io-client";
import { createConference } from "../../server/domain/conferences/create-conference";
import { Sfu, setSfu } from "../../server/sfu/sfu";
import { WorkerPool } from "../../server/sfu/worker-pool";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { TEST_TOTP_SECRET, nextEvent, startSignalling } from "../helpers/signalling";

type Reply = { ok: boolean; data?: Record<string, unknown>; error?: { code: string } };
const ask = (s: Socket, event: string, payload: unknown) =>
  s.timeout(5000).emitWithAck(event, payload) as Promise<Reply>;

describe("conference signalling over socket.io: lobby, chat, end, malformed input (postgres)", () => {
  let t: TestDatabase;
  let n: Network;
  let signalling: Awaited<ReturnType<typeof startSignalling>>;
  let conferenceId: string;
  let otherConferenceId: string;
  let host: Socket;
  let gp: Socket;
  let outsider: Socket;

  before(async () => {
    t = await createTestDatabase("postgres");
    n = await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    signalling = await startSignalling(t);
    const invitees = [
      { practitionerId: actor(n, "clinic.gp").practitionerId },
      { practitionerId: actor(n, "outsider.gp").practitionerId },
    ];
    ({ conferenceId } = await createConference(t.db, actor(n, "hosp.doctor"), {
      title: "退院前カンファランス",
      kind: "case_conference",
      scheduledStart: "2026-12-01T18:30:00+09:00",
      scheduledEnd: "2026-12-01T19:00:00+09:00",
      invitees,
      agenda: [{ patientId: n.patients.shared }],
    }));
    ({ conferenceId: otherConferenceId } = await createConference(t.db, actor(n, "hosp.admin"), {
      title: "別の会議",
      kind: "consultation",
      invitees: [],
      agenda: [],
    }));
    host = await signalling.clientFor("hosp.doctor");
    gp = await signalling.clientFor("clinic.gp");
    outsider = await signalling.clientFor("outsider.gp");
  });
  after(async () => {
    await signalling.close();
    await t.close();
  });

  it("opens the room for the host and puts an invitee in the lobby until admitted", async () => {
    assert.deepEqual((await ask(host, "conference:join", { conferenceId })).data?.admission, "admitted");
    const waiting = nextEvent<{ practitionerId: string }>(host, "lobby:waiting");
    assert.equal((await ask(gp, "conference:join", { conferenceId })).data?.admission, "waiting");
    assert.equal((await waiting).practitionerId, actor(n, "clinic.gp").practitionerId);

    const decided = nextEvent<{ admission: string }>(gp, "lobby:decided");
    const admit = await ask(host, "lobby:decide", {
      conferenceId,
      practitionerId: actor(n, "clinic.gp").practitionerId,
      decision: "admit",
    });
    assert.equal(admit.ok, true);
    assert.equal((await decided).admission, "admitted");
    const joined = nextEvent<{ practitionerId: string }>(host, "participant:joined");
    assert.equal((await ask(gp, "conference:join", { conferenceId })).data?.admission, "admitted");
    assert.equal((await joined).practitionerId, actor(n, "clinic.gp").practitionerId);
  });

  it("refuses at the door, and keeps the refused out", async () => {
    await ask(outsider, "conference:join", { conferenceId });
    const decided = nextEvent<{ admission: string }>(outsider, "lobby:decided");
    await ask(host, "lobby:decide", {
      conferenceId,
      practitionerId: actor(n, "outsider.gp").practitionerId,
      decision: "refuse",
    });
    assert.equal((await decided).admission, "refused");
    assert.equal((await ask(outsider, "conference:join", { conferenceId })).error?.code, "FORBIDDEN");
    const clerk = await signalling.clientFor("hosp.clerk");
    assert.equal(
      (await ask(clerk, "conference:join", { conferenceId })).error?.code,
      "FORBIDDEN",
      "not invited",
    );
  });

  it("delivers chat to everyone in the room and stores it", async () => {
    const atHost = nextEvent<{ body: string }>(host, "chat:message");
    const sent = await ask(gp, "chat:send", { conferenceId, body: "CT画像を共有します" });
    assert.equal(sent.ok, true);
    assert.equal((await atHost).body, "CT画像を共有します");
    assert.equal(
      (await ask(outsider, "chat:send", { conferenceId, body: "入れて" })).error?.code,
      "FORBIDDEN",
    );
  });

  it("answers malformed and foreign payloads with an error ack, and stays up", async () => {
    // wrong types, huge strings, unknown ids, another room's id: refused by every event
    const foreign: unknown[] = [
      null,
      "x",
      42,
      [],
      { conferenceId: 123 },
      { conferenceId: "not-a-uuid" },
      { conferenceId: "x".repeat(200_000) },
      { conferenceId: "00000000-0000-4000-8000-000000000000" },
      { conferenceId: otherConferenceId },
    ];
    // this room's id with the rest wrong: refused where the rest matters
    const ownButBad: Record<string, unknown[]> = {
      "lobby:decide": [
        { conferenceId, practitionerId: "nope", decision: "admit" },
        { conferenceId, practitionerId: actor(n, "outsider.gp").practitionerId, decision: "promote" },
        { conferenceId, practitionerId: actor(n, "outsider.gp").practitionerId, decision: "admit" }, // gp may not moderate
      ],
      "chat:send": [
        { conferenceId, body: { $gt: "" } },
        { conferenceId, body: "x".repeat(5000) },
        { conferenceId },
      ],
      "conference:end": [{ conferenceId }], // gp is no host
    };
    for (const event of [
      "conference:join",
      "lobby:decide",
      "chat:send",
      "conference:leave",
      "conference:end",
    ]) {
      for (const payload of [...foreign, ...(ownButBad[event] ?? [])]) {
        const reply = await ask(gp, event, payload);
        assert.equal(reply.ok, false, `${event} ${JSON.stringify(payload)?.slice(0, 80)} must be refused`);
        assert.ok(
          ["VALIDATION", "NOT_FOUND", "FORBIDDEN", "INVALID_TRANSITION", "CONFLICT"].includes(
            reply.error!.code,
          ),
          `${event}: ${reply.error!.code}`,
        );
      }
    }
    gp.emit("chat:send", { conferenceId, body: "no ack" }); // no callback: ignored, no crash
    const alive = await ask(host, "session:whoami", {});
    assert.equal(alive.ok, true, "the server still answers");
  });

  it("media events refuse garbage, foreign ids and the refused, and the worker stays up", async () => {
    const sfu = new Sfu(await WorkerPool.create({ size: 1 }), [{ protocol: "udp", ip: "127.0.0.1" }]);
    setSfu(sfu);
    try {
      assert.equal((await ask(outsider, "media:join", { conferenceId })).error?.code, "FORBIDDEN");
      assert.equal(
        (await ask(gp, "media:transport:create", { conferenceId })).error?.code,
        "CONFLICT",
        "join first",
      );
      const joined = await ask(gp, "media:join", { conferenceId });
      assert.equal(joined.ok, true);
      const transport = await ask(gp, "media:transport:create", { conferenceId });
      const transportId = transport.data?.id as string;
      assert.match(transportId, /^[0-9a-f-]{36}$/);
      const unknown = "00000000-0000-4000-8000-000000000000";
      const refusals: Array<[string, unknown, string[]]> = [
        [
          "media:transport:connect",
          { conferenceId, transportId, dtlsParameters: { fingerprints: [] } },
          ["VALIDATION"],
        ],
        [
          "media:transport:connect",
          {
            conferenceId,
            transportId: unknown,
            dtlsParameters: { fingerprints: [{ algorithm: "sha-256", value: "AA" }] },
          },
          ["NOT_FOUND"],
        ],
        [
          "media:produce",
          { conferenceId, transportId, kind: "video", source: "camera", rtpParameters: { codecs: [] } },
          ["VALIDATION"],
        ],
        // well-formed to zod, nonsense to mediasoup: its refusal is bad input, not a crash
        [
          "media:produce",
          {
            conferenceId,
            transportId,
            kind: "video",
            source: "camera",
            rtpParameters: { codecs: [{ mimeType: "video/NOPE", payloadType: 101 }] },
          },
          ["VALIDATION"],
        ],
        [
          "media:produce",
          { conferenceId, transportId, kind: "data", source: "camera", rtpParameters: {} },
          ["VALIDATION"],
        ],
        [
          "media:consume",
          { conferenceId, transportId, producerId: unknown, rtpCapabilities: { codecs: [] } },
          ["NOT_FOUND"],
        ],
        ["media:consumer:resume", { conferenceId, consumerId: unknown }, ["NOT_FOUND"]],
        ["media:consumer:layers", { conferenceId, consumerId: unknown, spatialLayer: 7 }, ["VALIDATION"]],
        ["media:join", { conferenceId: otherConferenceId }, ["FORBIDDEN"]],
        ["media:transport:create", "x".repeat(100_000), ["VALIDATION"]],
        ["media:transport:restartIce", { conferenceId, transportId: unknown }, ["NOT_FOUND"]],
        ["media:transport:restartIce", { conferenceId, transportId: "not-an-id" }, ["VALIDATION"]],
      ];
      for (const [event, payload, codes] of refusals) {
        const reply = await ask(gp, event, payload);
        assert.equal(reply.ok, false, `${event} must be refused`);
        assert.ok(
          codes.includes(reply.error!.code),
          `${event}: expected ${codes.join("/")}, got ${reply.error!.code}`,
        );
      }
      assert.equal(sfu.pool.workers.length, 1, "the worker is still alive");
      assert.equal((await ask(gp, "media:transport:create", { conferenceId })).ok, true, "and still serves");

      // ICE restart after a network change: fresh ICE credentials for one's own transport
      const before = transport.data?.iceParameters as { usernameFragment: string };
      const restarted = await ask(gp, "media:transport:restartIce", { conferenceId, transportId });
      assert.equal(restarted.ok, true, JSON.stringify(restarted.error));
      const after = restarted.data?.iceParameters as { usernameFragment: string; password: string };
      assert.ok(after.usernameFragment && after.password);
      assert.notEqual(after.usernameFragment, before.usernameFragment);

      // joining the media again on the same connection starts from nothing: the earlier transports
      // close, so a client that rebuilds again and again never hits the per-peer transport limit
      while ((await ask(gp, "media:transport:create", { conferenceId })).ok);
      assert.equal(
        (await ask(gp, "media:transport:restartIce", { conferenceId, transportId })).ok,
        true,
        "the first transport is still there before joining again",
      );
      assert.equal((await ask(gp, "media:join", { conferenceId })).ok, true);
      assert.equal(
        (await ask(gp, "media:transport:restartIce", { conferenceId, transportId })).error?.code,
        "NOT_FOUND",
        "joining again closed the earlier transports",
      );
      assert.equal((await ask(gp, "media:transport:create", { conferenceId })).ok, true);
    } finally {
      setSfu(undefined);
      sfu.close();
    }
  });

  it("ends the conference for everyone, by the host only", async () => {
    assert.equal((await ask(gp, "conference:end", { conferenceId })).error?.code, "FORBIDDEN");
    const ended = nextEvent<{ conferenceId: string }>(gp, "conference:ended");
    assert.equal((await ask(host, "conference:end", { conferenceId })).ok, true);
    assert.equal((await ended).conferenceId, conferenceId);
    assert.equal((await ask(gp, "conference:join", { conferenceId })).error?.code, "CONFLICT");
  });

  it("moderation: a raised hand is seen by all, the host mutes and removes a participant", async () => {
    const { conferenceId: adHoc } = await createConference(t.db, actor(n, "hosp.doctor"), {
      title: "臨時の相談",
      kind: "consultation",
      invitees: [{ practitionerId: actor(n, "clinic.gp").practitionerId }],
      agenda: [],
    });
    const gpId = actor(n, "clinic.gp").practitionerId;
    await ask(host, "conference:join", { conferenceId: adHoc });
    await ask(gp, "conference:join", { conferenceId: adHoc });
    await ask(host, "lobby:decide", { conferenceId: adHoc, practitionerId: gpId, decision: "admit" });
    assert.equal((await ask(gp, "conference:join", { conferenceId: adHoc })).data?.admission, "admitted");

    const hand = nextEvent<{ practitionerId: string; raised: boolean }>(host, "hand:changed");
    assert.equal((await ask(gp, "hand:raise", { conferenceId: adHoc, raised: true })).ok, true);
    assert.deepEqual(await hand, { conferenceId: adHoc, practitionerId: gpId, raised: true });
    assert.equal(
      (await ask(gp, "hand:raise", { conferenceId: adHoc, raised: "yes" })).error?.code,
      "VALIDATION",
    );

    const hostId = actor(n, "hosp.doctor").practitionerId;
    assert.equal(
      (await ask(gp, "moderation:mute", { conferenceId: adHoc, practitionerId: hostId })).error?.code,
      "FORBIDDEN",
    );
    const muted = nextEvent<{ conferenceId: string }>(gp, "moderation:muted");
    assert.equal(
      (await ask(host, "moderation:mute", { conferenceId: adHoc, practitionerId: gpId })).ok,
      true,
    );
    assert.equal((await muted).conferenceId, adHoc);

    const removed = nextEvent<{ admission: string }>(gp, "lobby:decided");
    assert.equal(
      (await ask(host, "lobby:decide", { conferenceId: adHoc, practitionerId: gpId, decision: "remove" })).ok,
      true,
    );
    assert.equal((await removed).admission, "removed");
    assert.equal(
      (await ask(gp, "chat:send", { conferenceId: adHoc, body: "まだいます" })).error?.code,
      "FORBIDDEN",
    );
    assert.equal((await ask(gp, "conference:join", { conferenceId: adHoc })).error?.code, "FORBIDDEN");
  });
});
