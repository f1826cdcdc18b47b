#!/usr/bin/env node
// The project's postinstall: puts a mediasoup-worker binary for the installed
// mediasoup version at node_modules/mediasoup/worker/out/Release/mediasoup-worker,
// where mediasoup looks by default. mediasoup's own postinstall is switched off
// ("allowScripts": { "mediasoup": false } in package.json) because offline it
// fails, and fails npm install with it. Tried in order:
//
//   1. MEDIASOUP_WORKER_BIN, if set and it runs here;
//   2. the per-machine cache ${XDG_CACHE_HOME:-~/.cache}/okinet/mediasoup-worker/<version>/
//      (outside node_modules, so a worker is built once per machine, not per npm ci);
//   3. a worker already in node_modules that runs here;
//   4. upstream's prebuilt worker, downloaded by mediasoup's own npm-scripts.mjs,
//      when its release host answers within 20 s (it bundles its own OpenSSL);
//   5. a build from the package's own sources with Debian's libraries
//      (scripts/mediasoup/build-worker.sh), installing missing apt packages as root.
//
// 4 and 5 store their binary in the cache. This script never fails npm install:
// when nothing works it says what was tried and how to fix it, and exits 0.
//
//   node scripts/mediasoup/install-worker.mjs                 as the postinstall
//   node scripts/mediasoup/install-worker.mjs --force-build   `npm run sfu:worker`: build from
//                                                              sources into the cache (exit 1 on failure)
// OKINET_MEDIASOUP_SKIP=env,cache,installed,prebuilt,build skips the named steps.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const PROBE_TIMEOUT_MS = 20_000;
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
const BUILD_PROGRESS_EVERY_MS = 30_000;
// mediasoup-worker exits with 41 when started without MEDIASOUP_VERSION, before it
// does anything else: upstream's postinstall checks its download the same way.
const WORKER_EXIT_WITHOUT_VERSION = 41;
const STEPS = ["env", "cache", "installed", "prebuilt", "build"];

