// Patient-search latency over the seeded reference network (18,221 patients),
// on embedded PGlite and on the real PostgreSQL through the Neon driver and the
// relay. Each search runs the whole use case: consent filter, query, audit append.
// Prints medians and p95; asserts nothing.  Run: npx tsx bench/patient-search.ts
import { eq, sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, queryRows, type Database } from "../server/db/client";
import { facilities, patientLocalIds } from "../server/db/schema";
import type { Actor } from "../server/model/permissions";
import { seedDemoData } from "../server/demo/seed/seed-demo-data";
import { searchPatients } from "../server/domain/patients/search-patients";
import { formatRegionalId } from "../server/domain/patients/regional-id";
import { createTestDatabase } from "../tests/helpers/db";
import { actorFor, quantile, sampled } from "./helpers";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const scale = Number(process.env.BENCH_SCALE ?? 1);

async function run(label: string, database: Database) {
  const t0 = Date.now();
  const summary = await seedDemoData(database.db, { scale });
  console.log(`\n${label}: seeded ${summary?.patients} patients in ${Date.now() - t0} ms`);
  const hospital = await actorFor(database, "dr.sato");
  const clinic = await actorFor(database, "gp.yamada");
  const [local] = await database.db
    .select({ localId: patientLocalIds.localId })
    .from(patientLocalIds)
    .innerJoin(facilities, eq(facilities.id, patientLocalIds.facilityId))
    .where(eq(patientLocalIds.facilityId, hospital.facilityId))
    .limit(1);
  const [scoped] = await queryRows<{ inScope: number }>(
    database.db,
    sql`select count(distinct patient_id)::int as "inScope" from consent_scope where facility_id = ${hospital.facilityId} and withdrawn_on is null`,
  );
  const inScope = scoped?.inScope;
  console.log(`  demo hospital has ${inScope} patients in consent scope`);

  const cases: Array<[string, Actor, string]> = [
    ["kana prefix (サトウ), hospital", hospital, "サトウ"],
    ["kana prefix (やま), clinic", clinic, "やま"],
    ["kanji prefix (山), hospital", hospital, "山"],
    ["regional ID, hospital", hospital, formatRegionalId(1)],
    ["local ID, hospital", hospital, local!.localId],
  ];
  console.log("  case                              results  p50 ms  p95 ms");
  for (const [name, actor, q] of cases) {
    for (let i = 0; i < 10; i++) await searchPatients(database.db, actor, { q });
    const { times, last } = await sampled(RUNS, () => searchPatients(database.db, actor, { q }));
    const results = last.length;
    console.log(
      `  ${name.padEnd(33)} ${String(results).padStart(7)} ${quantile(times, 0.5).toFixed(2).padStart(7)} ${quantile(times, 0.95).toFixed(2).padStart(7)}`,
    );
  }
}

console.log(`patient search: ${RUNS} runs per case after 10 warm-up, scale ${scale}, limit 50 results`);
// BENCH_BACKENDS=postgres for the 10x (prefecture) run, where seeding PGlite takes minutes
const backends = (process.env.BENCH_BACKENDS ?? "pglite,postgres").split(",");
if (backends.includes("pglite")) {
  const pglite = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(pglite);
  await run("PGlite (memory)", pglite);
  await pglite.close();
}
if (backends.includes("postgres")) {
  const pg = await createTestDatabase("postgres");
  await run("PostgreSQL via Neon driver + relay", pg);
  await pg.close();
}
