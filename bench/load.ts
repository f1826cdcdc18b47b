// A busy morning on loopback: BENCH_USERS (200) signed-in users against the real app (production
// build, seeded demo network), on Postgres and then on PGlite, for BENCH_SECONDS (60) each.
// Every user has a socket in a conference of 10 and, each on its own clock with jitter:
//   - an API read every 4 s (GET /api/notifications/unread, the bell),
//   - a page every 20 s (GET /, server-rendered),
//   - a chat message every 5 s (chat:send, acknowledged; delivered to the 9 others by socket).
// Prints requests/s, p50/p95/p99 per kind and errors. Asserts nothing.
// Needs `npx next build` first. Run: npx tsx bench/load.ts   (BENCH_BACKENDS=postgres,pglite)
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { asc, isNull } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { migrateDatabase, openDatabase, type Db } from "../server/db/client";
import { authSessions, practitioners } from "../server/db/schema";
import { seedDemoData } from "../server/demo/seed/seed-demo-data";
import { createConference } from "../server/domain/conferences/create-conference";
import { decideAdmission } from "../server/domain/conferences/decide-admission";
import { joinConference } from "../server/domain/conferences/join-conference";
import type { Actor } from "../server/model/permissions";
import { createTestDatabase } from "../tests/helpers/db";
import type { Reply } from "../tests/helpers/signalling";
import { quantile } from "./helpers";