const projectRoot = path.resolve(import.meta.dirname, "..", "..");
const buildScript = path.join(import.meta.dirname, "build-worker.sh");
const forceBuild = process.argv.includes("--force-build");
const skipped = new Set(
  (process.env.OKINET_MEDIASOUP_SKIP ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const started = Date.now();
let buildStarted = started;

/** @type {{ step: string; outcome: string }[]} */
const attempts = [];
/** @type {string[]} */
const warnings = [];

const log = (message) => console.log(`mediasoup-worker: ${message}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const home = (p) => (p.startsWith(os.homedir() + path.sep) ? `~${p.slice(os.homedir().length)}` : p);

function findMediasoup() {
  try {
    const entry = createRequire(path.join(projectRoot, "package.json")).resolve("mediasoup");
    // entry is <package>/node/lib/index.js
    const dir = path.resolve(path.dirname(entry), "..", "..");
    const { version, repository } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    return { dir, version, repositoryUrl: typeof repository === "object" ? repository.url : repository };
  } catch {
    return null;
  }
}

/** null when `bin` runs on this machine, else why not. */
function whyNotRunnable(bin) {
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch (e) {
    return e.code === "ENOENT" ? "not there" : `not executable (${e.code})`;
  }
  if (!fs.statSync(bin).isFile()) return "not a file";
  const r = spawnSync(bin, [], { env: {}, stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 });
  if (r.error) return `cannot run (${r.error.message})`;
  if (r.status === WORKER_EXIT_WITHOUT_VERSION) return null;
  const lastLine = r.stderr.toString().trim().split("\n").pop();
  return `does not run here (exit ${r.status ?? r.signal}${lastLine ? `: ${lastLine}` : ""})`;
}

/** Copies atomically, so a concurrent install never sees half a binary. */
function copyBinary(from, to) {
  if (fs.existsSync(to) && fs.realpathSync(from) === fs.realpathSync(to)) return;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  fs.copyFileSync(from, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, to);
}

function cachePaths(version) {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  const dir = path.join(base, "okinet", "mediasoup-worker", version);
  return { dir, bin: path.join(dir, "mediasoup-worker"), info: path.join(dir, "mediasoup-worker.json") };
}

function readCacheInfo(cache) {
  try {
    return JSON.parse(fs.readFileSync(cache.info, "utf8"));
  } catch {
    return null;
  }
}

function writeCacheInfo(cache, source) {
  const info = { source, storedAt: new Date().toISOString(), kernel: os.release(), node: process.version };
  fs.writeFileSync(cache.info, JSON.stringify(info, null, 2) + "\n");
}

/** Stores `bin` in the cache with a note of where it came from; a cache that cannot be written is only a warning. */
function storeInCache(cache, bin, source) {
  try {
    copyBinary(bin, cache.bin);
    writeCacheInfo(cache, source);
  } catch (e) {
    warnings.push(`could not store the worker in the cache ${home(cache.dir)}: ${e.message}`);
  }
}

function aptPackages() {
  const r = spawnSync("bash", [buildScript, "--apt-packages"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "(see APT_PACKAGES in scripts/mediasoup/build-worker.sh)";
}

/**
 * Upstream's download, reused rather than rewritten: mediasoup's own npm-scripts.mjs
 * (`postinstall`) computes the release file for this platform, downloads and unpacks
 * it into worker/out/Release and checks that it runs. It has no timeout, so a quick
 * probe of the release host comes first. When the download fails, npm-scripts.mjs
 * goes on to build with pip-installed meson; PYTHON pointing nowhere makes that
 * fallback fail at once (step 5 is the build that works offline).
 */
async function tryPrebuilt(ms, target) {
  const releaseBase =
    process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ||
    `${String(ms.repositoryUrl)
      .replace(/^git\+/, "")
      .replace(/\.git$/, "")}/releases/download`;
  let origin;
  try {
    origin = new URL(releaseBase).origin;
  } catch {
    return `bad release URL ${releaseBase}`;
  }
  try {
    await fetch(origin, {
      method: "HEAD",
      redirect: "manual",
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
  } catch (e) {
    const cause =
      e.name === "TimeoutError"
        ? `no answer within ${seconds(PROBE_TIMEOUT_MS)}`
        : e.cause?.code || e.message;
    return `${origin} not reachable (${cause})`;
  }
  log(`downloading upstream's prebuilt worker from ${releaseBase} ...`);
  const env = { ...process.env, PYTHON: path.join(os.tmpdir(), "okinet-no-python-for-mediasoup") };
  for (const name of [
    "MEDIASOUP_WORKER_BIN",
    "MEDIASOUP_LOCAL_DEV",
    "MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD",
    "npm_package_resolved",
  ])
    delete env[name];
  const { code, output } = await run(process.execPath, ["npm-scripts.mjs", "postinstall"], {
    cwd: ms.dir,
    env,
    timeout: DOWNLOAD_TIMEOUT_MS,
  });
  const why = whyNotRunnable(target);
  if (code === 0 && why === null) return null;
  const upstream = output
    .split("\n")
    .filter((line) => line.includes("downloadPrebuiltWorker()"))
    .map((line) => line.replace(/^.*downloadPrebuiltWorker\(\) \|?\s*/, "").trim())
    .filter(Boolean)
    .pop();
  if (code === null) return `download did not finish within ${seconds(DOWNLOAD_TIMEOUT_MS)}`;
  return upstream ?? `npm-scripts.mjs exited ${code}; worker ${why ?? "unusable"}`;
}

/** Runs a command, collecting its output; `onLine` sees each line as it comes. */
function run(cmd, args, { cwd, env, timeout, onLine, logFile }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout });
    const sink = logFile ? fs.createWriteStream(logFile) : null;
    let output = "";
    let partial = "";
    const take = (chunk) => {
      const text = chunk.toString();
      sink?.write(text);
      output += text;
      if (output.length > 1_000_000) output = output.slice(-500_000);
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) onLine?.(line);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (e) => {
      output += `\n${e.message}\n`;
    });
    child.on("close", (code, signal) => {
      const done = () => resolve({ code: signal ? null : code, output });
      if (sink) sink.end(done);
      else done();
    });
  });
}

