#!/usr/bin/env node
// `npm run bundle`: one archive that runs on a Debian 12 x86_64 server reaching
// nothing (no npm registry, no internet). It holds the production Next.js build,
// the server's sources (run through tsx, a runtime dependency), node_modules for
// this platform without dev dependencies, the mediasoup worker, the migrations,
// public/, this machine's own Node binary (Debian 12's nodejs 18 is too old for
// Next.js 16) and an executable `start`. Nothing is downloaded: node_modules is
// copied from this checkout and pruned by the lock file's own dev flags, so no
// install script (the root postinstall included) runs.
//
//   npm run bundle                              next build, then dist/okinet-collab-<version>-linux-x64.tar.gz
//   npm run bundle -- --reuse-build             use .next when it is newer than every source file
//   npm run bundle -- --out DIR                 write the archive into DIR
//   npm run bundle -- --unpacked DIR            write the unpacked tree to DIR/<name>/ instead of an archive
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const MIN_NODE = [20, 19];
const WORKER_EXIT_WITHOUT_VERSION = 41;
/** Sources whose change makes .next stale (server/ is compiled into it through the app's imports). */
const BUILD_INPUTS = [
  "app",
  "server",
  "public",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
/** What server/index.ts and the operator scripts read at run time, besides .next and node_modules. */
const APP_FILES = ["server", "drizzle", "public", "next.config.ts", "tsconfig.json"];
const OPERATOR_SCRIPTS = ["db-migrate.ts", "db-seed.ts", "audit-verify.ts"];

const log = (message) => console.log(`bundle: ${message}`);
class BundleError extends Error {}
/** Thrown, not exited, so the temporary folders are removed on the way out. */
function die(message) {
  throw new BundleError(message);
}

function parseArgs(argv) {
  const opts = { reuseBuild: false, out: path.join(root, "dist"), unpacked: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v) die(`${a} needs a value`);
      return path.resolve(v);
    };
    if (a === "--reuse-build") opts.reuseBuild = true;
    else if (a === "--out") opts.out = value();
    else if (a === "--unpacked") opts.unpacked = value();
    else die(`unknown argument ${a} (see the head of scripts/bundle.mjs)`);
  }
  return opts;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...options });
  if (r.status !== 0) die(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

/** The bundle carries this machine's Node and worker, so it must be the target platform. */
function checkPlatform() {
  if (process.platform !== "linux" || process.arch !== "x64")
    die(`the bundle is for Debian 12 x86_64; this is ${process.platform}/${process.arch}`);
  const report = process.report?.getReport();
  if (!report?.header?.glibcVersionRuntime) die("the bundle needs a glibc system (Debian); this is not one");
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1]))
    die(`Node ${process.version} is too old to bundle: Next.js 16 needs ${MIN_NODE.join(".")} or later`);
  // A Node linked against a shared libnode (Debian's own nodejs package) would not run elsewhere.
  const ldd = spawnSync("ldd", [process.execPath], { encoding: "utf8" });
  if (/libnode\.so/.test(ldd.stdout ?? ""))
    die(`${process.execPath} links libnode.so (Debian's nodejs); bundle with an official Node build`);
}

function newestMtime(p) {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

function buildIsFresh() {
  const buildId = fs.statSync(path.join(root, ".next", "BUILD_ID"), { throwIfNoEntry: false });
  if (!buildId) return false;
  const newestSource = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(root, p))));
  return buildId.mtimeMs >= newestSource;
}

/** The worker the server will start: node_modules first, else this machine's cache. */
function findWorker(version) {
  const cacheBase = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  const candidates = [
    path.join(root, "node_modules", "mediasoup", "worker", "out", "Release", "mediasoup-worker"),
    path.join(cacheBase, "okinet", "mediasoup-worker", version, "mediasoup-worker"),
  ];
  for (const bin of candidates) {
    const r = spawnSync(bin, [], { env: {}, stdio: "ignore", timeout: 10_000 });
    if (r.status === WORKER_EXIT_WITHOUT_VERSION) return bin;
  }
  die(
    `no mediasoup-worker ${version} that runs here (looked at ${candidates.join(", ")}); run \`npm run sfu:worker\``,
  );
}

/**
 * The installed tree as npm recorded it (node_modules/.package-lock.json, else the
 * lock file): every package not flagged `dev`, as `npm prune --omit=dev` keeps them.
 * Packages for other platforms are left out; a missing required one is an error.
 */
