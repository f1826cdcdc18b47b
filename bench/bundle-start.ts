// The closed-network bundle: its size, and the time from its `start` command (what a
// systemd unit runs) to /readyz green, with a fresh data folder (migrations and the demo
// seed) and with a warm one. Beside them, in the same run and interleaved round by
// round, two floors measured the same way: the bundle's own Node serving a bare HTTP
// server, and `next start` alone on the bundle's build (first answer of any status).
// Prints medians, minimums and ratios; asserts nothing.
// Run: npx tsx bench/bundle-start.ts      (BENCH_RUNS=3; BENCH_REUSE_BUILD=0 forces a next build)
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { quantile } from "./helpers";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const START_LIMIT_MS = 10 * 60_000;
const root = path.resolve(import.meta.dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "okinet-bench-bundle-"));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function dirBytes(p: string): number {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((sum, name) => sum + dirBytes(path.join(p, name)), 0);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Spawns `cmd` and polls `url` every 50 ms until `answered` accepts a response: the
 * milliseconds from spawn to that answer. The process is then stopped with SIGTERM.
 */
async function timeToAnswer(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; url: string; answered: (status: number) => boolean },
): Promise<number> {
  const started = performance.now();
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    // only what an operator's shell would have (NODE_ENV included or not, as each case says)
    env: opts.env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr.on("data", (c: Buffer) => (log += c.toString()));
  const exited = once(child, "exit");
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    for (;;) {
      if (gone) throw new Error(`${cmd} exited before answering:\n${log.slice(-2000)}`);
      if (performance.now() - started > START_LIMIT_MS)
        throw new Error(`${cmd}: no answer:\n${log.slice(-2000)}`);
      const status = await fetch(opts.url, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r.status,
        () => 0,
      );
      if (status && opts.answered(status)) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    if (!gone) {
      child.kill("SIGTERM");
      const stop = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(stop);
    }
  }
}

try {
  console.log("building the bundle (npm run bundle, reusing a fresh .next) ...");
  const bundleStarted = performance.now();
  const printed = execFileSync(
    process.execPath,
    [
      path.join(root, "scripts", "bundle.mjs"),
      ...(process.env.BENCH_REUSE_BUILD === "0" ? [] : ["--reuse-build"]),
      "--out",
      work,
    ],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  const bundleMs = performance.now() - bundleStarted;
  const archive = /^(\S+\.tar\.gz)\t(\d+) bytes/m.exec(printed);
  if (!archive?.[1]) throw new Error(`no archive printed:\n${printed}`);
  const unpackStarted = performance.now();
  execFileSync("tar", ["-xzf", archive[1], "-C", work]);
  const unpackMs = performance.now() - unpackStarted;
  const top = path.join(work, path.basename(archive[1], ".tar.gz"));
  const node = path.join(top, "node", "bin", "node");
  const app = path.join(top, "app");

  const baseEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, LANG: "C.UTF-8" };
  const warmData = path.join(work, "data-warm");
  const scenarios: [string, () => Promise<number>][] = [
    [
      "floor: bare node http server",
      async () => {
        const port = await freePort();
        return timeToAnswer(
          node,
          ["-e", `require("node:http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`],
          { cwd: work, env: baseEnv, url: `http://127.0.0.1:${port}/`, answered: (s) => s === 200 },
        );
      },
    ],
    [
      "floor: next start alone",
      async () => {
        const port = await freePort();
        return timeToAnswer(
          node,
          [
            path.join(app, "node_modules", "next", "dist", "bin", "next"),
            "start",
            "-p",
            String(port),
            "-H",
            "127.0.0.1",
          ],
          {
            cwd: app,
            env: { ...baseEnv, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
            url: `http://127.0.0.1:${port}/icon.svg`,
            answered: () => true,
          },
        );
      },
    ],
    [
      "start -> /readyz, fresh data (seed)",
      async () => {
        const port = await freePort();
        const dataDir = fs.mkdtempSync(path.join(work, "data-fresh-"));
        try {
          const ms = await timeToAnswer(path.join(top, "start"), [], {
            cwd: work,
            env: { ...baseEnv, PORT: String(port), DATA_DIR: dataDir, DEMO_RECORDS_PORT: "0" },
            url: `http://127.0.0.1:${port}/readyz`,
            answered: (s) => s === 200,
          });
          // the first fresh start leaves the warm data folder for the warm runs
          if (!fs.existsSync(warmData)) fs.renameSync(dataDir, warmData);
          return ms;
        } finally {
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      },
    ],
    [
      "start -> /readyz, warm data",
      async () => {
        const port = await freePort();
        return timeToAnswer(path.join(top, "start"), [], {
          cwd: work,
          env: { ...baseEnv, PORT: String(port), DATA_DIR: warmData, DEMO_RECORDS_PORT: "0" },
          url: `http://127.0.0.1:${port}/readyz`,
          answered: (s) => s === 200,
        });
      },
    ],
  ];

  const times = new Map<string, number[]>(scenarios.map(([name]) => [name, []]));
  for (let round = 1; round <= RUNS; round++) {
    for (const [name, run] of scenarios) {
      const ms = await run();
      times.get(name)!.push(ms);
      console.log(`  round ${round}: ${name}: ${ms.toFixed(0)} ms`);
    }
  }

  const cpus = os.cpus().length;
  console.log(
    `\nbundle ${path.basename(archive[1])}: ${mib(Number(archive[2]))} archive (gzip -1), ${mib(dirBytes(top))} unpacked`,
  );
  console.log(
    `  npm run bundle (reusing .next) ${(bundleMs / 1000).toFixed(1)} s, tar -xzf ${(unpackMs / 1000).toFixed(1)} s; ${cpus} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const floor = quantile(
    [...times.get(scenarios[0]![0])!].sort((a, b) => a - b),
    0.5,
  );
  const nextFloor = quantile(
    [...times.get(scenarios[1]![0])!].sort((a, b) => a - b),
    0.5,
  );
  const width = Math.max(...scenarios.map(([name]) => name.length));
  console.log(
    `\n  ${"from spawn to answer".padEnd(width)} ${"median ms".padStart(10)} ${"min ms".padStart(8)} ${"x node".padStart(8)} ${"x next".padStart(8)}`,
  );
  for (const [name] of scenarios) {
    const sorted = [...times.get(name)!].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    console.log(
      `  ${name.padEnd(width)} ${median.toFixed(0).padStart(10)} ${sorted[0]!.toFixed(0).padStart(8)} ${(median / floor).toFixed(1).padStart(8)} ${(median / nextFloor).toFixed(1).padStart(8)}`,
    );
  }
  console.log(`  (${RUNS} rounds, interleaved)`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
