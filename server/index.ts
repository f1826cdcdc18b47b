import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import next from "next";
import { sql } from "drizzle-orm";
import { env } from "./env";
import { migrateDatabase, openDatabase, setDatabase } from "./db/client";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, seedDemoData } from "./demo/seed/seed-demo-data";
import { offerDemoHints } from "./session/demo-hints";
import { startAuditCheckpoints } from "./domain/audit/audit-checkpoints";
import { startAuditLinker } from "./domain/audit/link-audit-events";
import { startDemoRecordServer, type DemoRecordServer } from "./demo/records/demo-record-server";
import { seededPatientLookup } from "./demo/records/seeded-patients";
import { DEMO_RECORDS_DEFAULT_URL } from "./demo/records/urls";
import { startDemoPacs } from "./demo/pacs/demo-pacs";
import { attachSignalling, conferenceInUseHere, sendConferenceElsewhere } from "./signalling";
import { localConferenceHosts, redisConferenceHosts, setConferenceHosts } from "./cluster/conference-hosts";
import { connectRedisAdapter } from "./signalling/redis-adapter";
import { Sfu, setSfu } from "./sfu/sfu";
import { handleHealth, refuseUndecodablePath, writeJson, type ReadinessCheck } from "./http/health";
import { crossSiteRefused, appOrigin, originAllowed, startingRefused } from "./http/request-guard";
import { parseTrustedProxies } from "./http/proxy";
import { attachFrontDoor, insecureOriginWarning, startRedirect } from "./http/front-door";
import { drain } from "./shutdown";
import { log, routeConsoleToLogger, withRequestId } from "./log";

/**
 * One process serves everything: the Next.js pages and route handlers, socket.io
 * signalling on the same port, and (later) the SFU. Development and production
 * both start here.
 */
