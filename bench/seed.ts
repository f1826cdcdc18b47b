// Seeding the demo network (the reference size, 18,221 patients) into a fresh
// database, 3 times per backend: in-memory PGlite, and the real PostgreSQL through
// the Neon driver and the relay. Prints each run, the median and the minimum, and
// rows per second at the median; asserts nothing.  Run: npx tsx bench/seed.ts
import { migrateDatabase, openDatabase, type Database } from "../server/db/client";
import {
  attachments,
  auditEvents,
  consentEvents,
  consentScope,
  consents,
  departments,
  facilities,
  patientLocalIds,
  patients,
  practitioners,
} from "../server/db/schema";
import { seedDemoData } from "../server/demo/seed/seed-demo-data";
import { createTestDatabase } from "../tests/helpers/db";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const scale = Number(process.env.BENCH_SCALE ?? 1);

const TABLES = [
  facilities,
  departments,
  practitioners,
  attachments,
  patients,
  consents,
  consentEvents,
  consentScope,
  patientLocalIds,
  auditEvents,
];

async function countRows(database: Database): Promise<number> {
  let total = 0;
  for (const table of TABLES) total += await database.db.$count(table);
  return total;
}

async function bench(label: string, open: () => Promise<Database>) {
  const times: number[] = [];
  let rows = 0;
  for (let run = 1; run <= RUNS; run++) {
    const database = await open();
    try {
      const started = performance.now();
      const summary = await seedDemoData(database.db, { scale });
      const ms = performance.now() - started;
      if (!summary) throw new Error("the fresh database was not empty");
      rows = await countRows(database);
      times.push(ms);
      console.log(`  ${label} run ${run}: ${ms.toFixed(0)} ms (${rows} rows)`);
    } finally {
      await database.close();
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const min = sorted[0]!;
  return { label, median, min, rowsPerSecond: rows / (median / 1000), rows };
}

console.log(`demo seed: scale ${scale}, ${RUNS} runs per backend, a fresh database each run`);
const results = [
  await bench("PGlite (memory)", async () => {
    const database = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(database);
    return database;
  }),
  await bench("PostgreSQL via Neon driver + relay", () => createTestDatabase("postgres")),
];
console.log("\n  backend                               median ms   min ms    rows/s (median)");
for (const r of results) {
  console.log(
    `  ${r.label.padEnd(37)} ${r.median.toFixed(0).padStart(9)} ${r.min.toFixed(0).padStart(8)} ${r.rowsPerSecond
      .toFixed(0)
      .padStart(12)}`,
  );
}