async function tryBuild(ms, cache) {
  if (process.platform !== "linux") return `the build script is for Debian; this is ${process.platform}`;
  if (spawnSync("bash", ["-c", "command -v dpkg-query"]).status !== 0)
    return "the build script is for Debian (no dpkg-query here)";
  let output = cache.bin;
  let logFile = path.join(cache.dir, "build.log");
  try {
    fs.mkdirSync(cache.dir, { recursive: true });
    fs.accessSync(cache.dir, fs.constants.W_OK);
  } catch (e) {
    warnings.push(
      `cache ${home(cache.dir)} is not writable (${e.code}); the worker is built for this install only`,
    );
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "okinet-mediasoup-worker-"));
    output = path.join(tmp, "mediasoup-worker");
    logFile = path.join(tmp, "build.log");
  }
  log(`building from mediasoup's sources with Debian's libraries (about 5 min on 2 cores); log: ${logFile}`);
  let progress = "";
  let lastReport = Date.now();
  const { code, output: text } = await run("bash", [buildScript, ms.dir, output], {
    cwd: projectRoot,
    env: process.env,
    logFile,
    onLine: (line) => {
      const step = /^\[(\d+\/\d+)\]/.exec(line);
      if (step?.[1]) progress = step[1];
      if (/^build-worker: (installing|building)/.test(line)) log(line.replace(/^build-worker: /, ""));
      if (Date.now() - lastReport >= BUILD_PROGRESS_EVERY_MS) {
        lastReport = Date.now();
        log(`... ${seconds(Date.now() - buildStarted)}${progress ? `, compiled ${progress}` : ""}`);
      }
    },
  });
  if (code !== 0) {
    const errorLine = text
      .split("\n")
      .filter((line) => /ERROR|error:|not found|No such/i.test(line))
      .pop();
    return `build failed (exit ${code ?? "killed"})${errorLine ? `: ${errorLine.trim()}` : ""}; log: ${logFile}`;
  }
  const why = whyNotRunnable(output);
  if (why) return `the built binary ${why}; log: ${logFile}`;
  log(`built in ${seconds(Date.now() - buildStarted)}`);
  if (output === cache.bin) writeCacheInfo(cache, "build");
  return { bin: output };
}

function failureReport(ms) {
  const lines = [
    "",
    "mediasoup-worker: ───────────────────────────────────────────────────────────────",
    ...(forceBuild
      ? [
          `mediasoup-worker: BUILD FAILED for mediasoup ${ms.version}; the worker in node_modules, if any, is unchanged.`,
        ]
      : [
          `mediasoup-worker: NO WORKER BINARY for mediasoup ${ms.version}.`,
          "mediasoup-worker: npm install goes on, but the SFU (case conferences) cannot start.",
        ]),
    "mediasoup-worker: Tried:",
    ...attempts.map((a, i) => `mediasoup-worker:   ${i + 1}. ${a.step}: ${a.outcome}`),
    "mediasoup-worker: To fix, either",
    `mediasoup-worker:   - set MEDIASOUP_WORKER_BIN to a mediasoup-worker ${ms.version} binary (for npm install`,
    "mediasoup-worker:     and for the server), or",
    "mediasoup-worker:   - install the build dependencies (as root) and build:",
    `mediasoup-worker:       apt-get install ${aptPackages()}`,
    "mediasoup-worker:       npm run sfu:worker",
    "mediasoup-worker: ───────────────────────────────────────────────────────────────",
    "",
  ];
  console.error(lines.join("\n"));
}

