import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Pool, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { migrate as migrateNeon } from "drizzle-orm/neon-serverless/migrator";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import ws from "ws";
import { log } from "../log";
import * as schema from "./schema";
import { startPgWsRelay, type PgWsRelay } from "./relay";
import { auditRoleWarnings, grantRuntimeRole } from "./runtime-role";

import { inTransaction, preparedRows, queryRows, type Db, type Schema, type Tx } from "./handle";

export { inTransaction, preparedRows, queryRows, type Db, type Schema, type Tx };

export interface Database {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  /** Postgres: the URL this handle signs in with, and how it is reached */
  readonly url?: string;
  readonly relay?: string;
  /** Postgres: "pg" (node-postgres over TCP) or "neon" (the Neon driver over WebSocket) */
  readonly driver?: DatabaseDriver;
  /** the owner's URL that migrateDatabase runs as, when it is not this handle's role */
  readonly migrationUrl?: string;
  close(): Promise<void>;
}

export type DatabaseDriver = "pg" | "neon";

export interface DatabaseOptions {
  /** postgres:// URL; absent means embedded PGlite. */
  url?: string;
  /** PGlite data folder; "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  /**
   * "pg": node-postgres over TCP (TLS as the URL's sslmode says); "neon": the Neon
   * driver over WebSocket. Default (DATABASE_DRIVER unset): "neon" for Neon's own
   * endpoints (*.neon.tech), "pg" for every other Postgres.
   */
  driver?: DatabaseDriver;
  /** Neon driver only: "inprocess" starts the project's WebSocket-to-TCP relay; a ws:// URL uses one elsewhere. */
  relay?: string;
  poolSize?: number;
  /**
   * The tables' owner (DATABASE_MIGRATION_URL): migrations run as it, then it
   * grants `url`'s role the app's privileges (server/db/runtime-role.ts).
   */
  migrationUrl?: string;
}

const POOL_END_TIMEOUT_MS = 3000;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

// One relay per Postgres host:port in this process, shared by the pools that target
// it and looked up by the driver for each new connection.
const relays = new Map<string, { relay: Promise<PgWsRelay>; address?: string; users: number }>();

async function acquireRelay(host: string, port: number): Promise<() => Promise<void>> {
  const key = `${host}:${port}`;
  let entry = relays.get(key);
  if (!entry) {
    entry = { relay: startPgWsRelay({ host, port }), users: 0 };
    relays.set(key, entry);
  }
  entry.users += 1;
  const held = entry;
  held.address = (await held.relay).address;
  return async () => {
    held.users -= 1;
    if (held.users === 0) {
      relays.delete(key);
      await (await held.relay).close();
    }
  };
}

