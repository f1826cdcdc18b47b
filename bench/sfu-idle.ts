// What idle WebRTC transports cost the SFU's worker: N transports connected (ICE, DTLS done)
// and kept alive by consent checks, no media, on two paths, each in a worker of its own:
//
//   bare  the floor: a mediasoup worker with default settings, one router, N plain
//         WebRtcTransports (a UDP port each, nothing else asked of them)
//   ours  the rooms' real path: Rooms (server/sfu/room.ts, with their audio-level observer)
//         on the product's WorkerPool with its worker settings and WebRtcServer, a peer per
//         transport as Room.createTransport makes them
//
// Every server transport is answered by a mediasoup WebRtcTransport in a third "client"
// worker (not measured) through a UDP relay that sends a binding request every 5 s, as a
// browser's consent checks (bench/sfu-client.ts). Both paths idle at once, so each window
// reads both workers' CPU time (all threads, /proc/<pid>/task/*/schedstat) over the same
// seconds, the order of the reads alternating; RSS is VmRSS of each worker at the end of the
// step, and what the worker's transports sent over the windows (their counters: RTCP, and the
// bandwidth estimator's probes). First with no transports (the worker's own floor), then with
// N. Prints medians over the windows, ours over bare, and the load average. Asserts nothing.
//
// BENCH_MUTED=1: participants who entered with their microphone muted and camera off, as the
// conference page leaves them (use-conference-media.ts: a producer per track, paused in the
// browser, so nothing is sent): N / 2 participants, each a sending and a receiving transport,
// a microphone and a three-layer camera producer with the header extensions Chrome sends, and
// a resumed consumer of every other participant's in the room. The floor's producers and
// consumers carry no bandwidth-estimation feedback (transport-cc, REMB, abs-send-time); ours
// are what the Room makes (Room.consume keeps transport-cc for the simulcast camera only).
//
//   npx tsx bench/sfu-idle.ts
//   BENCH_MUTED=1 npx tsx bench/sfu-idle.ts
//   BENCH_FIELD_TRIALS=...   ours' workers with these libwebrtc field trials instead of the product's
//   BENCH_TRANSPORTS=200 BENCH_ROOMS=20 BENCH_ROUNDS=6 BENCH_WINDOW_MS=5000
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { createWorker } from "mediasoup";
import type { MediaKind, Router, RtpParameters, WebRtcTransport, Worker } from "mediasoup/types";
import { MEDIA_CODECS } from "../server/sfu/codecs";
import { ABS_SEND_TIME, Room, TRANSPORT_WIDE_CC, withoutBandwidthEstimation } from "../server/sfu/room";
import { SFU_WORKER_SETTINGS } from "../server/sfu/worker-settings";
import { WorkerPool } from "../server/sfu/worker-pool";
import { cpuNs, median, RelayedClients, rssKb } from "./sfu-client";

const N = Number(process.env.BENCH_TRANSPORTS ?? 200);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
/** Participants who entered muted with their camera off: producers and consumers, nothing sent. */
const MUTED = process.env.BENCH_MUTED === "1";
const LOCAL = "127.0.0.1";
const ratio = (ours: number, bare: number) => (bare > 0 ? `${(ours / bare).toFixed(2)}x` : "-");

// --- a participant as a browser makes one: a microphone, and a camera in three simulcast layers
const MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
const AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
let ssrc = 0x1000_0000;

/** What Chrome's sender offers (with the bandwidth estimate's feedback), or without it for the floor. */
function sent(kind: MediaKind, mid: string, bwe: boolean): RtpParameters {
  const extensions = [
    { uri: MID, id: 1 },
    ...(bwe
      ? [
          { uri: ABS_SEND_TIME, id: 2 },
          { uri: TRANSPORT_WIDE_CC, id: 3 },
        ]
      : []),
    ...(kind === "audio" ? [{ uri: AUDIO_LEVEL, id: 10 }] : []),
  ] as RtpParameters["headerExtensions"];
  const bweFeedback = bwe ? [{ type: "goog-remb" }, { type: "transport-cc" }] : [];
  if (kind === "audio")
    return {
      mid,
      codecs: [
        {
          mimeType: "audio/opus",
          payloadType: 111,
          clockRate: 48000,
          channels: 2,
          rtcpFeedback: bwe ? [{ type: "transport-cc" }] : [],
        },
      ],
      headerExtensions: extensions,
      encodings: [{ ssrc: ssrc++ }],
      rtcp: { cname: `c${ssrc}` },
    };
  return {
    mid,
    codecs: [
      {
        mimeType: "video/VP8",
        payloadType: 96,
        clockRate: 90000,
        rtcpFeedback: [
          { type: "nack" },
          { type: "nack", parameter: "pli" },
          { type: "ccm", parameter: "fir" },
          ...bweFeedback,
        ],
      },
      { mimeType: "video/rtx", payloadType: 97, clockRate: 90000, parameters: { apt: 96 } },
    ],
    headerExtensions: extensions,
    encodings: [0, 1, 2].map(() => ({ ssrc: ssrc++, rtx: { ssrc: ssrc++ }, scalabilityMode: "L1T3" })),
    rtcp: { cname: `c${ssrc}` },
  };
}

