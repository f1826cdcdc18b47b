/**
 * Database driver round-trip benchmark. Prints figures; asserts nothing about timings.
 *
 * What it measures, on a 10,000-row table `bench_kv(id uuid primary key, v text)`:
 *   - "pk select": one primary-key select through drizzle (`db.execute(sql`...`)`),
 *   - "tx 2 inserts": `db.transaction` with two inserts (BEGIN, 2 x INSERT, COMMIT),
 *   - "batch 20 selects": 20 concurrent primary-key selects (Promise.all), timed as one batch,
 * each repeated sequentially after a warm-up, over these paths:
 *   (a) the Neon driver through the in-process WebSocket-to-TCP relay, coalesceWrites=false
 *       (the app's setting, server/db/client.ts),
 *   (b) the same with the driver default coalesceWrites=true,
 *   (c) embedded PGlite in memory,
 *   (d) psql over plain TCP, as a floor for the server's own round trip (if psql is installed;
 *       per-statement `\timing`, so no drizzle or driver cost; no concurrent batch).
 * The Postgres paths use a scratch database on the real server, dropped at the end (also on error).
 *
 * Run: npx tsx bench/db-driver.ts
 *   BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
 *   names the server's admin database; BENCH_ITERATIONS (default 2000) the repetitions per case.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { openDatabase, type Database, type Db } from "../server/db/client";
import { quantile } from "./helpers";

const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const ITERATIONS = Math.max(1, Math.floor(Number(process.env.BENCH_ITERATIONS) || 2000));
const WARMUP = Math.max(1, Math.round(ITERATIONS / 10));
const ROWS = 10_000;
const BATCH = 20 as const;
const POOL_SIZE = 10; // the app's default (openDatabase)
const CASE_TIME_LIMIT_MS = 120_000; // a case stops early (and says so) past this

const OPS = ["pk select", "tx 2 inserts", `batch ${BATCH} selects`] as const;
type Op = (typeof OPS)[number];

interface Row {
  path: string;
  op: Op;
  n: number;
  samples: number[] | null; // null: not measured on this path
  note?: string;
}

let stopping = false;
process.on("SIGINT", () => {
  if (stopping) process.exit(130);
  stopping = true;
  console.error("\ninterrupted: finishing the current case, then cleaning up (Ctrl-C again to quit now)");
});

function ms(start: bigint) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function pick(ids: string[]) {
  return ids[Math.floor(Math.random() * ids.length)]!;
}

async function timeLoop(
  label: string,
  fn: () => Promise<unknown>,
): Promise<{ samples: number[]; note?: string }> {
  for (let i = 0; i < WARMUP && !stopping; i++) await fn();
  const samples: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS && !stopping; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(ms(t0));
    if (ms(started) > CASE_TIME_LIMIT_MS) {
      return { samples, note: `stopped at the ${CASE_TIME_LIMIT_MS / 1000}s limit` };
    }
  }
  process.stderr.write(`  ${label}: ${samples.length} runs in ${(ms(started) / 1000).toFixed(1)}s\n`);
  return { samples, note: stopping ? "interrupted" : undefined };
}

async function benchDrizzle(pathLabel: string, db: Db, ids: string[]): Promise<Row[]> {
  // Sanity check (not a timing): the lookup finds its row.
  const probe = await db.execute(sql`select v from bench_kv where id = ${ids[0]!}`);
  const found = (probe as { rows: unknown[] }).rows.length;
  if (found !== 1) throw new Error(`${pathLabel}: primary-key select returned ${found} rows, expected 1`);

  const select = () => db.execute(sql`select v from bench_kv where id = ${pick(ids)}`);
  const ops: [Op, () => Promise<unknown>][] = [
    ["pk select", select],
    [
      "tx 2 inserts",
      () =>
        db.transaction(async (tx) => {
          await tx.execute(sql`insert into bench_kv (id, v) values (${randomUUID()}, ${"tx-a"})`);
          await tx.execute(sql`insert into bench_kv (id, v) values (${randomUUID()}, ${"tx-b"})`);
        }),
    ],
    [`batch ${BATCH} selects`, () => Promise.all(Array.from({ length: BATCH }, select))],
  ];
  const rows: Row[] = [];
  for (const [op, fn] of ops) {
    if (stopping) break;
    const { samples, note } = await timeLoop(`${pathLabel} / ${op}`, fn);
    rows.push({ path: pathLabel, op, n: samples.length, samples, note });
  }
  return rows;
}

async function createTable(db: Db) {
  await db.execute(sql`create table bench_kv (id uuid primary key, v text not null)`);
  await db.execute(
    sql`insert into bench_kv (id, v) select gen_random_uuid(), 'value ' || g from generate_series(1, ${ROWS}::int) g`,
  );
  await db.execute(sql`analyze bench_kv`);
}

async function loadIds(db: Db): Promise<string[]> {
  const result = await db.execute(sql`select id from bench_kv`);
  return (result as { rows: { id: string }[] }).rows.map((r) => r.id);
}

/**
 * Pool.end() resolves before its sockets have closed, so backends linger for a few ms;
 * wait (bounded) for them so one path's teardown does not overlap the next path's figures,
 * and so `drop database ... with (force)` does not kill them mid-close.
 */
