// SFU cost per forwarded packet: one synthetic video stream (VP8, ~1 Mbit/s: 30 fps x 4
// packets of ~1 kB) forwarded by K consumers, on three paths, each in a worker of its own:
//
//   plain  raw mediasoup, PlainTransport consumers, plain RTP to a UDP sink (the floor)
//   srtp   raw mediasoup, PlainTransport consumers with SRTP (AEAD_AES_256_GCM, what DTLS
//          negotiates between mediasoup and a browser offering GCM) to a UDP sink
//   ours   the rooms' real path: a Room (server/sfu/room.ts) on the product's WorkerPool
//          with its worker settings and WebRtcServer; each receiver a WebRtcTransport
//          with ICE, DTLS, SRTP and RTCP feedback, answered by a mediasoup WebRtcTransport
//          in a separate "client" worker through a UDP relay (its own thread) that plays
//          the ICE controlling agent (binding requests every 5 s, as a browser's consent
//          checks). The stream has one layer, so the Room asks no transport-cc for it
//          (Room.consume); a camera's simulcast stream keeps transport-cc and its pacer.
//
// Interleaved: for each K, rounds of plain, srtp, ours windows; only the path being measured
// gets the stream, so the others' idle work is not counted in its window. Per window: the
// worker's CPU time (all its threads, /proc/<pid>/task/*/schedstat, ns) over the packets its
// consumers sent (their own counters, read just outside the window and scaled to it); for
// ours, the share the client transports received and decrypted is printed as a check. Prints medians over the rounds, the ratios to plain and srtp,
// and the load average (the machine is shared: read figures beside it). Asserts nothing.
//
//   npx tsx bench/sfu-forwarding.ts
//   BENCH_CONSUMERS=50,100,200 BENCH_ROUNDS=5 BENCH_WINDOW_MS=3000
//   MEDIASOUP_WORKER_BIN=/path/to/mediasoup-worker   another worker build (all paths use it)
//   BENCH_WORKER_SETTINGS='{"disableLiburing":true}'  merged into every worker's settings
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker as Thread } from "node:worker_threads";
import { createWorker } from "mediasoup";
import type {
  Consumer,
  Producer,
  RtpParameters,
  WebRtcTransport,
  Worker,
  WorkerSettings,
} from "mediasoup/types";
import { MEDIA_CODECS } from "../server/sfu/codecs";
import { Room } from "../server/sfu/room";
import { SFU_WORKER_SETTINGS } from "../server/sfu/worker-settings";
import { WorkerPool } from "../server/sfu/worker-pool";
import { cpuNs, median, RelayedClients } from "./sfu-client";

const STEPS = (process.env.BENCH_CONSUMERS ?? "50,100,200").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 3000);
const WARMUP_MS = 1000;
const EXTRA_SETTINGS = JSON.parse(process.env.BENCH_WORKER_SETTINGS ?? "{}") as Partial<WorkerSettings>;
const SSRC = 0x1234_5678;
const LOCAL = "127.0.0.1";
const VP8_IN: RtpParameters = {
  codecs: [{ mimeType: "video/VP8", payloadType: 101, clockRate: 90000 }],
  encodings: [{ ssrc: SSRC }],
};

type Mode = "plain" | "srtp" | "ours";
const MODES: Mode[] = ["plain", "srtp", "ours"];

// --- the stream -----------------------------------------------------------------------
/**
 * The sender, on a thread of its own: 30 frames/s of 4 packets, a key frame every second,
 * to the port it was last told (none: it holds). Frames that came due while the thread
 * waited for a core go out at once, so the rate holds on a busy machine.
 */
const SENDER = `
const { parentPort } = require("node:worker_threads");
const dgram = require("node:dgram");
const socket = dgram.createSocket("udp4");
let port = 0, seq = 1, frame = 0;
const start = performance.now();
parentPort.on("message", (p) => { port = p; });
const packet = (marker, key) => {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | 101;
  header.writeUInt16BE(seq++ & 0xffff, 2);
  header.writeUInt32BE((frame * 3000) >>> 0, 4);
  header.writeUInt32BE(${SSRC}, 8);
  const descriptor = Buffer.from([0x90, 0x80, 0x80 | ((frame >> 8) & 0x7f), frame & 0xff]);
  const vp8 = key
    ? Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01])
    : Buffer.from([0x11, 0x02, 0x00]);
  return Buffer.concat([header, descriptor, vp8, Buffer.alloc(1000, 0xab)]);
};
setInterval(() => {
  while (frame < ((performance.now() - start) * 30) / 1000) {
    for (let i = 0; i < 4; i++) {
      const p = packet(i === 3, frame % 30 === 0 && i === 0);
      if (port) socket.send(p, port, "127.0.0.1");
    }
    frame++;
  }
}, 10);
`;

