import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port";

const run = promisify(execFile);
/** PG_BIN, or the newest Debian PostgreSQL installed */
const BIN =
  process.env.PG_BIN ??
  path.join(
    "/usr/lib/postgresql",
    readdirSync("/usr/lib/postgresql")
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))[0] ?? "15",
    "bin",
  );

/**
 * A PostgreSQL cluster of the test's own (Debian's initdb and postgres, run as
 * the postgres user), in a temporary folder, on a free loopback port: one the test
 * may kill. `destroy()` stops it and removes the folder, also after a failure.
 */
export interface PgCluster {
  readonly port: number;
  /** a URL as the bootstrap superuser (the tables' owner in the tests) */
  url(database: string, role?: string, password?: string): string;
  /** SIGKILL to the postmaster; resolves once it and every backend it had are gone */
  kill(): Promise<void>;
  /** starts (after a kill: crash recovery) and waits until it accepts connections */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

// a backend whose parent died is reparented; until reaped it is a zombie, which holds nothing
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !isZombie(pid);
function isZombie(pid: number) {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        // the command may contain spaces and parentheses: the ppid follows the last ")"
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(what: string, ok: () => boolean, limitMs = 60_000) {
  const deadline = Date.now() + limitMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startPgCluster(): Promise<PgCluster> {
  const { stdout: uid } = await run("id", ["-u", "postgres"]);
  const { stdout: gid } = await run("id", ["-g", "postgres"]);
  const dir = mkdtempSync(path.join(os.tmpdir(), "okinet-pg-"));
  chownSync(dir, Number(uid), Number(gid));
  const data = path.join(dir, "data");
  const port = await freePort();
  // setpriv execs (runuser and pg_ctl would fork): the postmaster is this process's
  // own child, reaped here the moment it dies, never a zombie holding its lock file
  const asPostgres = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--"];
  let postmaster: ChildProcess | undefined;

  const start = async () => {
    const child = spawn(
      "setpriv",
      [
        ...asPostgres,
        path.join(BIN, "postgres"),
        "-D",
        data,
        "-p",
        String(port),
        "-k",
        dir,
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "max_connections=40",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    postmaster = child;
    let log = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`postgres did not start:\n${log}`)), 120_000);
      child.stderr.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("database system is ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited (${code ?? signal}) before it was ready:\n${log}`));
      });
    });
    // keep draining its log so it never blocks on a full pipe
    child.stderr.resume();
  };

  try {
    await run(
      "setpriv",
      [
        ...asPostgres,
        path.join(BIN, "initdb"),
        "-D",
        data,
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
      ],
      { timeout: 120_000 },
    );
    await start();
  } catch (err) {
    postmaster?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const kill = async () => {
    const child = postmaster;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const backends = childrenOf(child.pid!);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    // backends notice their postmaster's death and exit; a new postmaster cannot
    // start while they still hold the shared memory
    await until("the killed cluster's backends to exit", () => backends.every((b) => !alive(b)));
  };

  return {
    port,
    url: (database, role = "postgres", password) =>
      `postgres://${encodeURIComponent(role)}${password ? `:${encodeURIComponent(password)}` : ""}@127.0.0.1:${port}/${database}`,
    kill,
    start,
    destroy: async () => {
      try {
        await kill();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