async function main() {
  const ms = findMediasoup();
  if (!ms) {
    log("mediasoup is not installed; nothing to do");
    return true;
  }
  const target = path.join(ms.dir, "worker", "out", "Release", "mediasoup-worker");
  const cache = cachePaths(ms.version);
  const use = (step) => !forceBuild && !skipped.has(step);
  const failed = (step, outcome) => {
    attempts.push({ step, outcome });
    log(`${step}: ${outcome}`);
  };
  const skip = (step) => failed(step, "skipped (OKINET_MEDIASOUP_SKIP)");
  const done = (bin, how) => {
    copyBinary(bin, target);
    log(
      `mediasoup ${ms.version}: ${how} -> ${path.relative(projectRoot, target)} (${seconds(Date.now() - started)})`,
    );
    for (const w of warnings) log(`warning: ${w}`);
    return true;
  };

  // 1. An explicit binary.
  const envBin = process.env.MEDIASOUP_WORKER_BIN;
  if (use("env")) {
    if (!envBin) attempts.push({ step: "MEDIASOUP_WORKER_BIN", outcome: "not set" });
    else {
      const why = whyNotRunnable(envBin);
      if (!why) return done(envBin, `MEDIASOUP_WORKER_BIN ${envBin}`);
      failed(`MEDIASOUP_WORKER_BIN=${envBin}`, why);
      warnings.push(
        `MEDIASOUP_WORKER_BIN=${envBin} ${why}; unset it when starting the server, or mediasoup will try that binary`,
      );
    }
  } else if (!forceBuild) skip("MEDIASOUP_WORKER_BIN");

  // 2. This machine's cache.
  if (use("cache")) {
    const why = whyNotRunnable(cache.bin);
    if (!why) {
      const info = readCacheInfo(cache);
      const from = info
        ? ` (${info.source === "build" ? "built" : "downloaded"} ${String(info.storedAt ?? "").slice(0, 10)})`
        : "";
      return done(cache.bin, `cached worker ${home(cache.bin)}${from}`);
    }
    failed(`cache ${home(cache.bin)}`, why);
  } else if (!forceBuild) skip(`cache ${home(cache.bin)}`);

  // 3. A worker that is already in place (e.g. the cache was cleared since).
  if (use("installed")) {
    const why = whyNotRunnable(target);
    if (!why) return done(target, "the worker already in node_modules");
    failed(path.relative(projectRoot, target), why);
  } else if (!forceBuild) skip(path.relative(projectRoot, target));
  if (fs.existsSync(target) && whyNotRunnable(target)) fs.rmSync(target, { force: true });

  // 4. Upstream's prebuilt binary.
  if (use("prebuilt")) {
    const why = await tryPrebuilt(ms, target);
    if (!why) {
      storeInCache(cache, target, "prebuilt");
      return done(target, "upstream's prebuilt worker");
    }
    failed("upstream's prebuilt download", why);
    // An interrupted download may have left part of a binary behind.
    if (fs.existsSync(target) && whyNotRunnable(target)) fs.rmSync(target, { force: true });
  } else if (!forceBuild) skip("upstream's prebuilt download");

  // 5. Build from sources.
  if (forceBuild || !skipped.has("build")) {
    buildStarted = Date.now();
    const result = await tryBuild(ms, cache);
    if (typeof result === "object") return done(result.bin, `built from sources (${home(result.bin)})`);
    failed("build from sources with Debian's libraries", result);
  } else skip("build from sources");

  for (const w of warnings) log(`warning: ${w}`);
  failureReport(ms);
  return false;
}

const unknown = [...skipped].filter((s) => !STEPS.includes(s));
if (unknown.length) log(`warning: OKINET_MEDIASOUP_SKIP names unknown steps: ${unknown.join(", ")}`);

main()
  .then((ok) => process.exit(ok || !forceBuild ? 0 : 1))
  .catch((e) => {
    console.error(`mediasoup-worker: unexpected error: ${e?.stack ?? e}`);
    console.error(
      "mediasoup-worker: npm install goes on without a worker; set MEDIASOUP_WORKER_BIN or run `npm run sfu:worker`.",
    );
    process.exit(forceBuild ? 1 : 0);
  });
