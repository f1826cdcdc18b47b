import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AudioLevelObserverVolume, Router } from "mediasoup/types";
import { createConference } from "../../server/domain/conferences/create-conference";
import { MEDIA_CODECS } from "../../server/sfu/codecs";
import { SPEAKER_DETECTION } from "../../server/sfu/room";
import { Sfu, setSfu } from "../../server/sfu/sfu";
import { WorkerPool } from "../../server/sfu/worker-pool";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork } from "../helpers/fixtures";
import { SSRC_AUDIO_LEVEL, opusRtpParameters, startMicrophone, type Microphone } from "../helpers/rtp";
import { eventually } from "../helpers/eventually";
import { TEST_TOTP_SECRET, ask, startSignalling } from "../helpers/signalling";

// Loudest-voice detection, from the worker up: synthetic Opus with RFC 6464 audio
// levels goes over UDP into PlainTransports of a real mediasoup-worker. Levels are
// written as the header extension carries them: 0 the loudest, 127 silence.
const LOUD = 20; // -20 dBov, a voice close to the microphone
const QUIET = 127; // -127 dBov: digital silence

const listenInfos = [{ protocol: "udp" as const, ip: "127.0.0.1" }];
const mics: Microphone[] = [];
after(() => {
  for (const mic of mics) mic.stop();
});
const microphone = async (to: { ip: string; port: number }, ssrc: number, level: number) => {
  const mic = await startMicrophone(to, { ssrc, level });
  mics.push(mic);
  return mic;
};

describe("audio levels in a real mediasoup-worker", () => {
  let pool: WorkerPool;
  let router: Router;
  before(async () => {
    pool = await WorkerPool.create({ size: 1 });
    router = await pool.leastLoaded().createRouter({ mediaCodecs: MEDIA_CODECS });
  });
  after(() => pool.close());

  const ingest = async () => {
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: "udp", ip: "127.0.0.1" },
      rtcpMux: true,
      comedia: true,
    });
    return { transport, to: { ip: transport.tuple.localAddress, port: transport.tuple.localPort } };
  };

  it("the router offers browsers the audio-level header extension, so their producers carry levels", () => {
    const offered = router.rtpCapabilities.headerExtensions ?? [];
    assert.ok(
      offered.some((h) => h.kind === "audio" && h.uri === SSRC_AUDIO_LEVEL && h.direction !== "recvonly"),
      JSON.stringify(offered.filter((h) => h.kind === "audio")),
    );
  });

  it("with the room's settings, reports volumes for a loud voice and silence once it is quiet", async () => {
    const observer = await router.createAudioLevelObserver(SPEAKER_DETECTION);
    const { transport, to } = await ingest();
    const producer = await transport.produce({ kind: "audio", rtpParameters: opusRtpParameters(0x1111) });
    await observer.addProducer({ producerId: producer.id });
    const volumes: AudioLevelObserverVolume[][] = [];
    let silences = 0;
    observer.on("volumes", (v) => volumes.push(v));
    observer.on("silence", () => silences++);

    const mic = await microphone(to, 0x1111, LOUD);
    await eventually("the observer reports the loud producer", () => volumes.length > 0);
    assert.equal(volumes[0]![0]!.producer.id, producer.id);
    assert.equal(volumes[0]![0]!.volume, -LOUD, "the average of the levels sent, in dBov");
    assert.equal(silences, 0);

    mic.setLevel(QUIET);
    await eventually("the observer reports silence", () => silences > 0);
    const before = volumes.length;
    mic.setLevel(LOUD);
    await eventually("a voice again after silence", () => volumes.length > before);
    observer.close();
    transport.close();
  });

  it("measures only producers whose rtpParameters negotiated the header extension", async () => {
    const observer = await router.createAudioLevelObserver({ ...SPEAKER_DETECTION, maxEntries: 2 });
    const withLevels = await ingest();
    const without = await ingest();
    const measured = await withLevels.transport.produce({
      kind: "audio",
      rtpParameters: opusRtpParameters(0x2222),
    });
    const unmeasured = await without.transport.produce({
      kind: "audio",
      rtpParameters: opusRtpParameters(0x3333, false),
    });
    await observer.addProducer({ producerId: measured.id });
    await observer.addProducer({ producerId: unmeasured.id });
    const volumes: AudioLevelObserverVolume[][] = [];
    observer.on("volumes", (v) => volumes.push(v));

    // the unmeasured one is louder and sends the same extension bytes, but under an id it never negotiated
    await microphone(withLevels.to, 0x2222, 40);
    await microphone(without.to, 0x3333, 5);
    await eventually("three windows reported", () => volumes.length >= 3);
    for (const window of volumes) {
      assert.deepEqual(
        window.map((v) => v.producer.id),
        [measured.id],
      );
    }
    const received = (await unmeasured.getStats()).find((s) => s.type === "inbound-rtp");
    assert.ok(received && received.packetCount > 10, "its packets did arrive");
    observer.close();
  });
});

