import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, queryRows, type Database } from "../../server/db/client";

export const BACKENDS = ["pglite", "postgres"] as const;
export type Backend = (typeof BACKENDS)[number];

/** The test machine's real PostgreSQL server; tests reach it through node-postgres (DATABASE_DRIVER=neon: the Neon driver and the relay). */
export const TEST_PG_ADMIN_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends Database {
  readonly backend: Backend;
  readonly url?: string;
}

/**
 * A fresh, migrated database of its own for one test file: in-memory PGlite, or
 * a new database on the real PostgreSQL server, dropped again on close.
 * `migrationsFolder`: another folder's migrations (an upgrade test starts from
 * the ones before its own).
 */
export async function createTestDatabase(
  backend: Backend,
  options: { migrationsFolder?: string } = {},
): Promise<TestDatabase> {
  if (backend === "pglite") {
    const database = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(database, options.migrationsFolder);
    return { ...database, backend };
  }
  const name = `okinet_test_${randomBytes(6).toString("hex")}`;
  const admin = await openDatabase({ url: TEST_PG_ADMIN_URL, relay: "inprocess", poolSize: 1 });
  await admin.db.execute(sql.raw(`create database ${name}`));
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), relay: "inprocess", poolSize: 5 });
  await migrateDatabase(database, options.migrationsFolder);
  return {
    ...database,
    backend,
    url: url.toString(),
    close: async () => {
      await database.close();
      // pool.end() does not wait for the server side to hang up; wait briefly so the
      // drop does not kill (and log) connections that are already closing
      for (let i = 0; i < 30; i++) {
        const [open] = await queryRows<{ n: number }>(
          admin.db,
          sql`select count(*)::int as n from pg_stat_activity where datname = ${name}`,
        );
        if (open?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.close();
    },
  };
}

/** drizzle wraps driver errors ("Failed query: ..."); the database's own message is in `cause`. */
export function dbErrorMatching(pattern: RegExp) {
  return (e: unknown) => {
    const err = e as { message?: string; cause?: { message?: string } };
    return pattern.test(`${err.message ?? ""} ${err.cause?.message ?? ""}`);
  };
}