/** Packets the consumers sent (retransmissions included), from the worker's own counters. */
async function packetsSent(consumers: Consumer[]): Promise<number> {
  const all = await Promise.all(consumers.map((c) => c.getStats()));
  return all.reduce(
    (sum, stats) => sum + (stats.find((s) => s.type === "outbound-rtp")?.packetCount ?? 0),
    0,
  );
}

// --- the three paths ------------------------------------------------------------------
interface Path {
  mode: Mode;
  pid: number;
  ingestPort: number;
  forwarded: () => Promise<number>;
  /** what the receivers got and decrypted, for a check that the path really carried the stream */
  check?: () => Promise<string>;
  grow: (k: number) => Promise<void>;
  close: () => void;
}

async function plainPath(mode: "plain" | "srtp"): Promise<Path> {
  const worker = await createWorker({ logLevel: "warn", ...EXTRA_SETTINGS });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const ingest = await router.createPlainTransport({
    listenInfo: { protocol: "udp", ip: LOCAL },
    rtcpMux: true,
    comedia: true,
  });
  const producer = await ingest.produce({ kind: "video", rtpParameters: VP8_IN });
  const sink = dgram.createSocket("udp4");
  sink.on("message", () => {});
  await new Promise<void>((r) => sink.bind(0, LOCAL, r));
  const consumers: Consumer[] = [];
  return {
    mode,
    pid: worker.pid,
    ingestPort: ingest.tuple.localPort,
    forwarded: () => packetsSent(consumers),
    grow: async (k) => {
      while (consumers.length < k) {
        const t = await router.createPlainTransport({
          listenInfo: { protocol: "udp", ip: LOCAL },
          rtcpMux: true,
          comedia: false,
          ...(mode === "srtp" ? { enableSrtp: true, srtpCryptoSuite: "AEAD_AES_256_GCM" as const } : {}),
        });
        await t.connect({
          ip: LOCAL,
          port: sink.address().port,
          ...(mode === "srtp"
            ? {
                srtpParameters: {
                  cryptoSuite: "AEAD_AES_256_GCM",
                  keyBase64: randomBytes(44).toString("base64"),
                },
              }
            : {}),
        });
        consumers.push(await t.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities }));
      }
    },
    close: () => {
      sink.close();
      worker.close();
    },
  };
}

async function oursPath(): Promise<Path> {
  const pool = await WorkerPool.create({
    size: 1,
    workerSettings: { ...SFU_WORKER_SETTINGS, ...EXTRA_SETTINGS },
    webRtcServer: () => ({ listenInfos: [{ protocol: "udp", ip: LOCAL }] }),
  });
  const sfuWorker = pool.leastLoaded();
  // the Room's consumers, for their counters (the Room keeps its mediasoup objects to itself)
  const consumers: Consumer[] = [];
  sfuWorker.observer.on("newrouter", (router) =>
    router.observer.on("newtransport", (transport) =>
      transport.observer.on("newconsumer", (consumer) => consumers.push(consumer)),
    ),
  );
  const pid = sfuWorker.pid;
  const room = await Room.create("bench", pool, [{ protocol: "udp", ip: LOCAL }]);
  room.addPeer("sender", "sender");
  const ingest = await room.createPlainTransport("sender");
  const produced = await room.produce("sender", ingest.id, "video", VP8_IN, "camera");
  // the receivers' side: WebRtcTransports in a worker of their own, not measured
  const client: Worker = await createWorker({ logLevel: "warn" });
  const clientRouter = await client.createRouter({ mediaCodecs: MEDIA_CODECS });
  const clients = new RelayedClients(clientRouter);
  const clientProducers: Producer[] = [];
  const receivers: WebRtcTransport[] = [];
  return {
    mode: "ours",
    pid,
    ingestPort: ingest.port,
    forwarded: () => packetsSent(consumers),
    check: async () => {
      const stats = await Promise.all(clientProducers.map((p) => p.getStats()));
      const received = stats.reduce((sum, s) => sum + (s[0]?.packetCount ?? 0), 0);
      const sent = await packetsSent(consumers);
      return `the client transports received and decrypted ${((100 * received) / sent).toFixed(1)}% of the ${sent} packets sent so far`;
    },
    grow: async (k) => {
      while (receivers.length < k) {
        const peerId = `receiver-${receivers.length}`;
        room.addPeer(peerId, peerId);
        const server = await room.createTransport(peerId);
        const browser = await clients.connect(server, (dtlsParameters) =>
          room.connectTransport(peerId, server.id, dtlsParameters),
        );
        receivers.push(browser);
        const consumer = await room.consume(peerId, server.id, produced.producerId, room.rtpCapabilities);
        clientProducers.push(await browser.produce({ kind: "video", rtpParameters: consumer.rtpParameters }));
        await room.resumeConsumer(peerId, consumer.id);
      }
    },
    close: () => {
      clients.close();
      client.close();
      room.close();
      pool.close();
    },
  };
}

