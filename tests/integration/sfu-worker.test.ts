import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import dgram from "node:dgram";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Consumer, Producer, Router, RouterRtpCodecCapability, Worker } from "mediasoup/types";
import { workerBin } from "mediasoup";
import { WorkerPool } from "../../server/sfu/worker-pool";

// A real mediasoup-worker (the one the postinstall put in node_modules, or
// MEDIASOUP_WORKER_BIN), no mocks: media goes through the worker over UDP on 127.0.0.1.

const MEDIA_CODECS: RouterRtpCodecCapability[] = [
  { kind: "audio", mimeType: "audio/opus", clockRate: 48000, channels: 2 },
  { kind: "video", mimeType: "video/VP8", clockRate: 90000, parameters: { "x-google-start-bitrate": 1000 } },
];
const OPUS_PT = 100;
const VP8_PT = 101;
const OPUS_SSRC = 11111111;
const VP8_SSRC = 22222222;
const PACKETS = 60;

function rtpPacket(
  pt: number,
  seq: number,
  timestamp: number,
  ssrc: number,
  marker: boolean,
  payload: Buffer,
) {
  const header = Buffer.alloc(12);
  header[0] = 0x80; // RTP version 2
  header[1] = (marker ? 0x80 : 0) | pt;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, payload]);
}

/** VP8 payload descriptor with a picture id, then a key frame (640x480) or a delta frame header. */
function vp8Payload(pictureId: number, keyFrame: boolean) {
  const descriptor = Buffer.from([0x90, 0x80, 0x80 | ((pictureId >> 8) & 0x7f), pictureId & 0xff]);
  const frame = keyFrame
    ? Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01])
    : Buffer.from([0x11, 0x02, 0x00]);
  return Buffer.concat([descriptor, frame, Buffer.alloc(800, 0xab)]);
}

