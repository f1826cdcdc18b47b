// Referral figures on the real PostgreSQL (node-postgres), over the seeded
// reference network: send throughput with 20 concurrent senders (each send is the
// whole use case: access and consent checks, document number, transition,
// history, audit append, notifications), and worklist latency with 100,000
// referrals in the database, ours against its own SQL through `pg` (interleaved,
// with ratios) and each page query's EXPLAIN ANALYZE. Asserts nothing.
// Run: npx tsx bench/referrals.ts   (BENCH_REFERRALS=100000, BENCH_SENDERS=20)
import { and, eq, sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, queryRows } from "../server/db/client";
import { departments } from "../server/db/schema";
import type { Actor } from "../server/model/permissions";
import { seedDemoData, DEMO_PATIENTS } from "../server/demo/seed/seed-demo-data";
import { createReferral } from "../server/domain/referrals/create-referral";
import { listReferrals } from "../server/domain/referrals/list-referrals";
import { sendReferral } from "../server/domain/referrals/send-referral";
import { createTestDatabase } from "../tests/helpers/db";
import { actorFor, insertBulkReferrals, quantile, timed } from "./helpers";

const TOTAL = Number(process.env.BENCH_REFERRALS ?? 100_000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 20);
const PER_SENDER = Number(process.env.BENCH_SENDS_PER_SENDER ?? 15);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);

const letter = {
  purpose: "精査加療のお願い",
  chiefComplaint: "右上下肢の脱力",
  diagnoses: [{ name: "脳梗塞疑い", icd10: "I63.9", certainty: "suspected" }],
  presentIllness: "11月19日起床時より右上下肢の脱力と構音障害。".repeat(10),
};

