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
    throw new WorkerBinaryError(workerBin, problem, fix);
  }
  return workerBin;
}