describe("a conference room's loudest voice (Room on a real worker)", () => {
  let sfu: Sfu;
  before(async () => {
    sfu = new Sfu(await WorkerPool.create({ size: 1 }), listenInfos);
  });
  after(() => sfu.close());

  it("names the loudest participant, follows the voice, and says when everyone is quiet", async () => {
    const room = await sfu.getOrCreateRoom("conf-speaker", () => undefined);
    const speakers: ({ practitionerId: string; peerId: string } | null)[] = [];
    room.on("activespeaker", (s) => speakers.push(s));
    room.addPeer("socket-a", "practitioner-a");
    room.addPeer("socket-b", "practitioner-b");
    const a = await room.createPlainTransport("socket-a");
    const b = await room.createPlainTransport("socket-b");
    await room.produce("socket-a", a.id, "audio", opusRtpParameters(0xa), "microphone");
    await room.produce("socket-b", b.id, "audio", opusRtpParameters(0xb), "microphone");

    const micA = await microphone(a, 0xa, 40);
    const micB = await microphone(b, 0xb, LOUD);
    const last = () => speakers.at(-1);
    await eventually("B, the louder, is named", () => last()?.practitionerId === "practitioner-b");
    assert.equal(last()?.peerId, "socket-b");

    micB.setLevel(QUIET);
    await eventually("A, now the only voice, is named", () => last()?.practitionerId === "practitioner-a");
    micA.setLevel(QUIET);
    await eventually("silence is reported", () => speakers.length > 0 && last() === null);

    const count = speakers.length;
    micA.setLevel(LOUD);
    await eventually("the same voice is named again after silence", () => speakers.length > count);
    assert.equal(last()?.practitionerId, "practitioner-a");
  });

  it("forgets a muted microphone: a paused producer is not measured", async () => {
    const room = await sfu.getOrCreateRoom("conf-mute", () => undefined);
    const speakers: ({ practitionerId: string } | null)[] = [];
    room.on("activespeaker", (s) => speakers.push(s));
    room.addPeer("socket-a", "practitioner-a");
    const a = await room.createPlainTransport("socket-a");
    await room.produce("socket-a", a.id, "audio", opusRtpParameters(0xc), "microphone");
    await microphone(a, 0xc, LOUD);
    await eventually("A is named", () => speakers.at(-1)?.practitionerId === "practitioner-a");
    await room.muteMicrophoneOf("practitioner-a");
    await eventually("silence while A is muted by a moderator", () => speakers.at(-1) === null);
  });
});

describe("media:activeSpeaker over socket.io (postgres, real worker)", () => {
  let t: TestDatabase;
  let signalling: Awaited<ReturnType<typeof startSignalling>>;
  let sfu: Sfu;
  let conferenceId: string;
  let gpId: string;
  before(async () => {
    t = await createTestDatabase("postgres");
    const n = await createNetwork(t.db, { totpSecret: TEST_TOTP_SECRET });
    signalling = await startSignalling(t);
    sfu = new Sfu(await WorkerPool.create({ size: 1 }), listenInfos);
    setSfu(sfu);
    gpId = actor(n, "clinic.gp").practitionerId;
    ({ conferenceId } = await createConference(t.db, actor(n, "hosp.doctor"), {
      title: "発言者の表示",
      kind: "consultation",
      invitees: [{ practitionerId: gpId }],
      agenda: [],
    }));
  });
  after(async () => {
    setSfu(undefined);
    sfu.close();
    await signalling.close();
    await t.close();
  });

  it("tells the room who speaks, naming the loud producer's participant, and when all are quiet", async () => {
    const host = await signalling.clientFor("hosp.doctor");
    const gp = await signalling.clientFor("clinic.gp");
    await ask(host, "conference:join", { conferenceId });
    await ask(gp, "conference:join", { conferenceId });
    await ask(host, "lobby:decide", { conferenceId, practitionerId: gpId, decision: "admit" });
    assert.equal((await ask(gp, "conference:join", { conferenceId })).data?.admission, "admitted");
    assert.equal((await ask(host, "media:join", { conferenceId })).ok, true);
    assert.equal((await ask(gp, "media:join", { conferenceId })).ok, true);

    const heard: { conferenceId: string; practitionerId: string | null }[] = [];
    host.on("media:activeSpeaker", (p: { conferenceId: string; practitionerId: string | null }) =>
      heard.push(p),
    );

    // the GP's microphone: a plain RTP transport of the GP's peer, produced on through signalling
    const room = (await sfu.findRoom(conferenceId))!;
    const transport = await room.createPlainTransport(gp.id!);
    const produced = await ask(gp, "media:produce", {
      conferenceId,
      transportId: transport.id,
      kind: "audio",
      source: "microphone",
      rtpParameters: opusRtpParameters(0x5151),
    });
    assert.equal(produced.ok, true, JSON.stringify(produced));

    const mic = await microphone(transport, 0x5151, LOUD);
    await eventually("the host hears that the GP speaks", () => heard.at(-1)?.practitionerId === gpId);
    assert.equal(heard.at(-1)?.conferenceId, conferenceId);
    // the event tells changes only: whoever joins while the GP speaks is told at once, in the join's answer
    const late = (await ask(host, "media:join", { conferenceId })).data?.activeSpeaker as
      { practitionerId: string } | null | undefined;
    assert.equal(late?.practitionerId, gpId, JSON.stringify(late));
    mic.setLevel(QUIET);
    await eventually("the host hears that everyone is quiet", () => heard.at(-1)?.practitionerId === null);
    const quiet = await ask(host, "media:join", { conferenceId });
    assert.equal(quiet.data?.activeSpeaker, null, "nobody is named after the silence");
  });
});