async function main() {
  // Next.js and libraries print through console: their lines get the logger's rules too
  routeConsoleToLogger();
  // hospital networks are closed: Next.js must not try to send usage telemetry anywhere
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const e = env();
  const dev = e.NODE_ENV !== "production";
  const started = Date.now();
  // several app nodes share socket.io rooms through Redis: checked first, so a node
  // that would run cut off from the others stops before any other work
  const redis = e.REDIS_URL ? await connectRedisAdapter(e.REDIS_URL, e.REDIS_CHANNEL_PREFIX) : undefined;

  // The SFU's WebRTC ports are bound first, before this process opens any outgoing
  // connection: SFU_RTC_PORT (40000) lies in Linux's ephemeral range, so a connection
  // of ours (to the database, a record server, a PACS) could otherwise hold it.
  // Media is optional at start-up: without a worker binary the app still serves
  // everything else and says how to get one.
  const sfu = await Sfu.start().catch((err: unknown) => {
    log.error({ err }, "[sfu] media unavailable");
    return undefined;
  });

  const database = openDatabase({
    url: e.DATABASE_URL,
    dataDir: path.join(e.DATA_DIR, "pglite"),
    relay: e.DATABASE_WS_RELAY,
    migrationUrl: e.DATABASE_MIGRATION_URL,
  });
  setDatabase(database);
  // the sign-in page lists the demo sign-ins; the demo module itself stays out of the app
  if (e.DEMO_MODE)
    offerDemoHints({ password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET, users: DEMO_USERS });
  const db = await database;
  await migrateDatabase(db);
  // PGlite has no autovacuum daemon to keep planner statistics current
  if (db.kind === "pglite") await db.db.execute(sql`analyze`);
  // the hospitals' own record systems, for the demo: started before seeding, so the
  // seed can write the address it really answers on (DEMO_RECORDS_PORT=0 picks one)
  let demoRecords: DemoRecordServer | undefined;
  if (e.DEMO_RECORDS) {
    demoRecords = await startDemoRecordServer({
      host: e.HOST,
      port: e.DEMO_RECORDS_PORT,
      imageBytes: e.DEMO_RECORDS_IMAGE_BYTES,
      knows: seededPatientLookup(db.db),
    }).catch((err: unknown) => {
      log.error({ err, port: e.DEMO_RECORDS_PORT }, "[demo-records] not started");
      return undefined;
    });
    if (demoRecords) log.info(`[demo-records] facility record systems (FHIR, viewer) on ${demoRecords.url}`);
  }
  if (e.SEED_DEMO_DATA) {
    const summary = await seedDemoData(db.db, {
      recordServerUrl: e.DEMO_RECORDS_URL ?? demoRecords?.url ?? DEMO_RECORDS_DEFAULT_URL,
    });
    if (summary)
      log.info(
        `[seed] demo network created in ${summary.ms} ms: ${summary.facilities} facilities, ${summary.patients} patients`,
      );
  }

  // the demo PACS (Orthanc processes, the synthetic studies loaded) starts while Next.js prepares
  const demoPacsStarting = e.DEMO_PACS
    ? startDemoPacs(db.db, { dataDir: e.DATA_DIR, host: e.HOST }).catch(
        (err: unknown) => void log.error({ err }, "[demo-pacs] not started"),
      )
    : Promise.resolve(undefined);
  // the audit chain's head, signed, outside the database: now, at an interval, at shutdown
  const auditCheckpoints = startAuditCheckpoints(db.db);
  // the chaining writer: links the events appended without a lock (one linker at a time across nodes)
  const auditLinker = startAuditLinker(db.db, { intervalMs: e.AUDIT_LINK_INTERVAL_MS });

  // Next.js is made once the port is bound (below): it forwards a server action posted to a page
  // that does not hold it to its own origin, built from the port it was given, and PORT=0 gave it none
  let handle = undefined as ReturnType<ReturnType<typeof next>["getRequestHandler"]> | undefined;

  const lifecycle = { draining: false };
  let readinessChecks: ReadinessCheck[] = [
    { name: "app", check: () => Promise.reject(new Error("starting")) },
  ];
  const onRequest: http.RequestListener = (req, res) => {
    if (handleHealth(req, res, () => readinessChecks, lifecycle)) return;
    if (!handle) {
      res.setHeader("retry-after", "1");
      writeJson(res, 503, startingRefused(req.headers.cookie));
      return;
    }
    const ready = handle;
    if (refuseUndecodablePath(req, res)) return;
    // the one Origin check for every state-changing request, here rather than only in Next's proxy:
    // the proxy buffers request bodies, which would read a whole oversized upload before its route refuses it
    if (!originAllowed(req.method ?? "GET", req.headers.origin ?? null, appOrigin())) {
      writeJson(res, 403, crossSiteRefused(req.headers.cookie));
      return;
    }
    withRequestId(String(req.headers["x-request-id"]), () => void ready(req, res));
  };
  const tls = Boolean(e.TLS_CERT_FILE && e.TLS_KEY_FILE);
  const server = tls
    ? https.createServer(
        { cert: readFileSync(e.TLS_CERT_FILE!), key: readFileSync(e.TLS_KEY_FILE!) },
        onRequest,
      )
    : http.createServer(onRequest);
  const io = attachSignalling(server, { adapter: redis?.adapter });
  // several nodes: which node hosts each live conference's media, as leases in Redis
  const nodeId = e.NODE_ID ?? `${os.hostname()}-${e.PORT}`.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 64);
  const hosts = redis
    ? redisConferenceHosts({
        store: redis.commands,
        prefix: e.REDIS_CHANNEL_PREFIX,
        nodeId,
        leaseMs: e.CONFERENCE_LEASE_SECONDS * 1000,
        inUse: (conferenceId) => conferenceInUseHere(io, conferenceId),
        onLost: (conferenceId, holder) => sendConferenceElsewhere(io, conferenceId, holder),
      })
    : // one node: every conference is here; pages are not told this machine's name
      localConferenceHosts();
  setConferenceHosts(hosts);
  // after socket.io took its place: these run first for every request and upgrade,
  // so pages, route handlers and the socket handshake all see the settled client address
  attachFrontDoor(server, {
    trusted: parseTrustedProxies(e.TRUSTED_PROXIES),
    hsts: tls || Boolean(e.PUBLIC_URL?.startsWith("https://")),
  });
  if (redis)
    log.info(
      { nodeId, leaseSeconds: e.CONFERENCE_LEASE_SECONDS },
      `[signalling] node ${nodeId}: socket.io rooms and conference hosts shared through Redis (${e.REDIS_CHANNEL_PREFIX})`,
    );
  setSfu(sfu);
  if (sfu) {
    log.info(`[sfu] ${sfu.pool.workers.length} mediasoup worker(s)`);
    sfu.pool.on("workerdied", (_w, error) => log.error({ err: error }, "[sfu] worker died; replacing it"));
  }

  await new Promise<void>((resolve) => server.listen(e.PORT, e.HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : e.PORT;
  const app = next({ dev, dir: process.cwd(), hostname: e.HOST, port });
  await app.prepare();
  const demoPacs = await demoPacsStarting;
  handle = app.getRequestHandler();

  readinessChecks = [
    {
      name: "database",
      check: async () => {
        await db.db.execute(sql`select 1`);
      },
    },
    {
      name: "sfu",
      check: () => {
        if (!sfu) return Promise.reject(new Error("no mediasoup worker (see the start-up log)"));
        const alive = sfu.pool.workers.filter((w) => !w.closed).length;
        if (sfu.pool.closed || alive === 0) return Promise.reject(new Error("no mediasoup worker alive"));
        if (alive < sfu.pool.workers.length)
          return Promise.reject(new Error(`${alive} of ${sfu.pool.workers.length} workers alive`));
        return Promise.resolve();
      },
    },
    ...(redis ? [{ name: "redis", check: () => redis.ping() }] : []),
  ];

  // the port really bound (PORT=0 lets the kernel choose), whatever the public origin says
  log.info({ port }, `[okinet] listening on ${e.HOST}:${port}`);
  const scheme = tls ? "https" : "http";
  const origin = e.PUBLIC_URL ?? `${scheme}://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${port}`;
  process.env.NEXTAUTH_URL = origin;
  const redirect =
    e.HTTP_REDIRECT_PORT !== undefined
      ? await startRedirect(e.HOST, e.HTTP_REDIRECT_PORT, origin)
      : undefined;
  log.info(
    { origin, database: db.kind, tls, redirectPort: redirect?.port },
    `[okinet] ${dev ? "development" : "production"} on ${origin} (${db.kind}) ready in ${Date.now() - started} ms`,
  );
  const warning = insecureOriginWarning(e.HOST, tls, origin);
  if (warning) log.warn(warning);
  if (e.DEMO_MODE)
    log.info("[okinet] demo mode: demo sign-ins are listed in the README and on the sign-in page");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = e.SHUTDOWN_GRACE_SECONDS * 1000;
    log.info({ signal, graceSeconds: e.SHUTDOWN_GRACE_SECONDS }, "[okinet] shutting down");
    // the backstop: whatever still hangs, the process is gone within the grace time
    setTimeout(() => {
      log.error("[okinet] shutdown did not finish within SHUTDOWN_GRACE_SECONDS; exiting");
      process.exit(1);
    }, graceMs).unref();
    lifecycle.draining = true;
    const unfinished = await drain(
      [
        {
          name: "stop accepting",
          run: () => {
            // established connections finish their requests; no new ones are taken
            server.close();
            server.closeIdleConnections();
            redirect?.server.close();
          },
        },
        {
          name: "tell conference clients",
          // this node's clients only: with the Redis adapter the other nodes keep running
          run: () => io.local.emit("server:restarting", { graceSeconds: e.SHUTDOWN_GRACE_SECONDS }),
        },
        // the conferences hosted here are free at once: the next node a participant reaches takes them
        { name: "release conferences", run: () => hosts.close() },
        { name: "close rooms", run: () => sfu?.close() },
        {
          name: "close connections",
          // io.close() ends every socket (they reconnect by themselves once a node is back),
          // unsubscribes the Redis adapter and waits for the HTTP server's connections
          run: () => io.close(),
        },
        { name: "close redis", run: () => redis?.close() },
        { name: "close demo records", run: () => demoRecords?.close() },
        { name: "close demo PACS", run: () => demoPacs?.stop() },
        // the last events linked, then the chain's head written outside the database before it closes
        { name: "audit link", run: () => auditLinker.stop() },
        { name: "audit checkpoint", run: () => auditCheckpoints.stop() },
        { name: "close database", run: () => db.close() },
      ],
      Date.now() + graceMs - 500,
    );
    server.closeAllConnections();
    log.info({ unfinished }, "[okinet] stopped");
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  log.fatal({ err }, "[okinet] failed to start");
  process.exit(1);
});