const USERS = Number(process.env.BENCH_USERS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const ROOM = 10;
const BACKENDS = (process.env.BENCH_BACKENDS ?? "postgres,pglite").split(",");
const PERIOD_MS = { api: 4000, page: 20_000, chat: 5000 };

interface User {
  practitionerId: string;
  sessionId: string;
  conferenceId: string;
}

/** The demo network, a session per user and conferences of ROOM with everyone admitted. */
async function prepare(db: Db): Promise<User[]> {
  await seedDemoData(db);
  const rows = await db
    .select()
    .from(practitioners)
    .where(isNull(practitioners.disabledAt))
    .orderBy(asc(practitioners.loginId))
    .limit(USERS);
  if (rows.length < USERS) throw new Error(`only ${rows.length} practitioners seeded`);
  const users: User[] = [];
  for (let g = 0; g < rows.length; g += ROOM) {
    const group = rows.slice(g, g + ROOM);
    const hostRow = group[0]!;
    const host: Actor = {
      practitionerId: hostRow.id,
      facilityId: hostRow.facilityId,
      profession: hostRow.profession,
      roles: hostRow.roles,
      sessionId: null,
      ip: "",
    };
    const { conferenceId } = await createConference(db, host, {
      title: "load",
      kind: "consultation",
      invitees: group.slice(1).map((p) => ({ practitionerId: p.id })),
      agenda: [],
    });
    await joinConference(db, host, { conferenceId });
    for (const p of group.slice(1))
      await decideAdmission(db, host, { conferenceId, practitionerId: p.id, decision: "admit" });
    for (const p of group) {
      const [session] = await db
        .insert(authSessions)
        .values({ practitionerId: p.id, expiresAt: new Date(Date.now() + 12 * 3600_000), userAgent: "load" })
        .returning({ id: authSessions.id });
      users.push({ practitionerId: p.id, sessionId: session!.id, conferenceId });
    }
  }
  return users;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      SEED_DEMO_DATA: "0",
      DEMO_MODE: "1",
      DEMO_RECORDS: "0",
      SFU_WORKERS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${log}`)), 300_000);
    const onData = (chunk: Buffer) => {
      log += String(chunk);
      if (log.includes("ready in")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`app exited with ${code}:\n${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

async function drive(url: string, secret: string, users: User[]) {
  const samples: Record<string, number[]> = { page: [], api: [], "chat:send": [], "chat delivered": [] };
  const errors: Record<string, number> = { page: 0, api: 0, connect: 0 };
  const sentAt = new Map<string, number>();
  const sockets: Socket[] = [];
  const cookies = await Promise.all(
    users.map(async (u) => `okinet.session=${await encode({ token: { sid: u.sessionId }, secret })}`),
  );
  for (let i = 0; i < users.length; i++) {
    const s = await new Promise<Socket>((resolve, reject) => {
      const c = connect(url, {
        transports: ["websocket"],
        extraHeaders: { cookie: cookies[i]! },
        reconnection: false,
      });
      c.once("connect", () => resolve(c));
      c.once("connect_error", reject);
    }).catch(() => null);
    if (!s) {
      errors.connect!++;
      continue;
    }
    s.on("chat:message", (m: { body: string; practitionerId: string }) => {
      const at = sentAt.get(m.body);
      if (at !== undefined && m.practitionerId !== users[i]!.practitionerId)
        samples["chat delivered"]!.push(performance.now() - at);
    });
    const joined = (await s
      .timeout(60_000)
      .emitWithAck("conference:join", { conferenceId: users[i]!.conferenceId })) as Reply;
    if (!joined.ok) errors.connect!++;
    sockets[i] = s;
  }

  // warm-up, not measured: every user's page, read and message once (the app's first renders compile and cache)
  await Promise.all(
    users.map(async (u, i) => {
      for (const p of ["/", "/api/notifications/unread"])
        await fetch(`${url}${p}`, { headers: { cookie: cookies[i]! }, redirect: "manual" })
          .then((r) => r.arrayBuffer())
          .catch(() => undefined);
      await sockets[i]
        ?.timeout(60_000)
        .emitWithAck("chat:send", { conferenceId: u.conferenceId, body: "warm-up" })
        .catch(() => undefined);
    }),
  );

  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const every = async (period: number, action: () => Promise<void>) => {
    await sleep(Math.random() * period);
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await action();
      await sleep(Math.max(0, period * (0.8 + Math.random() * 0.4) - (performance.now() - t0)));
    }
  };
  const get = async (kind: "page" | "api", cookie: string, pathName: string) => {
    const t0 = performance.now();
    try {
      const r = await fetch(`${url}${pathName}`, { headers: { cookie }, redirect: "manual" });
      await r.arrayBuffer();
      if (r.status === 200) samples[kind]!.push(performance.now() - t0);
      else errors[kind]!++;
    } catch {
      errors[kind]!++;
    }
  };
  await Promise.all(
    users.flatMap((u, i) => [
      every(PERIOD_MS.api, () => get("api", cookies[i]!, "/api/notifications/unread")),
      every(PERIOD_MS.page, () => get("page", cookies[i]!, "/")),
      every(PERIOD_MS.chat, async () => {
        const s = sockets[i];
        if (!s) return;
        const body = `load ${randomUUID()}`;
        const t0 = performance.now();
        sentAt.set(body, t0);
        const reply = (await s
          .timeout(30_000)
          .emitWithAck("chat:send", { conferenceId: u.conferenceId, body })
          .catch(() => ({ ok: false }))) as Reply;
        if (reply.ok) samples["chat:send"]!.push(performance.now() - t0);
        else {
          const kind = `chat:send ${reply.error?.code ?? "TIMEOUT"}`;
          errors[kind] = (errors[kind] ?? 0) + 1;
        }
      }),
    ]),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const s of sockets) s?.close();
  return { samples, errors, elapsed };
}

function report(label: string, result: Awaited<ReturnType<typeof drive>>) {
  const { samples, errors, elapsed } = result;
  const http = samples.page!.length + samples.api!.length;
  console.log(
    `${label}: ${USERS} users for ${elapsed.toFixed(0)} s: ${(http / elapsed).toFixed(1)} HTTP requests/s, ${(samples["chat:send"]!.length / elapsed).toFixed(1)} chat sends/s; errors ${JSON.stringify(errors)}`,
  );
  for (const [kind, xs] of Object.entries(samples)) {
    const s = [...xs].sort((a, b) => a - b);
    if (s.length === 0) {
      console.log(`  ${kind.padEnd(15)} none`);
      continue;
    }
    console.log(
      `  ${kind.padEnd(15)} n=${String(s.length).padStart(6)}  ${(s.length / elapsed).toFixed(1).padStart(6)}/s  p50 ${quantile(s, 0.5).toFixed(1).padStart(7)} ms  p95 ${quantile(s, 0.95).toFixed(1).padStart(7)} ms  p99 ${quantile(s, 0.99).toFixed(1).padStart(7)} ms`,
    );
  }
}

for (const backend of BACKENDS) {
  const secret = randomBytes(32).toString("base64url");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "okinet-load-"));
  try {
    if (backend === "postgres") {
      const database = await createTestDatabase("postgres");
      try {
        const users = await prepare(database.db);
        const server = await startServer({
          DATABASE_URL: database.url!,
          DATABASE_WS_RELAY: "inprocess",
          DATA_DIR: dataDir,
          AUTH_SECRET: secret,
        });
        try {
          report("Postgres", await drive(server.url, secret, users));
        } finally {
          await server.stop();
        }
      } finally {
        await database.close();
      }
    } else {
      // PGlite has one opener: the bench prepares the files, then the app opens them
      const database = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
      await migrateDatabase(database);
      const users = await prepare(database.db);
      await database.close();
      const server = await startServer({ DATA_DIR: dataDir, AUTH_SECRET: secret });
      try {
        report("PGlite", await drive(server.url, secret, users));
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