async function waitForNoBackends(admin: Db, name: string) {
  const deadline = Date.now() + 3000;
  for (;;) {
    const result = await admin.execute(
      sql`select count(*)::int as n from pg_stat_activity where datname = ${name}`,
    );
    const n = (result as { rows: { n: number }[] }).rows[0]?.n ?? 0;
    if (n === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function hasPsql() {
  const r = spawnSync("psql", ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/** psql over TCP with `\timing`: each statement's client-side time, no driver or drizzle in between. */
function benchPsql(url: string, ids: string[]): Row[] {
  const pathLabel = "(d) psql, TCP";
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-psql-"));
  try {
    const select = () => `select v from bench_kv where id = '${pick(ids)}';\n`;
    const tx = () =>
      `begin;\ninsert into bench_kv (id, v) values ('${randomUUID()}', 'tx-a');\n` +
      `insert into bench_kv (id, v) values ('${randomUUID()}', 'tx-b');\ncommit;\n`;
    const run = (body: () => string, statementsPerOp: number) => {
      const file = path.join(dir, "script.sql");
      let text = "";
      for (let i = 0; i < WARMUP; i++) text += body();
      text += "\\timing on\n";
      for (let i = 0; i < ITERATIONS; i++) text += body();
      writeFileSync(file, text);
      const r = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-f", file, url], {
        encoding: "utf8",
        timeout: CASE_TIME_LIMIT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      if (r.status !== 0)
        throw new Error(`psql failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message}`);
      const times = [...r.stdout.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
      const samples: number[] = [];
      for (let i = 0; i + statementsPerOp <= times.length; i += statementsPerOp) {
        samples.push(times.slice(i, i + statementsPerOp).reduce((a, b) => a + b, 0));
      }
      return samples;
    };
    const rows: Row[] = [];
    const selects = run(select, 1);
    rows.push({ path: pathLabel, op: "pk select", n: selects.length, samples: selects });
    const txs = run(tx, 4);
    rows.push({
      path: pathLabel,
      op: "tx 2 inserts",
      n: txs.length,
      samples: txs,
      note: "sum of 4 statements",
    });
    rows.push({
      path: pathLabel,
      op: `batch ${BATCH} selects`,
      n: 0,
      samples: null,
      note: "psql has no concurrency",
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: Row[]) {
  const medianOf = (r: Row | undefined) =>
    r?.samples?.length
      ? quantile(
          [...r.samples].sort((a, b) => a - b),
          0.5,
        )
      : undefined;
  const header = ["path", "operation", "n", "median ms", "p95 ms", "ops/s", "median vs (a)", "note"];
  const lines = rows.map((r) => {
    if (!r.samples?.length) return [r.path, r.op, String(r.n), "-", "-", "-", "-", r.note ?? ""];
    const sorted = [...r.samples].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    const total = sorted.reduce((a, b) => a + b, 0);
    const base = medianOf(rows.find((x) => x.path.startsWith("(a)") && x.op === r.op));
    return [
      r.path,
      r.op,
      String(r.n),
      median.toFixed(3),
      quantile(sorted, 0.95).toFixed(3),
      ((1000 * sorted.length) / total).toFixed(0),
      base ? `${(median / base).toFixed(2)}x` : "-",
      r.note ?? "",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const numeric = new Set([2, 3, 4, 5, 6]);
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  console.log(fmt(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(fmt(l));

  console.log("\n(b) coalesceWrites=true vs (a) coalesceWrites=false:");
  for (const op of OPS) {
    const a = medianOf(rows.find((x) => x.path.startsWith("(a)") && x.op === op));
    const b = medianOf(rows.find((x) => x.path.startsWith("(b)") && x.op === op));
    console.log(`  ${op.padEnd(18)} b/a median = ${a && b ? (b / a).toFixed(2) : "-"}`);
  }
}

async function main() {
  console.log(
    `db-driver bench: ${ITERATIONS} runs per case after ${WARMUP} warm-up, ${ROWS} rows, ` +
      `pool ${POOL_SIZE}, node ${process.version}`,
  );
  console.log("times are per operation (a batch counts as one); ops/s = runs / summed run time");
  const rows: Row[] = [];

  // (c) PGlite first: it also warms the JIT for drizzle's own code before the Postgres paths.
  {
    console.error("(c) PGlite in memory");
    const pglite = await openDatabase({ dataDir: "memory://" });
    try {
      await createTable(pglite.db);
      rows.push(...(await benchDrizzle("(c) PGlite memory", pglite.db, await loadIds(pglite.db))));
    } finally {
      await pglite.close();
    }
  }

  const name = `bench_dbdriver_${randomBytes(6).toString("hex")}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const admin = await openDatabase({ url: ADMIN_URL, relay: "inprocess", poolSize: 1 });
  let created = false;
  try {
    await admin.db.execute(sql.raw(`create database ${name}`));
    created = true;
    let ids: string[] = [];
    {
      const setup = await openDatabase({ url: url.toString(), relay: "inprocess", poolSize: 1 });
      try {
        await createTable(setup.db);
        ids = await loadIds(setup.db);
      } finally {
        await setup.close();
        await waitForNoBackends(admin.db, name);
      }
    }

    for (const coalesce of [false, true]) {
      if (stopping) break;
      const label = coalesce ? "(b) relay, coalesce=on" : "(a) relay, coalesce=off";
      console.error(label);
      let database: Database | undefined;
      try {
        database = await openDatabase({ url: url.toString(), relay: "inprocess", poolSize: POOL_SIZE });
        // openDatabase sets the app's value (false); the driver reads the flag on every write.
        neonConfig.coalesceWrites = coalesce;
        rows.push(...(await benchDrizzle(label, database.db, ids)));
      } finally {
        neonConfig.coalesceWrites = false;
        await database?.close();
        await waitForNoBackends(admin.db, name);
      }
    }

    if (!stopping) {
      if (hasPsql()) {
        console.error("(d) psql");
        rows.push(...benchPsql(url.toString(), ids));
      } else {
        console.error("(d) psql not installed: skipped");
      }
    }
  } finally {
    if (created) await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
  }

  console.log("");
  printTable(rows);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