function configureNeonDriver() {
  neonConfig.webSocketConstructor = ws;
  // Measured (bench/db-driver.ts): with coalesceWrites every round trip waits on a
  // timer; off, the relay path costs a fraction of that.
  neonConfig.coalesceWrites = false;
  neonConfig.wsProxy = (host, port) => {
    const relay = relays.get(`${host}:${port}`)?.address;
    if (relay) return relay;
    const external = process.env.DATABASE_WS_RELAY;
    if (external && external !== "inprocess") return `${new URL(external).host}/v1`;
    return `${host}/v2`; // Neon's own endpoint
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (!options.url) {
    const dataDir = options.dataDir ?? path.join(process.cwd(), "data", "pglite");
    if (dataDir !== "memory://") mkdirSync(dataDir, { recursive: true });
    const client = dataDir === "memory://" ? new PGlite() : new PGlite(dataDir);
    await client.waitReady;
    const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
    return { db, kind: "pglite", close: () => client.close() };
  }

  const driver = options.driver ?? driverForUrl(options.url);
  if (driver === "pg") return openNodePg(options.url, options);

  configureNeonDriver();
  const target = new URL(options.url);
  const host = target.hostname;
  const port = Number(target.port || 5432);
  let releaseRelay: (() => Promise<void>) | undefined;
  if (options.relay) {
    // A relay speaks plain Postgres on its far side: no TLS inside the WebSocket.
    neonConfig.useSecureWebSocket = options.relay.startsWith("wss://");
    neonConfig.forceDisablePgSSL = true;
    neonConfig.pipelineConnect = false;
    neonConfig.pipelineTLS = false;
    if (options.relay === "inprocess") releaseRelay = await acquireRelay(host, port);
  }
  const pool = new Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  pool.on("error", (err: Error) => log.error({ err }, "[db] idle connection error"));
  // A connection that dies while checked out but between two queries (inside a
  // transaction, say) emits "error" on its client, where the pool has no listener:
  // unheard, it would end the process. The use case still fails on its next query,
  // and the pool drops the client when it comes back.
  pool.on("connect", (client: { on(event: "error", listener: () => void): unknown }) => {
    client.on("error", () => undefined);
  });
  const db = drizzleNeon({ client: pool, schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    url: options.url,
    relay: options.relay,
    driver: "neon",
    migrationUrl: options.migrationUrl,
    close: async () => {
      // with Postgres gone, pool.end() can wait for connections that never finish;
      // the relay (a listening port) is closed after a bounded wait regardless
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        pool.end().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, POOL_END_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      await releaseRelay?.();
    },
  };
}

/** Neon's own endpoints take the Neon driver; any other Postgres node-postgres. */
export function driverForUrl(url: string): DatabaseDriver {
  const fromEnv = process.env.DATABASE_DRIVER;
  if (fromEnv === "pg" || fromEnv === "neon") return fromEnv;
  return /(^|\.)neon\.tech$/i.test(new URL(url).hostname) ? "neon" : "pg";
}

/**
 * node-postgres over TCP: one socket write per round trip, the protocol
 * pipelined by libpq's rules, no relay. TLS comes from the URL
 * (`?sslmode=require`, `verify-full` with `sslrootcert=…`).
 */
function openNodePg(url: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on("error", (err: Error) => log.error({ err }, "[db] idle connection error"));
  // as for the Neon pool: a connection that dies while checked out must not end the process
  pool.on("connect", (client) => {
    client.on("error", () => undefined);
  });
  const db = drizzleNodePg({ client: pool, schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    url,
    driver: "pg",
    migrationUrl: options.migrationUrl,
    close: async () => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        pool.end().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, POOL_END_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

/**
 * Applies the migrations: as the owner when the handle was opened with a
 * migrationUrl (then grants the runtime role), otherwise as the handle's own
 * role, which then owns the tables; on Postgres that is said once in the log,
 * as it leaves the audit log open to that role.
 */
export async function migrateDatabase(database: Database, migrationsFolder = MIGRATIONS_FOLDER) {
  if (database.kind === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  if (database.migrationUrl && database.url) {
    // the owner's handle lives only as long as the migration
    const owner = await openDatabase({
      url: database.migrationUrl,
      relay: database.relay,
      driver: database.driver,
      poolSize: 1,
    });
    try {
      await migrateOn(owner, migrationsFolder);
      await grantRuntimeRole(owner.db, database.url);
    } finally {
      await owner.close();
    }
    return;
  }
  await migrateOn(database, migrationsFolder);
  if (process.env.NODE_ENV === "production") {
    for (const warning of await auditRoleWarnings(database.db))
      log.warn(`[db] ${warning}: set DATABASE_MIGRATION_URL (see README, "Audit log integrity")`);
  }
}

function migrateOn(database: Database, migrationsFolder: string) {
  return database.driver === "pg"
    ? migrateNodePg(database.db as never, { migrationsFolder })
    : migrateNeon(database.db as never, { migrationsFolder });
}

// The custom server and the Next.js bundle each load this module; the process-wide
// instance lives on globalThis so both use one database (PGlite allows one opener).
const KEY = Symbol.for("okinet.database");
const OPENED = Symbol.for("okinet.database.opened");
type Holder = { [KEY]?: Promise<Database>; [OPENED]?: { from: Promise<Database>; db: Db } };

function hold(database: Promise<Database>) {
  const holder = globalThis as Holder;
  holder[KEY] = database;
  // once open, also known without an await (openedDb), for as long as it stays the one set
  database.then(
    (opened) => {
      if (holder[KEY] === database) holder[OPENED] = { from: database, db: opened.db };
    },
    () => undefined,
  );
}

export function setDatabase(database: Promise<Database>) {
  hold(database);
}

export async function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const { env } = await import("../env");
    const e = env();
    hold(
      openDatabase({
        url: e.DATABASE_URL,
        dataDir: path.join(e.DATA_DIR, "pglite"),
        relay: e.DATABASE_WS_RELAY,
        driver: e.DATABASE_DRIVER,
        migrationUrl: e.DATABASE_MIGRATION_URL,
      }),
    );
  }
  return holder[KEY]!;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/**
 * The process's database once it is open (the one set now), else undefined:
 * a socket event's hot path takes it without an await (each costs promise hooks and a microtask).
 */
export function openedDb(): Db | undefined {
  const holder = globalThis as Holder;
  const opened = holder[OPENED];
  return opened && opened.from === holder[KEY] ? opened.db : undefined;
}