// --- run ------------------------------------------------------------------------------
const paths = [await plainPath("plain"), await plainPath("srtp"), await oursPath()];
const sender = new Thread(SENDER, { eval: true });
const send = (p: Path | null) => sender.postMessage(p?.ingestPort ?? 0);

console.log(
  `SFU cost per forwarded packet: one VP8 stream of ~120 packets/s of ~1 kB, K consumers; ` +
    `${ROUNDS} interleaved rounds of ${WINDOW_MS / 1000} s windows per path; worker ${process.env.MEDIASOUP_WORKER_BIN ?? "(default)"}` +
    `${Object.keys(EXTRA_SETTINGS).length ? `; settings ${JSON.stringify(EXTRA_SETTINGS)}` : ""}`,
);
console.log(
  "    K  path   µs/packet median [min-max]  pkt/s  worker CPU %  vs plain  vs srtp  load avg (1 min)",
);
for (const k of STEPS) {
  for (const p of paths) await p.grow(k);
  const perPacket: Record<Mode, number[]> = { plain: [], srtp: [], ours: [] };
  const pps: Record<Mode, number[]> = { plain: [], srtp: [], ours: [] };
  const cpu: Record<Mode, number[]> = { plain: [], srtp: [], ours: [] };
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of paths) {
      send(p);
      await sleep(WARMUP_MS);
      // the counters are read just outside the CPU window; their packets are scaled to it
      const r0 = performance.now();
      const n0 = await p.forwarded();
      const r1 = performance.now();
      const ns0 = cpuNs(p.pid);
      const t0 = performance.now();
      await sleep(WINDOW_MS);
      const t1 = performance.now();
      const ns = cpuNs(p.pid) - ns0;
      const r2 = performance.now();
      const n1 = await p.forwarded();
      const r3 = performance.now();
      const seconds = (t1 - t0) / 1000;
      const n = ((n1 - n0) * (t1 - t0)) / ((r2 + r3) / 2 - (r0 + r1) / 2);
      perPacket[p.mode].push(n > 0 ? ns / 1000 / n : NaN);
      pps[p.mode].push(n / seconds);
      cpu[p.mode].push(ns / 1e7 / seconds);
      loads.push(os.loadavg()[0]!);
    }
  }
  send(null);
  const m = (mode: Mode) => median(perPacket[mode]);
  for (const mode of MODES) {
    const xs = perPacket[mode];
    console.log(
      `${String(k).padStart(5)}  ${mode.padEnd(5)}  ${m(mode).toFixed(1).padStart(9)} [${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}]`.padEnd(
        42,
      ) +
        `${median(pps[mode]).toFixed(0).padStart(6)}  ${median(cpu[mode]).toFixed(1).padStart(12)}  ` +
        `${(m(mode) / m("plain")).toFixed(2).padStart(7)}x  ${(m(mode) / m("srtp")).toFixed(2).padStart(6)}x  ` +
        `${mode === "ours" ? `${median(loads).toFixed(2)} (${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)})` : ""}`,
    );
  }
  for (const p of paths) if (p.check) console.log(`       (${p.mode}: ${await p.check()})`);
}
await sender.terminate();
for (const p of paths) p.close();
