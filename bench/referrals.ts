// Referral figures on the real PostgreSQL (node-postgres), over the seeded
// reference network: send throughput with 20 concurrent senders (each send is the
// whole use case: access and consent checks, document number, transition,
// history, audit append, notifications) beside the step-by-step send and the
// same rows written by hand through `pg` (interleaved rounds, ratios), and worklist latency with 100,000
// referrals in the database, ours against its own SQL through `pg` (interleaved,
// with ratios) and each page query's EXPLAIN ANALYZE. Asserts nothing.
// Run: npx tsx bench/referrals.ts   (BENCH_REFERRALS=100000, BENCH_SENDERS=20,
// BENCH_SEND_ROUNDS=5 (0: the worklists only), BENCH_SENDS_PER_SENDER=15, BENCH_SENDS_ALONE=40)
import { and, eq, sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, queryRows } from "../server/db/client";
import { departments } from "../server/db/schema";
import type { Actor } from "../server/model/permissions";
import { seedDemoData, DEMO_PATIENTS } from "../server/demo/seed/seed-demo-data";
import { createReferral } from "../server/domain/referrals/create-referral";
import { listReferrals } from "../server/domain/referrals/list-referrals";
import { auditKeyring } from "../server/domain/audit/audit-keys";
import { facilityReferralDesk } from "../server/domain/notifications/notify";
import { sendReferral, sendReferralStepByStep } from "../server/domain/referrals/send-referral";
import { createTestDatabase } from "../tests/helpers/db";
import { actorFor, insertBulkReferrals, quantile, timed } from "./helpers";

