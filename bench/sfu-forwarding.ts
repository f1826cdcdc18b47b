// SFU cost: one synthetic video stream (VP8, ~1 Mbit/s: 30 fps x 4 packets of
// ~1 kB) sent over UDP into a PlainTransport producer, forwarded by K consumers
// (PlainTransports) to a UDP sink on loopback. For each K it prints forwarded
// packets/s, the worker's CPU % (from /proc, over a 5 s window), CPU % per
// forwarded stream, and an estimate of the consumers one worker core carries
// below 70 % CPU. mediasoup's guidance is about 500 consumers per worker.
// Prints figures, asserts nothing. Run: npx tsx bench/sfu-forwarding.ts
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { PlainTransport } from "mediasoup/types";
import { MEDIA_CODECS } from "../server/sfu/codecs";
import { WorkerPool } from "../server/sfu/worker-pool";

const STEPS = (process.env.BENCH_CONSUMERS ?? "25,50,100,200,400").split(",").map(Number);
const WINDOW_MS = 5000;
const SSRC = 0x1234_5678;
const TICKS = 100; // USER_HZ on Linux

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

const pool = await WorkerPool.create({ size: 1 });
const worker = pool.leastLoaded();
const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
const ingest = await router.createPlainTransport({
  listenInfo: { protocol: "udp", ip: "127.0.0.1" },
  rtcpMux: true,
  comedia: true,
});
const producer = await ingest.produce({
  kind: "video",
  rtpParameters: {
    codecs: [{ mimeType: "video/VP8", payloadType: 101, clockRate: 90000 }],
    encodings: [{ ssrc: SSRC }],
  },
});

const sink = dgram.createSocket("udp4");
let received = 0;
sink.on("message", () => received++);
await new Promise<void>((r) => sink.bind(0, "127.0.0.1", r));
const sinkPort = sink.address().port;

// the sender: 30 frames/s, 4 packets a frame, a key frame every second
const src = dgram.createSocket("udp4");
let seq = 1;
let frame = 0;
let sending = true;
const packet = (marker: boolean, key: boolean) => {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | 101;
  header.writeUInt16BE(seq++ & 0xffff, 2);
  header.writeUInt32BE((frame * 3000) >>> 0, 4);
  header.writeUInt32BE(SSRC, 8);
  const descriptor = Buffer.from([0x90, 0x80, 0x80 | ((frame >> 8) & 0x7f), frame & 0xff]);
  const vp8 = key
    ? Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01])
    : Buffer.from([0x11, 0x02, 0x00]);
  return Buffer.concat([header, descriptor, vp8, Buffer.alloc(1000, 0xab)]);
};
const sender = (async () => {
  while (sending) {
    for (let i = 0; i < 4; i++)
      src.send(packet(i === 3, frame % 30 === 0 && i === 0), ingest.tuple.localPort, "127.0.0.1");
    frame++;
    await sleep(33);
  }
})();

const consumers: PlainTransport[] = [];
console.log(
  `SFU forwarding, one worker (pid ${worker.pid}), one VP8 stream of ~120 packets/s, ${WINDOW_MS / 1000} s windows`,
);
console.log("consumers  forwarded pkt/s  worker CPU %  CPU % per stream  est. consumers at 70 %");
for (const target of STEPS) {
  while (consumers.length < target) {
    const egress = await router.createPlainTransport({
      listenInfo: { protocol: "udp", ip: "127.0.0.1" },
      rtcpMux: true,
      comedia: false,
    });
    await egress.connect({ ip: "127.0.0.1", port: sinkPort });
    await egress.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
    consumers.push(egress);
  }
  await sleep(1000);
  const ticks0 = cpuTicks(worker.pid);
  const received0 = received;
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = ((cpuTicks(worker.pid) - ticks0) / TICKS / seconds) * 100;
  const pps = (received - received0) / seconds;
  const perStream = cpu / target;
  console.log(
    `${String(target).padStart(9)}  ${pps.toFixed(0).padStart(15)}  ${cpu.toFixed(1).padStart(12)}  ${perStream.toFixed(3).padStart(16)}  ${(70 / perStream).toFixed(0).padStart(22)}`,
  );
  if (cpu > 90) break;
}
sending = false;
await sender;
src.close();
sink.close();
pool.close();
