import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { driverForUrl, openDatabase, queryRows } from "../../server/db/client";
import { TEST_PG_ADMIN_URL } from "../helpers/db";

/**
 * Issue 16: a self-hosted Postgres is reached with node-postgres over TCP; the
 * Neon driver (over WebSocket) stays for Neon's own endpoints or when asked for.
 */
describe("database driver choice (postgres)", () => {
  const saved = process.env.DATABASE_DRIVER;
  before(() => {
    delete process.env.DATABASE_DRIVER;
  });
  after(() => {
    if (saved === undefined) delete process.env.DATABASE_DRIVER;
    else process.env.DATABASE_DRIVER = saved;
  });

  it("chooses node-postgres for a self-hosted URL and the Neon driver for Neon's endpoints, or as DATABASE_DRIVER says", () => {
    assert.equal(driverForUrl("postgres://app@10.0.0.5:5432/okinet"), "pg");
    assert.equal(driverForUrl("postgres://app@db.hospital.local/okinet?sslmode=require"), "pg");
    assert.equal(driverForUrl("postgres://app@ep-cool-1.ap-southeast-1.aws.neon.tech/okinet"), "neon");
    process.env.DATABASE_DRIVER = "neon";
    assert.equal(driverForUrl("postgres://app@10.0.0.5:5432/okinet"), "neon");
    process.env.DATABASE_DRIVER = "pg";
    assert.equal(driverForUrl("postgres://app@ep-cool-1.ap-southeast-1.aws.neon.tech/okinet"), "pg");
    delete process.env.DATABASE_DRIVER;
  });

  it("answers the same through both drivers, transactions included", async () => {
    const shapes: string[] = [];
    for (const driver of ["pg", "neon"] as const) {
      const database = await openDatabase({
        url: TEST_PG_ADMIN_URL,
        driver,
        relay: "inprocess",
        poolSize: 2,
      });
      try {
        assert.equal(database.driver, driver);
        const [row] = await queryRows<{ n: number; at: unknown }>(
          database.db,
          sql`select 41 + 1 as n, now() as at`,
        );
        assert.equal(row?.n, 42, driver);
        assert.ok(new Date(row?.at as string).getTime() > 0, driver);
        shapes.push(typeof row?.at);
        // a transaction holds one connection: what it wrote it reads back, and a rollback undoes it
        const seen = await database.db
          .transaction(async (tx) => {
            await tx.execute(sql`create temporary table driver_probe (n int) on commit drop`);
            await tx.execute(sql`insert into driver_probe values (7)`);
            const [r] = await queryRows<{ n: number }>(tx, sql`select n from driver_probe`);
            tx.rollback();
            return r?.n;
          })
          .catch((err: Error) => err.message);
        assert.match(String(seen), /rollback/i, driver);
      } finally {
        await database.close();
      }
    }
    // raw rows come back in one shape whichever driver (drizzle's own type parsers)
    assert.equal(shapes[0], shapes[1]);
  });

  it("asks for TLS when the URL says so (this test server has none, so it is refused, not silently plain)", async () => {
    const url = new URL(TEST_PG_ADMIN_URL);
    url.searchParams.set("sslmode", "require");
    const database = await openDatabase({ url: url.toString(), driver: "pg", poolSize: 1 });
    try {
      await assert.rejects(database.db.execute(sql`select 1`), (err: Error) => {
        const text = `${err.message} ${String((err as { cause?: Error }).cause?.message ?? "")}`;
        return /SSL/i.test(text);
      });
    } finally {
      await database.close();
    }
  });
});