async function udpSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return socket;
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("SFU worker pool (real mediasoup-worker)", () => {
  let pool: WorkerPool;
  const sockets: dgram.Socket[] = [];

  before(async () => {
    pool = await WorkerPool.create({
      size: 2,
      workerSettings: { logLevel: "warn" },
      respawnDelaysMs: [0, 500],
    });
  });

  after(() => {
    pool?.close();
    for (const socket of sockets) socket.close();
  });

  it("starts the requested number of workers and puts each router on the least loaded one", async () => {
    assert.equal(pool.workers.length, 2);
    const first = pool.leastLoaded();
    const router = await first.createRouter({ mediaCodecs: MEDIA_CODECS });
    assert.equal(pool.routerCount(first), 1);
    const second = pool.leastLoaded();
    assert.notEqual(second, first, "the second router goes to the idle worker");
    router.close();
    assert.equal(pool.routerCount(first), 0);
  });

  it("forwards RTP from a PlainTransport producer to a consumer on another PlainTransport", async () => {
    const router = await pool.leastLoaded().createRouter({ mediaCodecs: MEDIA_CODECS });
    const codecs = router.rtpCapabilities.codecs ?? [];
    assert.deepEqual(
      codecs.map((c) => c.mimeType),
      ["audio/opus", "video/VP8", "video/rtx"],
    );

    // In: the test's socket sends to this transport, which learns the sender's address (comedia).
    const ingest = await router.createPlainTransport({
      listenInfo: { protocol: "udp", ip: "127.0.0.1" },
      rtcpMux: true,
      comedia: true,
    });
    const video = await ingest.produce({
      kind: "video",
      rtpParameters: {
        codecs: [{ mimeType: "video/VP8", payloadType: VP8_PT, clockRate: 90000 }],
        encodings: [{ ssrc: VP8_SSRC }],
      },
    });
    const audio = await ingest.produce({
      kind: "audio",
      rtpParameters: {
        codecs: [{ mimeType: "audio/opus", payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: OPUS_SSRC }],
      },
    });

    // Out: consumers on a second transport connected to the test's sink socket.
    const sink = await udpSocket();
    sockets.push(sink);
    const egress = await router.createPlainTransport({
      listenInfo: { protocol: "udp", ip: "127.0.0.1" },
      rtcpMux: true,
      comedia: false,
    });
    await egress.connect({ ip: "127.0.0.1", port: sink.address().port });
    const consume = async (producer: Producer): Promise<Consumer> => {
      const consumer = await egress.consume({
        producerId: producer.id,
        rtpCapabilities: router.rtpCapabilities,
        paused: true,
      });
      await consumer.resume();
      return consumer;
    };
    const videoConsumer = await consume(video);
    const audioConsumer = await consume(audio);

    const expected = new Map<number, { kind: string; pt: number; received: number }>();
    for (const consumer of [videoConsumer, audioConsumer]) {
      const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
      const pt = consumer.rtpParameters.codecs[0]?.payloadType;
      assert.ok(ssrc !== undefined && pt !== undefined, "consumer has an SSRC and a payload type");
      expected.set(ssrc, { kind: consumer.kind, pt, received: 0 });
    }
    sink.on("message", (msg: Buffer) => {
      if (msg.length < 12) return;
      const pt = msg[1]! & 0x7f;
      if (pt >= 72 && pt <= 79) return; // RTCP on the muxed port
      const stream = expected.get(msg.readUInt32BE(8));
      if (stream && stream.pt === pt) stream.received++;
    });

    const source = await udpSocket();
    sockets.push(source);
    const { localIp, localPort } = ingest.tuple;
    for (let i = 0; i < PACKETS; i++) {
      source.send(
        rtpPacket(VP8_PT, 1000 + i, i * 3000, VP8_SSRC, true, vp8Payload(i, i % 30 === 0)),
        localPort,
        localIp,
      );
      source.send(
        rtpPacket(OPUS_PT, 5000 + i, i * 960, OPUS_SSRC, false, Buffer.alloc(60, 0x5a)),
        localPort,
        localIp,
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    // UDP on loopback may still drop a packet under load: 90% is the bar, as in the smoke test.
    const enough = Math.ceil(PACKETS * 0.9);
    await waitUntil(
      "the sink received the forwarded packets",
      () => [...expected.values()].every((s) => s.received >= enough),
      5_000,
    );
    const produced = (await video.getStats()).find((s) => s.type === "inbound-rtp");
    assert.ok(produced && produced.packetCount >= enough, "the worker counted the video packets it received");
    for (const stream of expected.values())
      assert.ok(stream.received <= PACKETS, `${stream.kind}: no more packets than were sent`);
    router.close();
    assert.equal(videoConsumer.closed, true, "closing the router closes its consumers");
  });

  it("reports a worker that dies and replaces it", async () => {
    const victim = pool.leastLoaded();
    const router: Router = await victim.createRouter({ mediaCodecs: MEDIA_CODECS });
    const timeout = AbortSignal.timeout(15_000);
    const died = once(pool, "workerdied", { signal: timeout }) as Promise<[Worker, Error]>;
    const replaced = once(pool, "workerreplaced", { signal: timeout }) as Promise<[Worker, Worker]>;

    process.kill(victim.pid, "SIGKILL");

    const [deadWorker, error] = await died;
    assert.equal(deadWorker, victim);
    assert.match(error.message, /SIGKILL/);
    assert.equal(victim.died, true);
    assert.equal(router.closed, true, "the dead worker's routers are closed");

    const [replacement, diedWorker] = await replaced;
    assert.equal(diedWorker, victim);
    assert.notEqual(replacement.pid, victim.pid);
    assert.equal(pool.workers.length, 2, "the pool has two workers again");
    assert.ok(!pool.workers.includes(victim));
    assert.ok(pool.workers.every((w) => !w.closed && !w.died));

    const fresh = await replacement.createRouter({ mediaCodecs: MEDIA_CODECS });
    assert.equal(pool.routerCount(replacement), 1, "the replacement takes routers");
    fresh.close();
  });

  it("closes every worker once, and refuses work afterwards", () => {
    const workers = pool.workers;
    pool.close();
    pool.close();
    assert.equal(pool.closed, true);
    assert.ok(workers.every((w) => w.closed));
    assert.equal(pool.workers.length, 0);
    assert.throws(() => pool.leastLoaded(), { name: "WorkerPoolError" });
  });
});

describe("SFU worker binary check", () => {
  it("names the fix when there is no worker binary", () => {
    // mediasoup reads MEDIASOUP_WORKER_BIN once, when it is loaded: hence a process of its own.
    const poolModule = pathToFileURL(path.join(import.meta.dirname, "../../server/sfu/worker-pool.ts")).href;
    const script = `
      import { WorkerPool } from ${JSON.stringify(poolModule)};
      try { await WorkerPool.create({ size: 1 }); console.log("{}"); }
      catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }`;
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env: { ...process.env, MEDIASOUP_WORKER_BIN: "/nonexistent/mediasoup-worker" },
      encoding: "utf8",
      timeout: 30_000,
    });
    const error = JSON.parse(output.trim().split("\n").pop() ?? "{}") as { name?: string; message?: string };
    assert.equal(error.name, "WorkerBinaryError");
    assert.match(
      error.message ?? "",
      /no worker binary at MEDIASOUP_WORKER_BIN=\/nonexistent\/mediasoup-worker/,
    );
    assert.match(error.message ?? "", /npm run sfu:worker/);
  });

  it("names the missing library and its Debian package when the worker cannot load one", () => {
    // A copy of the real worker whose dynamic section asks for libuv.so.9 instead of
    // libuv.so.1 (same length, so the ELF stays valid): what a server lacking the right
    // libuv sees. (libuv, as every build links it; libsrtp is compiled in when the build
    // could fetch its source.) The binary under node_modules is not touched.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okinet-worker-libs-"));
    try {
      const original = fs.readFileSync(workerBin);
      const needed = Buffer.from("libuv.so.1\0");
      const at = original.indexOf(needed);
      assert.ok(at >= 0, "the worker links libuv.so.1");
      const patched = Buffer.from(original);
      Buffer.from("libuv.so.9\0").copy(patched, at);
      const bin = path.join(dir, "mediasoup-worker");
      fs.writeFileSync(bin, patched, { mode: 0o755 });
      const poolModule = pathToFileURL(
        path.join(import.meta.dirname, "../../server/sfu/worker-pool.ts"),
      ).href;
      const script = `
        import { WorkerPool } from ${JSON.stringify(poolModule)};
        try { await WorkerPool.create({ size: 1 }); console.log("{}"); }
        catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }`;
      const output = execFileSync(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        {
          env: { ...process.env, MEDIASOUP_WORKER_BIN: bin },
          encoding: "utf8",
          timeout: 30_000,
        },
      );
      const error = JSON.parse(output.trim().split("\n").pop() ?? "{}") as {
        name?: string;
        message?: string;
      };
      assert.equal(error.name, "WorkerBinaryError");
      assert.match(error.message ?? "", /does not run on this machine/);
      assert.match(error.message ?? "", /Missing shared libraries: libuv\.so\.9\./);
      assert.match(error.message ?? "", /apt-get install libuv1\b/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
