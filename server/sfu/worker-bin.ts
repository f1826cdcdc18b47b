import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { version, workerBin } from "mediasoup";

/** mediasoup-worker's exit code when started without MEDIASOUP_VERSION: it runs on this machine. */
const WORKER_EXIT_WITHOUT_VERSION = 41;

const SFU_WORKER_SCRIPT =
  "`npm run sfu:worker` (builds one from mediasoup's own sources with Debian's libraries; " +
  'see "mediasoup without internet" in the README)';

/** The SFU cannot start: there is no mediasoup-worker binary that runs here. */
export class WorkerBinaryError extends Error {
  override name = "WorkerBinaryError";
  readonly path: string;

  constructor(path: string, problem: string, fix: string) {
    super(`mediasoup-worker ${version}: ${problem}. ${fix}`);
    this.path = path;
  }
}

/**
 * The mediasoup-worker binary the SFU starts: MEDIASOUP_WORKER_BIN, else mediasoup's
 * default node_modules/mediasoup/worker/out/Release/mediasoup-worker, which the
 * postinstall (scripts/mediasoup/install-worker.mjs) fills. Checked once, before
 * any worker is spawned, so a missing or broken binary is one clear error instead
 * of mediasoup's "worker process failed unexpectedly [code:127]".
 */
export function resolveWorkerBin(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MEDIASOUP_WORKER_BIN;
  // mediasoup reads MEDIASOUP_WORKER_BIN once, when it is first loaded.
  if (fromEnv && fromEnv !== workerBin) {
    throw new WorkerBinaryError(
      fromEnv,
      `MEDIASOUP_WORKER_BIN=${fromEnv} was set after mediasoup was loaded, which uses ${workerBin}`,
      "Set MEDIASOUP_WORKER_BIN in the environment the server starts with.",
    );
  }
  const where = fromEnv ? `MEDIASOUP_WORKER_BIN=${workerBin}` : workerBin;
  const fix = fromEnv
    ? `Point MEDIASOUP_WORKER_BIN at a mediasoup-worker ${version} binary, or unset it and run ${SFU_WORKER_SCRIPT}.`
    : `Run ${SFU_WORKER_SCRIPT}, or set MEDIASOUP_WORKER_BIN to a mediasoup-worker ${version} binary in the server's environment.`;

  try {
    fs.accessSync(workerBin, fs.constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const problem =
      code === "ENOENT" ? `no worker binary at ${where}` : `${where} is not executable (${code})`;
    throw new WorkerBinaryError(workerBin, problem, fix);
  }
  const noEnvironment = {} as NodeJS.ProcessEnv;
  const probe = spawnSync(workerBin, [], {
    env: noEnvironment,
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 10_000,
  });
  if (probe.status !== WORKER_EXIT_WITHOUT_VERSION) {
    const detail = probe.error?.message ?? probe.stderr?.toString().trim().split("\n").pop();
    const problem = `${where} does not run on this machine (exit ${probe.status ?? probe.signal}${detail ? `: ${detail}` : ""})`;
    const missing = missingLibraries(workerBin);
    if (missing.length > 0) throw new WorkerBinaryError(workerBin, problem, missingLibrariesFix(missing));
    throw new WorkerBinaryError(workerBin, problem, fix);
  }
  return workerBin;
}

/**
 * The Debian 12 packages that provide the shared libraries mediasoup-worker links
 * (the worker built by scripts/mediasoup/build-worker.sh), by library name before
 * ".so". What a closed-network server must have installed; README lists the same.
 */
const DEBIAN_PACKAGE_OF_LIBRARY: Record<string, string> = {
  libuv: "libuv1",
  libssl: "libssl3",
  libcrypto: "libssl3",
  libsrtp2: "libsrtp2-1",
  libusrsctp: "libusrsctp2",
  libflatbuffers: "libflatbuffers2",
  liburing: "liburing2",
  libnss3: "libnss3",
  libnssutil3: "libnss3",
  libnspr4: "libnspr4",
  libplc4: "libnspr4",
  libplds4: "libnspr4",
  "libstdc++": "libstdc++6",
  libgcc_s: "libgcc-s1",
};

export interface MissingLibrary {
  library: string;
  /** the Debian 12 package that provides it, when known */
  debianPackage?: string;
}

/** The libraries `ldd` reports as "not found", with the Debian package for each. */
export function parseMissingLibraries(lddOutput: string): MissingLibrary[] {
  const missing = new Map<string, MissingLibrary>();
  for (const line of lddOutput.split("\n")) {
    const m = /^\s*(\S+)\s+=>\s+not found/.exec(line);
    if (!m?.[1]) continue;
    const library = m[1];
    const stem = library.split(".so")[0] ?? library;
    const debianPackage = stem.startsWith("libabsl_")
      ? `libabsl${library.split(".so.")[1] ?? ""}`
      : DEBIAN_PACKAGE_OF_LIBRARY[stem];
    missing.set(library, { library, debianPackage });
  }
  return [...missing.values()];
}

/** Runs ldd on the worker; an empty list when ldd finds every library (or cannot run). */
export function missingLibraries(bin: string): MissingLibrary[] {
  const ldd = spawnSync("ldd", [bin], { encoding: "utf8", timeout: 10_000 });
  return parseMissingLibraries(ldd.stdout ?? "");
}

function missingLibrariesFix(missing: MissingLibrary[]): string {
  const packages = [...new Set(missing.flatMap((m) => (m.debianPackage ? [m.debianPackage] : [])))];
  const unknown = missing.filter((m) => !m.debianPackage).map((m) => m.library);
  const parts = [`Missing shared libraries: ${missing.map((m) => m.library).join(", ")}.`];
  if (packages.length > 0)
    parts.push(
      `Install the Debian package${packages.length > 1 ? "s" : ""} ${packages.join(" ")} (apt-get install ${packages.join(" ")}; on a closed network from the Debian 12 installation media or a local mirror).`,
    );
  if (unknown.length > 0) parts.push(`No known Debian package provides ${unknown.join(", ")}.`);
  return parts.join(" ");
}