const TOTAL = Number(process.env.BENCH_REFERRALS ?? 100_000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 20);
const PER_SENDER = Number(process.env.BENCH_SENDS_PER_SENDER ?? 15);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const SEND_ROUNDS = Number(process.env.BENCH_SEND_ROUNDS ?? 5);
const ALONE = Number(process.env.BENCH_SENDS_ALONE ?? 40);

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

  // 1. send throughput, three ways in interleaved rounds (their order turning each
  // round, so load drifts hit all three): ours (sendReferral), the step-by-step way
  // it takes for a refusal (the whole send before issue 16's rework), and the floor:
  // the same rows written by hand through `pg`, no checks, one transaction per send
  // (the document number in its own statement before it, committed as ours is).
  // Each round makes SENDERS * PER_SENDER drafts per way first, untimed, then its
  // SENDERS senders send theirs at once.
  const floorSendPool = new pg.Pool({ connectionString: created.url!, max: SENDERS });
  const desk = (await facilityReferralDesk(database.db, doctor.facilityId, null)).filter(
    (id) => id !== gp.practitionerId,
  );
  const sendByHand = async (d: { referralId: string; version: number }) => {
    const year = new Date().getFullYear();
    const counter = await floorSendPool.query<{ last: number }>(
      `insert into document_counters (facility_id, year, last)
       select $1::uuid, $2::int, 1 from (select set_config('synchronous_commit', 'off', true)) as async_commit
       on conflict (facility_id, year) do update set last = document_counters.last + 1 returning last`,
      [gp.facilityId, year],
    );
    const documentNumber = `${year}-${String(counter.rows[0]!.last).padStart(6, "0")}`;
    const client = await floorSendPool.connect();
    try {
      const now = new Date();
      await client.query("begin");
      const updated = await client.query<{
        patient_id: string;
        destination_facility_id: string;
        destination_department_id: string;
      }>(
        `update referrals set document_number = $1, status = 'sent', sent_at = $2, awaiting_since = $2,
           status_changed_at = $2, version = version + 1, updated_at = $2
         where id = $3 and version = $4
         returning patient_id, destination_facility_id, destination_department_id`,
        [documentNumber, now, d.referralId, d.version],
      );
      const r = updated.rows[0]!;
      const to = { toFacilityId: r.destination_facility_id, toDepartmentId: r.destination_department_id };
      await client.query(
        `insert into referral_events (referral_id, kind, from_status, to_status, actor_id, actor_facility_id, details, at)
         values ($1, 'send', 'draft', 'sent', $2, $3, $4, $5)`,
        [d.referralId, gp.practitionerId, gp.facilityId, to, now],
      );
      await client.query(
        `insert into audit_events (occurred_at, actor_id, actor_facility_id, patient_id, action, purpose, outcome, details, ip, key_id)
         values ($1, $2, $3, $4, 'referral.send', 'treatment', 'success', $5, $6, $7)`,
        [
          now,
          gp.practitionerId,
          gp.facilityId,
          r.patient_id,
          { referralId: d.referralId, from: "draft", to: "sent", ...to },
          gp.ip ?? "",
          auditKeyring().active.id,
        ],
      );
      await client.query(
        `insert into notifications (recipient_id, kind, referral_id, event, actor_id, urgent)
         select recipient, 'referral_received', $1, 'send', $2, false from unnest($3::uuid[]) as recipient`,
        [d.referralId, gp.practitionerId, desk],
      );
      await client.query("commit");
    } catch (err) {
      await client.query("rollback");
      throw err;
    } finally {
      client.release();
    }
  };
  const ways: Array<[string, (d: { referralId: string; version: number }) => Promise<unknown>]> = [
    ["ours (sendReferral)", (d) => sendReferral(database.db, gp, d)],
    ["step by step (before)", (d) => sendReferralStepByStep(database.db, gp, d)],
    ["floor: same rows via pg", sendByHand],
  ];
  const makeDrafts = (k: number) =>
    Promise.all(Array.from({ length: k }, () => createReferral(database.db, gp, draftInput)));
  const rates = ways.map(() => [] as number[]);
  const aloneRates = ways.map(() => [] as number[]);
  const latencies = ways.map(() => [] as number[]);
  for (let round = 0; round < SEND_ROUNDS; round++) {
    for (let k = 0; k < ways.length; k++) {
      const w = (round + k) % ways.length;
      const send = ways[w]![1];
      const drafts = await makeDrafts(SENDERS * PER_SENDER);
      const start = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: SENDERS }, async (_, s) => {
          for (const d of drafts.slice(s * PER_SENDER, (s + 1) * PER_SENDER)) {
            const t = process.hrtime.bigint();
            await send(d);
            latencies[w]!.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
        }),
      );
      rates[w]!.push(drafts.length / (Number(process.hrtime.bigint() - start) / 1e9));
      // one sender alone, for the concurrency gain
      const alone = await makeDrafts(ALONE);
      const a0 = process.hrtime.bigint();
      for (const d of alone) await send(d);
      aloneRates[w]!.push(alone.length / (Number(process.hrtime.bigint() - a0) / 1e9));
    }
  }
  await floorSendPool.end();
  const median = (xs: number[]) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.5,
    );
  console.log(
    `\nsend: ${SENDERS} concurrent senders of one clinic, ${SENDERS * PER_SENDER} sends a round, ${SEND_ROUNDS} interleaved rounds; medians over rounds\n` +
      `  ${"way".padEnd(26)} ${"sends/s".padStart(8)} ${"alone/s".padStart(8)} ${"gain".padStart(6)} | latency p50    p95 ms | ours ÷ way`,
  );
  // BENCH_SEND_ROUNDS=0: the worklists only
  for (const [w, [name]] of SEND_ROUNDS > 0 ? ways.entries() : []) {
    const lat = latencies[w]!.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(26)} ${median(rates[w]!).toFixed(1).padStart(8)} ${median(aloneRates[w]!).toFixed(1).padStart(8)} ${("×" + (median(rates[w]!) / median(aloneRates[w]!)).toFixed(2)).padStart(6)} | ${quantile(lat, 0.5).toFixed(1).padStart(11)} ${quantile(lat, 0.95).toFixed(1).padStart(6)}    | ${(median(rates[0]!) / median(rates[w]!)).toFixed(2).padStart(6)}`,
    );
  }
  console.log(
    `  each round's sends/s: ${ways.map(([name], w) => `${name}: ${rates[w]!.map((r) => r.toFixed(0)).join(", ")}`).join("; ")}`,
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
  // through a bare `pg` pool (up to three at once, then the rest; a page with rows is
  // one statement, its counts and audit event in it), interleaved A, B, A, B so noise
  // hits both sides.
  const floorPool = new pg.Pool({ connectionString: created.url!, max: 4 });
  const client = (database.db as unknown as { session: { client: pg.Pool } }).session.client;
  const capture = async (work: () => Promise<unknown>) => {
    const seen: { name?: string; text: string; values: unknown[] }[] = [];
    const original = client.query.bind(client);
    client.query = ((
      config: { name?: string; text: string; values?: unknown[] } | string,
      values?: unknown[],
    ) => {
      const text = typeof config === "string" ? config : config.text;
      const name = typeof config === "string" ? undefined : config.name;
      seen.push({ name, text, values: values ?? (typeof config === "string" ? [] : (config.values ?? [])) });
      return original(config as never, values as never);
    }) as typeof client.query;
    try {
      await work();
    } finally {
      client.query = original;
    }
    return seen;
  };
  const replay = async (statements: { name?: string; text: string; values: unknown[] }[]) => {
    const [a, b, c, ...rest] = statements;
    await Promise.all(
      [a, b, c]
        .filter(Boolean)
        .map((s) => floorPool.query({ name: s!.name, text: s!.text, values: s!.values })),
    );
    for (const s of rest) await floorPool.query({ name: s.name, text: s.text, values: s.values });
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
          each[k]!.push(
            (await timed(() => floorPool.query({ name: st.name, text: st.text, values: st.values })))[1],
          );
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
