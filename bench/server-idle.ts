// What the production server holds and spends while nobody uses it: the real app
// (server/index.ts on the `next build` in this checkout, as tests/helpers/app.ts starts it:
// demo data seeded, one mediasoup worker per core unless SFU_WORKERS says, no demo PACS)
// on PostgreSQL and on the embedded PGlite, beside a floor: a bare Next.js production server
// of the same build (node, `next({ dir }).prepare()` and its request handler on an HTTP
// server, nothing of server/index.ts: no database, SFU, socket.io, tsx, demo servers).
// The same .next makes the floor the framework's own cost for these routes, so what the
// app holds above it is what server/index.ts starts; a minimal page's build would also
// count this app's route manifests and middleware as ours.
//
// All three run at once and are read in the same windows (their idle work cannot be
// switched off in turn): CPU time of every thread (/proc/<pid>/task/*/schedstat) per
// second of wall time, VmRSS, and from inside (bench/server-idle-probe.mjs, on SIGUSR2) the
// heap, external memory and the CommonJS modules loaded. The mediasoup workers and any
// other child processes are separate processes: their RSS is printed on its own line and
// in the total. Prints medians of the windows and the load average. Asserts nothing.
//
//   npx next build && npx tsx bench/server-idle.ts
//   BENCH_SETTLE_MS=20000 BENCH_ROUNDS=6 BENCH_WINDOW_MS=5000 SFU_WORKERS=2
//   BENCH_APP_ENV='{"AUDIT_LINK_INTERVAL_MS":"60000"}'   more settings for both apps
//   BENCH_MODULES=1   also the CommonJS files loaded, by package, and the heap's spaces
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startApp, type RunningApp } from "../tests/helpers/app";
import { cpuNs, median, rssKb } from "./sfu-client";