/** What every transport of the worker has sent (its own counters). */
async function sentBytes(worker: Worker) {
  const dump = await worker.dump();
  const routers = dump.routerIds.map((id) => routerOf.get(id));
  const transports = routers.flatMap((r) => (r ? [...(transportsOf.get(r) ?? [])] : []));
  const stats = (await Promise.all(transports.map((t) => t.getStats()))).flat();
  return {
    all: stats.reduce((sum, s) => sum + s.bytesSent, 0),
    probation: stats.reduce((sum, s) => sum + s.probationBytesSent, 0),
  };
}
const routerOf = new Map<string, Router>();
const transportsOf = new Map<Router, Set<WebRtcTransport>>();
/** Follows a worker's routers and transports, for their counters (the Room keeps its own to itself). */
function follow(worker: Worker) {
  worker.observer.on("newrouter", (router) => {
    routerOf.set(router.id, router);
    const set = new Set<WebRtcTransport>();
    transportsOf.set(router, set);
    router.observer.on("newtransport", (t) => {
      if (t.type !== "webrtc") return;
      const webrtc = t as WebRtcTransport;
      set.add(webrtc);
      t.observer.once("close", () => set.delete(webrtc));
    });
  });
}

interface Path {
  name: "bare" | "ours";
  pid: number;
  /** bytes the worker's transports sent so far: everything, and the bandwidth probes' padding */
  sentBytes: () => Promise<{ all: number; probation: number }>;
  /** One participant: a transport; muted, a sending and a receiving one, their microphone and camera (nothing sent), and everyone's consumers in the room. */
  add: (clients: RelayedClients) => Promise<void>;
  close: () => void;
}

async function barePath(): Promise<Path> {
  const worker = await createWorker({ logLevel: "warn" });
  follow(worker);
  const router: Router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  // what the floor's receivers ask: no bandwidth estimate's feedback
  const caps = withoutBandwidthEstimation(router.rtpCapabilities);
  // per room: each participant's receiving transport and producers
  const rooms: { recv: WebRtcTransport; producers: string[] }[][] = [];
  let peers = 0;
  const connected = async (clients: RelayedClients) => {
    const t = await router.createWebRtcTransport({ listenInfos: [{ protocol: "udp", ip: LOCAL }] });
    await clients.connect(t, (dtlsParameters) => t.connect({ dtlsParameters }));
    return t;
  };
  const consume = async (recv: WebRtcTransport, producerId: string) => {
    const c = await recv.consume({ producerId, rtpCapabilities: caps, paused: true });
    await c.resume();
  };
  return {
    name: "bare",
    pid: worker.pid,
    sentBytes: () => sentBytes(worker),
    add: async (clients) => {
      const send = await connected(clients);
      if (!MUTED) return;
      const recv = await connected(clients);
      const room = (rooms[peers++ % ROOMS] ??= []);
      const producers = [
        (await send.produce({ kind: "audio", rtpParameters: sent("audio", "0", false) })).id,
        (await send.produce({ kind: "video", rtpParameters: sent("video", "1", false) })).id,
      ];
      for (const other of room) {
        for (const p of other.producers) await consume(recv, p);
        for (const p of producers) await consume(other.recv, p);
      }
      room.push({ recv, producers });
    },
    close: () => worker.close(),
  };
}

