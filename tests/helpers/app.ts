import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "./db";
import type { Actor } from "../../server/model/permissions";
import { newAuditKeyLine, parseAuditKeys, type AuditKeyring } from "../../server/domain/audit/audit-keys";

export interface RunningApp {
  url: string;
  /** the app server's process id (its mediasoup workers are its child processes) */
  pid: number;
  database: TestDatabase;
  output: () => string;
  /** the app process's exit code once it has exited (null: ended by a signal) */
  exited: Promise<number | null>;
  /** the app's audit keys (AUDIT_KEYS), for verifying its chain from the test */
  auditKeyring: AuditKeyring;
  stop(): Promise<void>;
}

/**
 * Starts the real app (server/index.ts, production build from `next build`) on a
 * free port against a fresh database on the real PostgreSQL, through the Neon
 * driver and the in-process relay, seeded with the demo network.
 */
export async function startApp(
  extraEnv: Record<string, string> = {},
  /**
   * several app nodes over one database: the test made it and closes it (stop() leaves it);
   * `port` to start a node again where its balancer expects it
   */
  shared?: { database: TestDatabase; port?: number },
  /** how long the start (migrations, the demo seed) may take: a benchmark on a busy machine waits longer */
  startTimeoutMs = 180_000,
): Promise<RunningApp> {
  const database = shared?.database ?? (await createTestDatabase("postgres"));
  // the app binds a port of the kernel's choosing and says which in its ready line: a port picked
  // here and released first can be taken meanwhile by another server on this busy machine
  let port = shared?.port ?? 0;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "okinet-e2e-"));
  const auditKeys = extraEnv.AUDIT_KEYS ?? newAuditKeyLine();
  let log = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: database.url!,
      DATABASE_WS_RELAY: "inprocess",
      DATA_DIR: dataDir,
      AUDIT_KEYS: auditKeys,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      SEED_DEMO_DATA: "1",
      DEMO_MODE: "1",
      SFU_WORKERS: "1",
      // several test apps run at once on one machine: each worker picks free WebRTC ports
      SFU_RTC_PORT: "0",
      // each test app its own demo record server (on a free port), as two may run at once
      DEMO_RECORDS_PORT: "0",
      // the demo PACS (two Orthancs and their studies) only for the tests that read images
      DEMO_PACS: "0",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start in time:\n${log}`)), startTimeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("ready in")) {
        clearTimeout(timer);
        const listening = /\[okinet\] listening on \S*:(\d+)/.exec(log);
        if (listening) port = Number(listening[1]);
        else if (port === 0) {
          reject(new Error(`the app's ready line names no port:\n${log}`));
          return;
        }
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${log}`));
    });
  });
  try {
    await ready;
  } catch (e) {
    // a start that failed or took too long leaves nothing behind: the process, its database, its folder
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    if (!shared) await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    database,
    output: () => log,
    exited,
    auditKeyring: parseAuditKeys(auditKeys, "AUDIT_KEYS"),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
      if (!shared) await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The database ids of the two demo patients (consented to the demo clinic and hospital, and not). */
export async function demoPatientIds(app: RunningApp) {
  const { eq } = await import("drizzle-orm");
  const { patients } = await import("../../server/db/schema");
  const { DEMO_PATIENTS } = await import("../../server/demo/seed/seed-demo-data");
  const idOf = async (regionalId: string) =>
    (
      await app.database.db
        .select({ id: patients.id })
        .from(patients)
        .where(eq(patients.regionalId, regionalId))
    )[0]!.id;
  return {
    consented: await idOf(DEMO_PATIENTS.consented),
    notConsented: await idOf(DEMO_PATIENTS.notConsented),
  };
}

/** A seeded demo user as the domain sees them, for arranging what a browser test then looks at. */
export async function demoActor(app: RunningApp, loginId: string): Promise<Actor> {
  const { eq } = await import("drizzle-orm");
  const { practitioners } = await import("../../server/db/schema");
  const [p] = await app.database.db.select().from(practitioners).where(eq(practitioners.loginId, loginId));
  if (!p) throw new Error(`no demo user ${loginId}`);
  return {
    practitionerId: p.id,
    facilityId: p.facilityId,
    profession: p.profession,
    roles: p.roles,
    sessionId: null,
    ip: "127.0.0.1",
  };
}