const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 5000);
/** More settings for both apps (an experiment: '{"AUDIT_LINK_INTERVAL_MS":"60000"}'). */
const APP_ENV = JSON.parse(process.env.BENCH_APP_ENV ?? "{}") as Record<string, string>;
// migrations and the demo seed take minutes when the machine is shared with other work
const START_TIMEOUT_MS = 600_000;
const root = path.resolve(import.meta.dirname, "..");
const probeDir = mkdtempSync(path.join(os.tmpdir(), "okinet-idle-probe-"));
const probeEnv = {
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${path.join(root, "bench/server-idle-probe.mjs")}`,
  BENCH_PROBE_DIR: probeDir,
};

interface Probe {
  memory: NodeJS.MemoryUsage;
  afterGc: NodeJS.MemoryUsage;
  heap: { total_heap_size: number; used_heap_size: number; malloced_memory: number };
  spaces: Record<string, number>;
  commonJsModules: number;
  byPackage: Record<string, number>;
}

/** The process's memory figures from inside, through the probe. */
async function probe(pid: number): Promise<Probe> {
  const file = path.join(probeDir, `${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(50);
  await sleep(50);
  return JSON.parse(readFileSync(file, "utf8")) as Probe;
}

/** Every process below `pid` (mediasoup workers, a tsx/esbuild service), with its command name. */
function descendants(pid: number): { pid: number; name: string }[] {
  const out: { pid: number; name: string }[] = [];
  for (const tid of safeList(`/proc/${pid}/task`)) {
    for (const child of safeRead(`/proc/${pid}/task/${tid}/children`).split(" ").filter(Boolean)) {
      const c = Number(child);
      out.push({ pid: c, name: safeRead(`/proc/${c}/comm`).trim() }, ...descendants(c));
    }
  }
  return out;
}
function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const FLOOR = `
const http = require("node:http");
const next = require("next");
(async () => {
  const started = Date.now();
  const server = http.createServer((req, res) => handle(req, res));
  let handle;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const app = next({ dev: false, dir: process.cwd(), hostname: "127.0.0.1", port: server.address().port });
  await app.prepare();
  handle = app.getRequestHandler();
  console.log("floor listening on " + server.address().port + ", ready in " + (Date.now() - started) + " ms");
})();
`;

async function startFloor(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["-e", FLOOR], {
    cwd: root,
    env: { ...process.env, ...probeEnv, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes("ready in")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`floor exited with ${code}:\n${out}`)));
  });
  return {
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

interface Measured {
  name: string;
  pid: number;
  stop: () => Promise<void>;
}

const measured: Measured[] = [];
try {
  // the production default: one mediasoup worker per core
  const workers = { SFU_WORKERS: process.env.SFU_WORKERS ?? String(os.availableParallelism()), ...APP_ENV };
  const postgres: RunningApp = await startApp({ ...probeEnv, ...workers }, undefined, START_TIMEOUT_MS);
  measured.push({ name: "ours, PostgreSQL", pid: postgres.pid, stop: () => postgres.stop() });
  // DATABASE_URL empty: the embedded PGlite in the app's DATA_DIR (the test database made beside it is unused)
  const pglite: RunningApp = await startApp(
    { ...probeEnv, ...workers, DATABASE_URL: "" },
    undefined,
    START_TIMEOUT_MS,
  );
  if (!pglite.output().includes("(pglite)")) throw new Error("the second app is not on PGlite");
  measured.push({ name: "ours, PGlite", pid: pglite.pid, stop: () => pglite.stop() });
  const floor = await startFloor();
  measured.push({ name: "floor: bare Next", pid: floor.pid, stop: floor.stop });

  await sleep(SETTLE_MS);
  const cpu = new Map<number, number[]>(measured.map((m) => [m.pid, []]));
  const childCpu = new Map<number, number[]>(measured.map((m) => [m.pid, []]));
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...measured].reverse() : measured;
    const kids = order.map((m) => descendants(m.pid).map((d) => d.pid));
    const ns0 = order.map((m) => cpuNs(m.pid));
    const kid0 = kids.map((ks) => ks.reduce((s, k) => s + cpuNs(k), 0));
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const seconds = (performance.now() - t0) / 1000;
    order.forEach((m, i) => {
      cpu.get(m.pid)!.push((cpuNs(m.pid) - ns0[i]!) / 1e6 / seconds);
      const kidNs = kids[i]!.reduce((s, k) => s + cpuNs(k), 0);
      childCpu.get(m.pid)!.push((kidNs - kid0[i]!) / 1e6 / seconds);
    });
    loads.push(os.loadavg()[0]!);
  }

  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  console.log(
    `Server idle: ${SETTLE_MS / 1000} s after ready, ${ROUNDS} windows of ${WINDOW_MS / 1000} s, all read in the same windows; ` +
      `load avg (1 min) ${median(loads).toFixed(2)} (${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)})`,
  );
  console.log(
    "  process            node RSS MB  heap used/total MB (after GC)  external MB  CJS modules  CPU ms/s  children (RSS MB, CPU ms/s)              total RSS MB",
  );
  const floorRss = rssKb(measured[2]!.pid) / 1024;
  for (const m of measured) {
    const p = await probe(m.pid);
    const rss = rssKb(m.pid) / 1024;
    const kids = descendants(m.pid);
    const kidRss = kids.map((k) => ({ ...k, rss: rssKb(k.pid) / 1024 }));
    const kidTotal = kidRss.reduce((s, k) => s + k.rss, 0);
    const names = [...new Set(kidRss.map((k) => k.name))]
      .map((n) => `${kidRss.filter((k) => k.name === n).length}x ${n}`)
      .join(", ");
    console.log(
      `  ${m.name.padEnd(18)} ${rss.toFixed(1).padStart(11)}  ${`${mb(p.memory.heapUsed)}/${mb(p.memory.heapTotal)} (${mb(p.afterGc.heapUsed)})`.padStart(29)}  ` +
        `${mb(p.memory.external).padStart(11)}  ${String(p.commonJsModules).padStart(11)}  ${median(cpu.get(m.pid)!).toFixed(2).padStart(8)}  ` +
        `${(kids.length ? `${names}: ${kidTotal.toFixed(1)}, ${median(childCpu.get(m.pid)!).toFixed(2)}` : "-").padEnd(42)} ` +
        `${(rss + kidTotal).toFixed(1).padStart(12)}` +
        (m.pid === measured[2]!.pid ? "" : `   node RSS ${(rss / floorRss).toFixed(2)}x the floor's`),
    );
    if (process.env.BENCH_MODULES) {
      const top = Object.entries(p.byPackage)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15);
      console.log(`      CommonJS files by package: ${top.map(([k, v]) => `${k} ${v}`).join(", ")}`);
      console.log(
        `      heap spaces MB: ${Object.entries(p.spaces)
          .map(([k, v]) => `${k} ${mb(v)}`)
          .join(", ")}`,
      );
    }
  }
} finally {
  for (const m of measured) await m.stop();
  rmSync(probeDir, { recursive: true, force: true });
}
