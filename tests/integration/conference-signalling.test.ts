import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Socket } from "socket.io-client";
import { createConference } from "../../server/domain/conferences/create-conference";
import { Sfu, setSfu } from "../../server/sfu/sfu";
import { WorkerPool } from "../../server/sfu/worker-pool";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";
import { eventually } from "../helpers/eventually";
import { opusRtpParameters, startMicrophone, startRtpSink } from "../helpers/rtp";
import { FUZZING_LIMITS, TEST_TOTP_SECRET, ask, nextEvent, startSignalling } from "../helpers/signalling";

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
    // each refusal below is checked one by one; the budget that stops a flood is tested in flood.test.ts
    signalling = await startSignalling(t, { limits: FUZZING_LIMITS });
    const invitees = [
      { practitionerId: actor(n, "clinic.gp").practitionerId },
      { practitionerId: actor(n, "outsider.gp").practitionerId },
      { practitionerId: actor(n, "pharm.pharmacist").practitionerId },
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

  it("refuses garbage, foreign and unknown ids on every media and conference event while two others' media keeps flowing", async (ctx) => {
    const sfu = new Sfu(await WorkerPool.create({ size: 1 }), [{ protocol: "udp", ip: "127.0.0.1" }]);
    setSfu(sfu);
    const worker = sfu.pool.workers[0]!;
    const stopAfter: Array<() => void> = [];
    try {
      assert.equal((await ask(outsider, "media:join", { conferenceId })).error?.code, "FORBIDDEN");
      assert.equal(
        (await ask(gp, "media:transport:create", { conferenceId })).error?.code,
        "CONFLICT",
        "join first",
      );

      // two other participants with a real media flow: the host speaks, the pharmacist listens
      const pharmacist = await signalling.clientFor("pharm.pharmacist");
      await ask(pharmacist, "conference:join", { conferenceId });
      const pharmacistId = actor(n, "pharm.pharmacist").practitionerId;
      await ask(host, "lobby:decide", { conferenceId, practitionerId: pharmacistId, decision: "admit" });
      assert.equal((await ask(pharmacist, "conference:join", { conferenceId })).data?.admission, "admitted");
      assert.equal((await ask(host, "media:join", { conferenceId })).ok, true);
      const listening = await ask(pharmacist, "media:join", { conferenceId });
      const rtpCapabilities = listening.data?.rtpCapabilities;
      const room = (await sfu.findRoom(conferenceId))!;
      const hostIn = await room.createPlainTransport(host.id!);
      const produced = await ask(host, "media:produce", {
        conferenceId,
        transportId: hostIn.id,
        kind: "audio",
        source: "microphone",
        rtpParameters: opusRtpParameters(0x4242),
      });
      const hostProducerId = produced.data?.producerId as string;
      assert.ok(hostProducerId, JSON.stringify(produced));
      const sink = await startRtpSink();
      stopAfter.push(() => sink.close());
      const pharmacistOut = await room.createPlainTransport(pharmacist.id!, sink);
      const consumed = await ask(pharmacist, "media:consume", {
        conferenceId,
        transportId: pharmacistOut.id,
        producerId: hostProducerId,
        rtpCapabilities,
      });
      const pharmacistConsumerId = consumed.data?.id as string;
      assert.ok(pharmacistConsumerId, JSON.stringify(consumed));
      assert.equal(
        (await ask(pharmacist, "media:consumer:resume", { conferenceId, consumerId: pharmacistConsumerId }))
          .ok,
        true,
      );
      const hostMicrophone = await startMicrophone(hostIn, { ssrc: 0x4242, level: 30 });
      stopAfter.push(() => hostMicrophone.stop());
      await eventually("the pharmacist receives the host's audio", () => sink.received > 20);

      // another conference's media: its host's WebRTC transport, plain transport and producer
      const admin = await signalling.clientFor("hosp.admin");
      await ask(admin, "conference:join", { conferenceId: otherConferenceId });
      assert.equal((await ask(admin, "media:join", { conferenceId: otherConferenceId })).ok, true);
      const foreignTransportId = (
        await ask(admin, "media:transport:create", { conferenceId: otherConferenceId })
      ).data?.id as string;
      const otherRoom = (await sfu.findRoom(otherConferenceId))!;
      const foreignIn = await otherRoom.createPlainTransport(admin.id!);
      const foreignProducerId = (
        await ask(admin, "media:produce", {
          conferenceId: otherConferenceId,
          transportId: foreignIn.id,
          kind: "audio",
          source: "microphone",
          rtpParameters: opusRtpParameters(0x4343),
        })
      ).data?.producerId as string;
      assert.ok(foreignTransportId && foreignProducerId);

      // the fuzzer: the GP, admitted to this conference, with a transport of its own
      assert.equal((await ask(gp, "media:join", { conferenceId })).ok, true);
      const gpTransportId = (await ask(gp, "media:transport:create", { conferenceId })).data?.id as string;
      assert.match(gpTransportId, /^[0-9a-f-]{36}$/);

      const unknown = "00000000-0000-4000-8000-000000000000";
      const huge = "x".repeat(200_000);
      const dtlsParameters = { fingerprints: [{ algorithm: "sha-256", value: "AA:BB" }] };
      const audio = opusRtpParameters(0x4444);
      const hostId = actor(n, "hosp.doctor").practitionerId;
      // one refusable payload per event (unknown ids, or what the GP may not do); each field
      // is then replaced by values of the wrong kind
      const templates: Record<string, Record<string, unknown>> = {
        "conference:join": { conferenceId },
        "conference:leave": { conferenceId },
        "conference:end": { conferenceId },
        "lobby:decide": { conferenceId, practitionerId: pharmacistId, decision: "remove" },
        "chat:send": { conferenceId, body: "届かない" },
        "hand:raise": { conferenceId, raised: true },
        "moderation:mute": { conferenceId, practitionerId: hostId },
        "media:join": { conferenceId },
        "media:transport:create": { conferenceId },
        "media:transport:connect": { conferenceId, transportId: unknown, dtlsParameters },
        "media:transport:restartIce": { conferenceId, transportId: unknown },
        "media:produce": {
          conferenceId,
          transportId: unknown,
          kind: "audio",
          source: "microphone",
          rtpParameters: audio,
        },
        "media:producer:close": { conferenceId, producerId: unknown },
        "media:consume": { conferenceId, transportId: gpTransportId, producerId: unknown, rtpCapabilities },
        "media:consumer:resume": { conferenceId, consumerId: unknown },
        "media:consume:batch": {
          conferenceId,
          transportId: gpTransportId,
          producerIds: [unknown],
          rtpCapabilities,
        },
        "media:consumers:resume": { conferenceId, consumerIds: [unknown] },
        "media:consumer:layers": { conferenceId, consumerId: unknown, spatialLayer: 0 },
      };
      const wrongKinds = (field: string, value: unknown): unknown[] => {
        const always = [null, {}, [], huge, { $gt: "" }];
        if (typeof value === "boolean") return [...always, 1, "yes"];
        if (typeof value === "number") return [...always, "0", 7, -1, 0.5, Number.MAX_SAFE_INTEGER];
        if (typeof value === "string")
          return [...always, 123, true, "", ...(field.endsWith("Id") ? ["not-a-uuid"] : [])];
        return [...always, "x", 42, true, [value], { codecs: huge }];
      };
      const fuzz: Array<[string, unknown, string?]> = [];
      for (const [event, template] of Object.entries(templates)) {
        for (const payload of [
          undefined,
          null,
          "x",
          42,
          true,
          [],
          huge,
          [template],
          { ...template, conferenceId: otherConferenceId },
        ])
          fuzz.push([event, payload]);
        for (const [field, value] of Object.entries(template))
          for (const wrong of wrongKinds(field, value)) fuzz.push([event, { ...template, [field]: wrong }]);
      }
      // someone else's ids, refused for that reason: another conference's, the others' in this one
      const NOT_FOUND = "NOT_FOUND";
      const pinned: Array<[string, unknown, string]> = [
        [
          "media:transport:connect",
          { conferenceId, transportId: foreignTransportId, dtlsParameters },
          NOT_FOUND,
        ],
        ["media:transport:connect", { conferenceId, transportId: hostIn.id, dtlsParameters }, NOT_FOUND],
        ["media:transport:restartIce", { conferenceId, transportId: foreignTransportId }, NOT_FOUND],
        ["media:transport:restartIce", { conferenceId, transportId: pharmacistOut.id }, NOT_FOUND],
        ["media:produce", { ...templates["media:produce"], transportId: foreignTransportId }, NOT_FOUND],
        ["media:produce", { ...templates["media:produce"], transportId: hostIn.id }, NOT_FOUND],
        ["media:producer:close", { conferenceId, producerId: foreignProducerId }, NOT_FOUND],
        ["media:producer:close", { conferenceId, producerId: hostProducerId }, NOT_FOUND],
        [
          "media:consume",
          { conferenceId, transportId: gpTransportId, producerId: foreignProducerId, rtpCapabilities },
          NOT_FOUND,
        ],
        [
          "media:consume",
          { conferenceId, transportId: foreignTransportId, producerId: hostProducerId, rtpCapabilities },
          NOT_FOUND,
        ],
        [
          "media:consume",
          { conferenceId, transportId: pharmacistOut.id, producerId: hostProducerId, rtpCapabilities },
          NOT_FOUND,
        ],
        ["media:consumer:resume", { conferenceId, consumerId: pharmacistConsumerId }, NOT_FOUND],
        ["media:consumers:resume", { conferenceId, consumerIds: [pharmacistConsumerId] }, NOT_FOUND],
        [
          "media:consume:batch",
          { conferenceId, transportId: pharmacistOut.id, producerIds: [hostProducerId], rtpCapabilities },
          NOT_FOUND,
        ],
        [
          "media:consume:batch",
          {
            conferenceId,
            transportId: foreignTransportId,
            producerIds: [foreignProducerId],
            rtpCapabilities,
          },
          NOT_FOUND,
        ],
        [
          "media:consume:batch",
          {
            conferenceId,
            transportId: gpTransportId,
            producerIds: [unknown, unknown],
            rtpCapabilities: huge,
          },
          "VALIDATION",
        ],
        [
          "media:consumer:layers",
          { conferenceId, consumerId: pharmacistConsumerId, spatialLayer: 0 },
          NOT_FOUND,
        ],
        ["media:consumer:resume", { conferenceId, consumerId: unknown }, NOT_FOUND],
        ["media:join", { conferenceId: otherConferenceId }, "FORBIDDEN"],
        [
          "media:transport:connect",
          { conferenceId: otherConferenceId, transportId: foreignTransportId, dtlsParameters },
          "FORBIDDEN",
        ],
        [
          "media:producer:close",
          { conferenceId: otherConferenceId, producerId: foreignProducerId },
          "FORBIDDEN",
        ],
        [
          "media:consume",
          {
            conferenceId: otherConferenceId,
            transportId: foreignTransportId,
            producerId: foreignProducerId,
            rtpCapabilities,
          },
          "FORBIDDEN",
        ],
        // well-formed to zod, nonsense to mediasoup: its refusal is bad input, not a crash
        [
          "media:produce",
          {
            ...templates["media:produce"],
            transportId: gpTransportId,
            kind: "video",
            source: "camera",
            rtpParameters: { codecs: [{ mimeType: "video/NOPE", payloadType: 101 }] },
          },
          "VALIDATION",
        ],
        [
          "media:transport:connect",
          { conferenceId, transportId: gpTransportId, dtlsParameters: { fingerprints: [] } },
          "VALIDATION",
        ],
        ["media:consumer:layers", { conferenceId, consumerId: unknown, spatialLayer: 7 }, "VALIDATION"],
        ["media:transport:create", "x".repeat(100_000), "VALIDATION"],
        ["media:transport:restartIce", { conferenceId, transportId: unknown }, "NOT_FOUND"],
        ["media:transport:restartIce", { conferenceId, transportId: "not-an-id" }, "VALIDATION"],
      ];

      const flowingBefore = sink.received;
      const codes = new Map<string, number>();
      const refusable = ["VALIDATION", "NOT_FOUND", "FORBIDDEN", "INVALID_TRANSITION", "CONFLICT"];
      for (const [event, payload, expected] of [...fuzz, ...pinned]) {
        const reply = await ask(gp, event, payload);
        const shown = `${event} ${JSON.stringify(payload)?.slice(0, 120)}`;
        assert.equal(reply.ok, false, `${shown} must be refused`);
        const code = reply.error!.code;
        assert.ok(expected ? code === expected : refusable.includes(code), `${shown}: ${code}`);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      ctx.diagnostic(`${fuzz.length + pinned.length} refusals: ${JSON.stringify(Object.fromEntries(codes))}`);

      // the others' media went on through it all, on the same worker
      const flowingAfter = sink.received;
      await eventually(
        "the pharmacist still receives the host's audio",
        () => sink.received > flowingAfter + 50,
      );
      ctx.diagnostic(
        `forwarded to the pharmacist: ${flowingBefore} before, ${flowingAfter} after the fuzzing`,
      );
      assert.ok(flowingAfter > flowingBefore, "packets arrived while the garbage was thrown");
      assert.deepEqual(
        sfu.pool.workers.map((w) => w.pid),
        [worker.pid],
        "the same worker process",
      );
      assert.ok(!worker.died && !worker.closed);
      process.kill(worker.pid, 0); // throws if the process is gone
      assert.equal((await ask(gp, "media:transport:create", { conferenceId })).ok, true, "and still serves");
      assert.equal((await ask(admin, "session:whoami", {})).ok, true);

      // entering in few requests: the join makes both transports; one batch consumes what is in
      // the room (an id no longer in it is named, not consumed); one request resumes them all
      const entered = await ask(gp, "media:join", { conferenceId, transports: true });
      assert.equal(entered.ok, true, JSON.stringify(entered.error));
      const { send, recv } = entered.data as { send?: { id: string }; recv?: { id: string } };
      assert.ok(send && recv && send.id !== recv.id, JSON.stringify(entered.data));
      assert.deepEqual(
        (entered.data?.producers as { producerId: string }[]).map((p) => p.producerId),
        [hostProducerId],
      );
      const batch = await ask(gp, "media:consume:batch", {
        conferenceId,
        transportId: recv.id,
        producerIds: [hostProducerId, foreignProducerId],
        rtpCapabilities,
      });
      assert.equal(batch.ok, true, JSON.stringify(batch.error));
      const made = batch.data?.consumers as { id: string; producerId: string; practitionerId: string }[];
      assert.deepEqual(
        made.map((c) => [c.producerId, c.practitionerId]),
        [[hostProducerId, hostId]],
      );
      assert.deepEqual(batch.data?.closed, [foreignProducerId], "another conference's producer is not here");
      assert.equal(
        (await ask(gp, "media:consumers:resume", { conferenceId, consumerIds: made.map((c) => c.id) })).ok,
        true,
      );
      // one id that is not the GP's refuses the batch
      assert.equal(
        (
          await ask(gp, "media:consumers:resume", {
            conferenceId,
            consumerIds: [made[0]!.id, pharmacistConsumerId],
          })
        ).error?.code,
        NOT_FOUND,
      );
      // not admitted: refused before anything is looked up
      assert.equal(
        (
          await ask(outsider, "media:consume:batch", {
            conferenceId,
            transportId: recv.id,
            producerIds: [hostProducerId],
            rtpCapabilities,
          })
        ).error?.code,
        "FORBIDDEN",
      );
      // both transports count against the peer's limit of four
      assert.equal((await ask(gp, "media:transport:create", { conferenceId })).ok, true);
      assert.equal((await ask(gp, "media:transport:create", { conferenceId })).ok, true);
      assert.equal((await ask(gp, "media:transport:create", { conferenceId })).error?.code, "CONFLICT");

      // ICE restart after a network change: fresh ICE credentials for one's own transport
      assert.equal((await ask(gp, "media:join", { conferenceId })).ok, true);
      const transport = await ask(gp, "media:transport:create", { conferenceId });
      const transportId = transport.data?.id as string;
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
      for (const stop of stopAfter) stop();
      setSfu(undefined);
      sfu.close();
    }
  });

  it("enters the media with the room when asked: both transports and the others' producers in the entry's reply", async () => {
    const sfu = new Sfu(await WorkerPool.create({ size: 1 }), [{ protocol: "udp", ip: "127.0.0.1" }]);
    setSfu(sfu);
    try {
      const hostTab = await signalling.clientFor("hosp.doctor");
      const gpTab = await signalling.clientFor("clinic.gp");
      type Entered = {
        rtpCapabilities: unknown;
        producers: { producerId: string }[];
        send?: { id: string };
        recv?: { id: string };
      };
      const hostEntry = await ask(hostTab, "conference:join", { conferenceId, media: true });
      const hostMedia = hostEntry.data?.media as Entered | undefined;
      assert.ok(hostMedia?.send && hostMedia.recv, JSON.stringify(hostEntry).slice(0, 300));
      assert.notEqual(hostMedia.send.id, hostMedia.recv.id);
      assert.deepEqual(hostMedia.producers, []);
      // the host sends (through a plain transport of its peer, made by the entry)
      const room = (await sfu.findRoom(conferenceId))!;
      const hostIn = await room.createPlainTransport(hostTab.id!);
      const produced = await ask(hostTab, "media:produce", {
        conferenceId,
        transportId: hostIn.id,
        kind: "audio",
        source: "microphone",
        rtpParameters: opusRtpParameters(0x5151),
      });
      const producerId = produced.data?.producerId as string;
      assert.ok(producerId, JSON.stringify(produced));

      // entering without asking for media enters no media
      assert.equal((await ask(gpTab, "conference:join", { conferenceId })).data?.media, undefined);
      const gpMedia = (await ask(gpTab, "conference:join", { conferenceId, media: true })).data?.media as
        Entered | undefined;
      assert.deepEqual(
        gpMedia?.producers.map((p) => p.producerId),
        [producerId],
      );
      // no media:join: the entry's transports take requests at once
      const consumed = await ask(gpTab, "media:consume:batch", {
        conferenceId,
        transportId: gpMedia.recv!.id,
        producerIds: [producerId],
        rtpCapabilities: gpMedia.rtpCapabilities,
      });
      assert.equal(consumed.ok, true, JSON.stringify(consumed).slice(0, 300));
      // a bad media flag is refused naming the field, and enters nothing
      const refused = await ask(gpTab, "conference:join", { conferenceId, media: "yes" });
      assert.equal(refused.error?.code, "VALIDATION");
      assert.match(JSON.stringify(refused.error), /media/);
      hostTab.close();
      gpTab.close();
    } finally {
      sfu.close();
      setSfu(undefined);
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
    // the raiser learns from its ack: a copy of the broadcast would have come before it
    const ownCopies: unknown[] = [];
    const ownCopy = (p: unknown) => ownCopies.push(p);
    gp.on("hand:changed", ownCopy);
    assert.equal((await ask(gp, "hand:raise", { conferenceId: adHoc, raised: true })).ok, true);
    gp.off("hand:changed", ownCopy);
    assert.deepEqual(ownCopies, []);
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