const created = await createTestDatabase("postgres");
// a pool as wide as the senders, so the database (not the pool) is what is measured
const database = await openDatabase({ url: created.url!, relay: "inprocess", poolSize: SENDERS });
try {
  const t0 = Date.now();
  await seedDemoData(database.db);
  console.log(`seeded the reference network in ${Date.now() - t0} ms`);
  const gp = await actorFor(database, "gp.yamada");
  const doctor = await actorFor(database, "dr.sato");
  const [neuro] = await database.db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.facilityId, doctor.facilityId), eq(departments.acceptsReferrals, true)))
    .limit(1);
  const [patient] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from patients where regional_id = ${DEMO_PATIENTS.consented}`,
  );
  const draftInput = {
    patientId: patient!.id,
    destinationFacilityId: doctor.facilityId,
    destinationDepartmentId: neuro!.id,
    content: letter,
  };

  // 1. send throughput: drafts made first, then SENDERS senders send theirs at once
  const drafts = await Promise.all(
    Array.from({ length: SENDERS * PER_SENDER }, () => createReferral(database.db, gp, draftInput)),
  );
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, s) => {
      for (const d of drafts.slice(s * PER_SENDER, (s + 1) * PER_SENDER)) {
        const t = process.hrtime.bigint();
        await sendReferral(database.db, gp, d);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  console.log(
    `\nsend: ${drafts.length} referrals by ${SENDERS} concurrent senders in ${seconds.toFixed(2)} s = ${(drafts.length / seconds).toFixed(1)} sends/s; latency p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p95 ${quantile(latencies, 0.95).toFixed(1)} ms`,
  );
  // the same sends one at a time, for the ratio
  const serialDrafts = await Promise.all(
    Array.from({ length: 40 }, () => createReferral(database.db, gp, draftInput)),
  );
  const s0 = process.hrtime.bigint();
  for (const d of serialDrafts) await sendReferral(database.db, gp, d);
  const serialRate = serialDrafts.length / (Number(process.hrtime.bigint() - s0) / 1e9);
  console.log(
    `      one sender alone: ${serialRate.toFixed(1)} sends/s (concurrency gain ×${(drafts.length / seconds / serialRate).toFixed(2)})`,
  );

  // 2. worklists over TOTAL referrals: bulk rows across all clinics and hospitals
  const b0 = Date.now();
  await insertBulkReferrals(database.db, TOTAL, letter);
  const [inbox] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int n from referrals where destination_facility_id = ${doctor.facilityId}`,
  );
  console.log(
    `\nworklists: inserted ${TOTAL} referrals in ${Date.now() - b0} ms; the demo hospital's inbox holds ${inbox!.n}`,
  );
  const cases: Array<[string, Actor, Record<string, unknown>]> = [
    ["hospital inbox, first page", doctor, { box: "inbox" }],
    ["hospital inbox, status=sent", doctor, { box: "inbox", status: "sent" }],
    ["hospital inbox, overdue", doctor, { box: "inbox", overdue: true }],
    [
      "hospital inbox, urgent + department",
      doctor,
      { box: "inbox", priority: "urgent", departmentId: neuro!.id },
    ],
    ["clinic outbox, first page", gp, { box: "outbox" }],
  ];
  // Ours (listReferrals: validation, drizzle, the mapping, the audit append) against
  // its own SQL: the statements it issued, captured once per case and replayed
  // through a bare `pg` pool in the same shape (the first three at once, then the
  // rest), interleaved A, B, A, B so noise hits both sides.
  const floorPool = new pg.Pool({ connectionString: created.url!, max: 4 });
  const client = (database.db as unknown as { session: { client: pg.Pool } }).session.client;
  const capture = async (work: () => Promise<unknown>) => {
    const seen: { text: string; values: unknown[] }[] = [];
    const original = client.query.bind(client);
    client.query = ((config: { text: string } | string, values?: unknown[]) => {
      const text = typeof config === "string" ? config : config.text;
      seen.push({ text, values: values ?? [] });
      return original(config as never, values as never);
    }) as typeof client.query;
    try {
      await work();
    } finally {
      client.query = original;
    }
    return seen;
  };
  const replay = async (statements: { text: string; values: unknown[] }[]) => {
    const [a, b, c, ...rest] = statements;
    await Promise.all([a, b, c].filter(Boolean).map((s) => floorPool.query(s!.text, s!.values)));
    for (const s of rest) await floorPool.query(s.text, s.values);
  };
  const p = (xs: number[], q: number) => quantile(xs, q).toFixed(2).padStart(7);
  console.log(
    `\n  ${"case".padEnd(38)} ${"total".padStart(6)} | ours p50     p99 | own SQL p50  p99 | ratio p50  p99   (${RUNS} runs each, interleaved)`,
  );
  const explains: string[] = [];
  for (const [name, actor, query] of cases) {
    for (let i = 0; i < 5; i++) await listReferrals(database.db, actor, query);
    const statements = await capture(() => listReferrals(database.db, actor, query));
    for (let i = 0; i < 5; i++) await replay(statements);
    const ours: number[] = [];
    const floor: number[] = [];
    let last: Awaited<ReturnType<typeof listReferrals>> | undefined;
    for (let i = 0; i < RUNS; i++) {
      const [result, a] = await timed(() => listReferrals(database.db, actor, query));
      last = result;
      ours.push(a);
      floor.push((await timed(() => replay(statements)))[1]);
    }
    ours.sort((x, y) => x - y);
    floor.sort((x, y) => x - y);
    const ratio = (q: number) => (quantile(ours, q) / quantile(floor, q)).toFixed(2).padStart(5);
    console.log(
      `  ${name.padEnd(38)} ${String(last!.total).padStart(6)} | ${p(ours, 0.5)} ${p(ours, 0.99)} | ${p(floor, 0.5)} ${p(floor, 0.99)} | ${ratio(0.5)} ${ratio(0.99)}`,
    );
    if (name === cases[0]![0]) {
      // where the floor's time goes: each statement alone, interleaved, medians
      const each = statements.map(() => [] as number[]);
      for (let i = 0; i < RUNS; i++)
        for (const [k, st] of statements.entries())
          each[k]!.push((await timed(() => floorPool.query(st.text, st.values)))[1]);
      for (const [k, st] of statements.entries()) {
        const xs = each[k]!.sort((x, y) => x - y);
        console.log(
          `      statement ${k + 1} alone: p50 ${p(xs, 0.5)} p99 ${p(xs, 0.99)} ms  ${st.text.slice(0, 60).replace(/\s+/g, " ")}…`,
        );
      }
    }
    const plan = await floorPool.query<{ "QUERY PLAN": string }>(
      `explain (analyze, buffers) ${statements[0]!.text}`,
      statements[0]!.values,
    );
    explains.push(
      `-- ${name}: the page query (${statements.length} statements in all)\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`,
    );
  }
  console.log(`\nEXPLAIN ANALYZE of each case's page query:\n${explains.join("\n\n")}`);
  await floorPool.end();
} finally {
  await database.close();
  // BENCH_KEEP=1 leaves the database for EXPLAIN
  if (process.env.BENCH_KEEP) console.log(`kept ${created.url}`);
  else await created.close();
}
