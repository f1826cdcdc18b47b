// The floor under the signalling ack (issue 16): what socket.io itself costs per acked event, and what
// Node's async context adds to it. Three bare socket.io servers, each in its own process, answer
// hand:raise with an ack: plain; with an AsyncLocalStorage run per event (as our request ids, and as
// Next.js's in the same process, turn on promise hooks for every promise and callback); and the same
// with the handler's few awaits. Clients: BENCH_CLIENTS sockets (20) each sending BENCH_ACKS (300)
// one after the other, unpaced, rounds interleaved (BENCH_ROUNDS, 3). Prints server CPU per ack (from
// /proc) and the p50/p95 round trip of each. Prints figures; asserts nothing.
// Run: node bench/ack-floor.mjs
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { io as connect } from "socket.io-client";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const ACKS = Number(process.env.BENCH_ACKS ?? 300);

const servers = {
  bare: `s.on("hand:raise", (_p, ack) => ack({ ok: true, data: null }));`,
  "bare + async context": `s.use((_packet, next) => als.run({ reqId: randomUUID() }, next));
    s.on("hand:raise", (_p, ack) => ack({ ok: true, data: null }));`,
  "bare + async context + 3 awaits": `s.use((_packet, next) => als.run({ reqId: randomUUID() }, next));
    s.on("hand:raise", (p, ack) => void (async () => { await Promise.resolve(); const d = await (async () => p)(); await null; ack({ ok: true, data: d && null }); })());`,
};

const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const started = await Promise.all(
  Object.entries(servers).map(async ([name, body]) => {
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import http from "node:http"; import { randomUUID } from "node:crypto";
         import { AsyncLocalStorage } from "node:async_hooks"; import { Server } from "socket.io";
         const als = new AsyncLocalStorage();
         const server = http.createServer(); const io = new Server(server, { serveClient: false });
         io.on("connection", (s) => { ${body} });
         server.listen(0, "127.0.0.1", () => console.log(server.address().port));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const port = await new Promise((r) => child.stdout.once("data", (d) => r(Number(String(d).trim()))));
    const sockets = await Promise.all(
      Array.from(
        { length: CLIENTS },
        () =>
          new Promise((resolve, reject) => {
            const s = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], reconnection: false });
            s.once("connect", () => resolve(s));
            s.once("connect_error", reject);
          }),
      ),
    );
    return { name, child, sockets, times: [], cpu: 0 };
  }),
);
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const server of started) {
      const cpu0 = cpuSeconds(server.child.pid);
      await Promise.all(
        server.sockets.map(async (s) => {
          for (let i = 0; i < ACKS; i++) {
            const t0 = performance.now();
            await s.emitWithAck("hand:raise", { conferenceId: "x", raised: i % 2 === 0 });
            server.times.push(performance.now() - t0);
          }
        }),
      );
      server.cpu += cpuSeconds(server.child.pid) - cpu0;
    }
  }
  console.log(`${CLIENTS} sockets × ${ACKS} acks unpaced, ${ROUNDS} rounds interleaved:`);
  const floor = started[0];
  for (const s of started) {
    const sorted = s.times.sort((a, b) => a - b);
    const us = (1e6 * s.cpu) / s.times.length;
    console.log(
      `  ${s.name.padEnd(32)} ${us.toFixed(1).padStart(6)} µs server CPU per ack (${((100 * us) / ((1e6 * floor.cpu) / floor.times.length)).toFixed(0)}% of bare), p50 ${quantile(sorted, 0.5).toFixed(2)} ms, p95 ${quantile(sorted, 0.95).toFixed(2)} ms`,
    );
  }
} finally {
  for (const s of started) {
    for (const c of s.sockets) c.close();
    s.child.kill();
  }
}