function productionPackages() {
  const hidden = path.join(root, "node_modules", ".package-lock.json");
  const lockFile = fs.existsSync(hidden) ? hidden : path.join(root, "package-lock.json");
  const lock = JSON.parse(fs.readFileSync(lockFile, "utf8"));
  const kept = [];
  for (const [key, info] of Object.entries(lock.packages ?? {})) {
    if (!key.startsWith("node_modules/") || info.dev || info.link) continue;
    const platformOk =
      (!info.os || info.os.includes("linux")) &&
      (!info.cpu || info.cpu.includes("x64")) &&
      (!info.libc || info.libc.includes("glibc"));
    if (!platformOk) continue;
    if (!fs.existsSync(path.join(root, key, "package.json"))) {
      if (info.optional || info.devOptional) continue;
      die(`${key} is a production dependency but is not installed; run npm install first`);
    }
    kept.push(key);
  }
  return kept;
}

function copyPackage(key, dest) {
  const from = path.join(root, key);
  const nested = path.join(from, "node_modules");
  const isMediasoup = key === "node_modules/mediasoup";
  const workerDir = path.join(from, "worker");
  fs.cpSync(from, path.join(dest, key), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      // nested packages are lock entries of their own, copied (or pruned) on their own
      if (src === nested) return false;
      // mediasoup's C++ sources: only the binary is needed, and it is copied separately
      if (isMediasoup && (src === workerDir || src.startsWith(workerDir + path.sep))) return false;
      return true;
    },
  });
}