async function oursPath(): Promise<Path> {
  const pool = await WorkerPool.create({
    size: 1,
    workerSettings: process.env.BENCH_FIELD_TRIALS
      ? { ...SFU_WORKER_SETTINGS, libwebrtcFieldTrials: process.env.BENCH_FIELD_TRIALS }
      : SFU_WORKER_SETTINGS,
    webRtcServer: () => ({
      listenInfos: [
        { protocol: "udp", ip: LOCAL },
        { protocol: "tcp", ip: LOCAL },
      ],
    }),
  });
  follow(pool.leastLoaded());
  const rooms: { room: Room; peers: { peerId: string; recv: string; producers: string[] }[] }[] = [];
  let peers = 0;
  const connected = async (clients: RelayedClients, room: Room, peerId: string) => {
    const server = await room.createTransport(peerId);
    await clients.connect(server, (dtlsParameters) =>
      room.connectTransport(peerId, server.id, dtlsParameters),
    );
    return server.id;
  };
  const consume = async (room: Room, peerId: string, recv: string, producerId: string) => {
    const c = await room.consume(peerId, recv, producerId, room.rtpCapabilities);
    await room.resumeConsumer(peerId, c.id);
  };
  return {
    name: "ours",
    pid: pool.leastLoaded().pid,
    sentBytes: () => sentBytes(pool.leastLoaded()),
    add: async (clients) => {
      const index = peers++;
      // participants spread over ROOMS rooms, as conferences of N / ROOMS transports
      const r = (rooms[index % ROOMS] ??= {
        room: await Room.create(`bench-${index % ROOMS}`, pool, [{ protocol: "udp", ip: LOCAL }]),
        peers: [],
      });
      const peerId = `peer-${index}`;
      r.room.addPeer(peerId, peerId);
      const send = await connected(clients, r.room, peerId);
      if (!MUTED) return;
      const recv = await connected(clients, r.room, peerId);
      const producers = [
        (await r.room.produce(peerId, send, "audio", sent("audio", "0", true), "microphone")).producerId,
        (await r.room.produce(peerId, send, "video", sent("video", "1", true), "camera")).producerId,
      ];
      for (const other of r.peers) {
        for (const p of other.producers) await consume(r.room, peerId, recv, p);
        for (const p of producers) await consume(r.room, other.peerId, other.recv, p);
      }
      r.peers.push({ peerId, recv, producers });
    },
    close: () => {
      for (const r of rooms) r.room.close();
      pool.close();
    },
  };
}

const paths = [await barePath(), await oursPath()];
const client = await createWorker({ logLevel: "warn" });
const clients = new RelayedClients(await client.createRouter({ mediaCodecs: MEDIA_CODECS }));

console.log(
  `SFU worker idle: N WebRTC transports connected (ICE + DTLS, consent checks every 5 s), no media` +
    `${process.env.BENCH_FIELD_TRIALS ? `; ours' field trials ${process.env.BENCH_FIELD_TRIALS}` : ""}` +
    `${MUTED ? ", participants muted with camera off (producers and consumers, nothing sent)" : ""}; ` +
    `ours in ${ROOMS} rooms; ${ROUNDS} windows of ${WINDOW_MS / 1000} s, both workers read in each window`,
);
console.log(
  "     N  path  CPU ms/s median [min-max]  RSS MB   ours/bare CPU  ours/bare RSS  load avg (1 min)",
);
for (const n of [0, N]) {
  for (let i = 0; i < (MUTED ? n / 2 : n); i++) for (const p of paths) await p.add(clients);
  // the handshakes' after-effects (DTLS retransmission timers, first RTCP) settle
  await sleep(2000);
  const cpu = { bare: [] as number[], ours: [] as number[] };
  const loads: number[] = [];
  const sent0 = await Promise.all(paths.map((p) => p.sentBytes()));
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...paths].reverse() : paths;
    const ns0 = order.map((p) => cpuNs(p.pid));
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const t1 = performance.now();
    const ns1 = order.map((p) => cpuNs(p.pid));
    order.forEach((p, i) => cpu[p.name].push((ns1[i]! - ns0[i]!) / 1e6 / ((t1 - t0) / 1000)));
    loads.push(os.loadavg()[0]!);
  }
  const sent1 = await Promise.all(paths.map((p) => p.sentBytes()));
  const elapsed = (performance.now() - started) / 1000;
  const rate = (i: number, what: "all" | "probation") =>
    ((sent1[i]![what] - sent0[i]![what]) * 8) / 1000 / elapsed;
  const rss = { bare: rssKb(paths[0]!.pid) / 1024, ours: rssKb(paths[1]!.pid) / 1024 };
  for (const p of paths) {
    const xs = cpu[p.name];
    const line =
      `${String(n).padStart(6)}  ${p.name}  ${median(xs).toFixed(2).padStart(8)} [${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}]`.padEnd(
        37,
      ) + `${rss[p.name].toFixed(1).padStart(7)}`;
    console.log(
      p.name === "ours"
        ? `${line}  ${ratio(median(cpu.ours), median(cpu.bare)).padStart(13)}  ${(rss.ours / rss.bare).toFixed(2).padStart(12)}x  ` +
            `${median(loads).toFixed(2)} (${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)})`
        : line,
    );
  }
  console.log(
    `        sent while idle, kbit/s (bandwidth probes' padding): ` +
      paths
        .map((p, i) => `${p.name} ${rate(i, "all").toFixed(1)} (${rate(i, "probation").toFixed(1)})`)
        .join(", "),
  );
}
clients.close();
client.close();
for (const p of paths) p.close();