function dirSize(p) {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((sum, name) => sum + dirSize(path.join(p, name)), 0);
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function installText(name, nodeVersion, msVersion) {
  return `OKI-net Collab: closed-network install (${name})
==========================================================================

This folder runs the collaboration server on a Debian 12 (bookworm) x86_64
machine with no internet and no npm registry. It carries its own Node
(${nodeVersion}, in node/), the production build, node_modules and the
mediasoup ${msVersion} media worker.

1. Debian packages the media worker links (from the hospital's Debian mirror or
   the Debian 12 installation media; copy the .deb files over if need be):

     apt-get install libuv1 libssl3 libsrtp2-1 libusrsctp2 libabsl20220623

   ./start checks them and names any missing package.

2. Unpack and start (as an unprivileged user, in a folder it owns):

     tar -xzf ${name}.tar.gz
     cd ${name}
     HOST=0.0.0.0 PORT=3000 ./start

   Settings are environment variables, as in the project's README: DATABASE_URL
   (unset: the embedded PGlite database), DATA_DIR (default: data/ beside
   start), HOST, PORT, PUBLIC_URL, TLS_CERT_FILE/TLS_KEY_FILE, AUTH_SECRET
   (unset: generated once into DATA_DIR/auth-secret).

3. Check: curl http://127.0.0.1:3000/readyz answers {"ok":true,...} once the
   database and the media workers are up.

Run it as a service: see "Running as a service" in the README (systemd unit).
Upgrade: unpack the new archive beside the old one, stop the old, start the new
with the same DATA_DIR (migrations run at start).
`;
}

const START_SCRIPT = `#!/bin/sh
# Starts OKI-net Collab from this folder in production mode (see INSTALL.txt).
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
caller=$(pwd)
# relative paths are the caller's, but the server runs in app/
absolute() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$caller" "$1" ;; esac; }

export NODE_ENV=production
export NEXT_TELEMETRY_DISABLED=1
DATA_DIR=$(absolute "\${DATA_DIR:-$here/data}")
export DATA_DIR
MEDIASOUP_WORKER_BIN=$(absolute "\${MEDIASOUP_WORKER_BIN:-$here/app/node_modules/mediasoup/worker/out/Release/mediasoup-worker}")
export MEDIASOUP_WORKER_BIN
for name in TLS_CERT_FILE TLS_KEY_FILE; do
  eval "value=\\\${$name:-}"
  if [ -n "$value" ]; then
    value=$(absolute "$value")
    export "$name=$value"
  fi
done

mkdir -p "$DATA_DIR"
# production needs a session secret; one generated here survives restarts and upgrades
if [ -z "\${AUTH_SECRET:-}" ]; then
  if [ ! -s "$DATA_DIR/auth-secret" ]; then
    (umask 077 && "$here/node/bin/node" -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64url"))' >"$DATA_DIR/auth-secret.tmp.$$" &&
      mv "$DATA_DIR/auth-secret.tmp.$$" "$DATA_DIR/auth-secret")
  fi
  AUTH_SECRET=$(cat "$DATA_DIR/auth-secret")
  export AUTH_SECRET
fi

cd "$here/app"
exec "$here/node/bin/node" --import tsx server/index.ts
`;

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  checkPlatform();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const msVersion = JSON.parse(
    fs.readFileSync(path.join(root, "node_modules", "mediasoup", "package.json"), "utf8"),
  ).version;
  const worker = findWorker(msVersion);

  if (opts.reuseBuild && buildIsFresh()) log("reusing .next (newer than every source file)");
  else {
    if (opts.reuseBuild) log(".next is missing or older than the sources; building");
    run(path.join(root, "node_modules", ".bin", "next"), ["build"], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
  }

  const name = `okinet-collab-${pkg.version}-linux-x64`;
  const parent = opts.unpacked ?? fs.mkdtempSync(path.join(os.tmpdir(), "okinet-bundle-"));
  const top = path.join(parent, name);
  if (fs.existsSync(top)) die(`${top} exists already`);
  try {
    fs.mkdirSync(top, { recursive: true });
    const app = path.join(top, "app");
    fs.mkdirSync(app);

    log("copying the build, the server and the migrations");
    fs.cpSync(path.join(root, ".next"), path.join(app, ".next"), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !/^(cache|trace|trace-build|dev)$/.test(path.relative(path.join(root, ".next"), src)),
    });
    for (const f of APP_FILES) fs.cpSync(path.join(root, f), path.join(app, f), { recursive: true });
    fs.mkdirSync(path.join(app, "scripts"));
    for (const f of OPERATOR_SCRIPTS)
      fs.copyFileSync(path.join(root, "scripts", f), path.join(app, "scripts", f));
    // no install script may ever run in the bundle, and nothing there is a dev dependency
    const { devDependencies: _dev, scripts, ...runtimePkg } = pkg;
    runtimePkg.scripts = {
      start: scripts.start,
      "db:migrate": scripts["db:migrate"],
      "db:seed": scripts["db:seed"],
      "audit:verify": scripts["audit:verify"],
    };
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(runtimePkg, null, 2) + "\n");
    fs.copyFileSync(path.join(root, "package-lock.json"), path.join(app, "package-lock.json"));

    const packages = productionPackages();
    log(`copying ${packages.length} production packages (dev dependencies pruned)`);
    for (const key of packages) copyPackage(key, app);
    const workerDest = path.join(
      app,
      "node_modules",
      "mediasoup",
      "worker",
      "out",
      "Release",
      "mediasoup-worker",
    );
    fs.mkdirSync(path.dirname(workerDest), { recursive: true });
    fs.copyFileSync(worker, workerDest);
    fs.chmodSync(workerDest, 0o755);

    log(`copying Node ${process.version} (${process.execPath})`);
    fs.mkdirSync(path.join(top, "node", "bin"), { recursive: true });
    fs.copyFileSync(process.execPath, path.join(top, "node", "bin", "node"));
    fs.chmodSync(path.join(top, "node", "bin", "node"), 0o755);

    fs.writeFileSync(path.join(top, "start"), START_SCRIPT, { mode: 0o755 });
    fs.writeFileSync(path.join(top, "INSTALL.txt"), installText(name, process.version, msVersion));

    if (opts.unpacked) {
      log(`unpacked bundle: ${top} (${mib(dirSize(top))})`);
      return;
    }
    fs.mkdirSync(opts.out, { recursive: true });
    const archive = path.join(opts.out, `${name}.tar.gz`);
    const partial = `${archive}.partial-${process.pid}`;
    log(`packing ${mib(dirSize(top))} into ${archive}`);
    // gzip -1: every Debian has gzip, and the fastest level costs little size here
    const tar = spawnSync(
      "bash",
      [
        "-o",
        "pipefail",
        "-c",
        'tar -C "$1" --owner=0 --group=0 -cf - "$2" | gzip -1 > "$3"',
        "_",
        parent,
        name,
        partial,
      ],
      { stdio: "inherit" },
    );
    if (tar.status !== 0) {
      fs.rmSync(partial, { force: true });
      die(`packing failed (exit ${tar.status ?? tar.signal})`);
    }
    fs.renameSync(partial, archive);
    const size = fs.statSync(archive).size;
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`${archive}\t${size} bytes (${mib(size)})`);
  } catch (e) {
    // never leave half a bundle where an operator could take it for a whole one
    if (opts.unpacked) fs.rmSync(top, { recursive: true, force: true });
    throw e;
  } finally {
    if (!opts.unpacked) fs.rmSync(parent, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  console.error(`bundle: ERROR: ${e instanceof BundleError ? e.message : (e?.stack ?? e)}`);
  process.exit(1);
}
