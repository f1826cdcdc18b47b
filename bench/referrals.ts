// Referral figures on the real PostgreSQL (Neon driver + relay), over the seeded
// reference network: send throughput with 20 concurrent senders (each send is the
// whole use case: access and consent checks, document number, transition,
// history, audit append, notifications), and worklist latency with 100,000
// referrals in the database. Prints medians and p95; asserts nothing.
// Run: npx tsx bench/referrals.ts   (BENCH_REFERRALS=100000, BENCH_SENDERS=20)
import { and, eq, sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../server/db/client";
import { departments } from "../server/db/schema";
import type { Actor } from "../server/auth/permissions";
import { seedDemoData, DEMO_PATIENTS } from "../server/db/seed/seed-demo-data";
import { createReferral } from "../server/domain/referrals/create-referral";
import { listReferrals } from "../server/domain/referrals/list-referrals";
import { sendReferral } from "../server/domain/referrals/send-referral";
import { createTestDatabase } from "../tests/helpers/db";
import { actorFor, quantile, sampled } from "./helpers";

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
  await database.db.execute(sql`
    with clinics as (select array_agg(id) ids from facilities where kind = 'medical_clinic'),
         depts as (select array_agg(d.id) ids, array_agg(d.facility_id) fids from departments d where d.accepts_referrals),
         docs as (select array_agg(id) ids from practitioners where profession = 'physician'),
         pats as (select array_agg(id) ids from patients)
    insert into referrals (status, priority, patient_id, referrer_id, referrer_facility_id, destination_facility_id,
                           destination_department_id, content, document_number, sent_at, awaiting_since, status_changed_at)
    select (array['sent','received','accepted','declined','interim_report','completed','cancelled','forwarded'])[1 + (g % 8)]::referral_status,
           (case when g % 10 = 0 then 'urgent' else 'routine' end)::referral_priority,
           pats.ids[1 + (g * 7919) % array_length(pats.ids, 1)],
           docs.ids[1 + g % array_length(docs.ids, 1)],
           clinics.ids[1 + g % array_length(clinics.ids, 1)],
           depts.fids[1 + (g * 31) % array_length(depts.ids, 1)],
           depts.ids[1 + (g * 31) % array_length(depts.ids, 1)],
           ${JSON.stringify(letter)}::jsonb,
           'B-' || g,
           now() - (g % 400) * interval '1 day',
           now() - (g % 400) * interval '1 day',
           now() - (g % 400) * interval '1 day'
    from generate_series(1, ${TOTAL}) g, clinics, depts, docs, pats`);
  // as autovacuum would have done by the time a list grows this long
  await database.db.execute(sql`vacuum analyze referrals`);
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
  console.log("  case                                   total   p50 ms  p95 ms");
  for (const [name, actor, query] of cases) {
    for (let i = 0; i < 5; i++) await listReferrals(database.db, actor, query);
    const { times, last } = await sampled(RUNS, () => listReferrals(database.db, actor, query));
    const total = last.total;
    console.log(
      `  ${name.padEnd(38)} ${String(total).padStart(6)} ${quantile(times, 0.5).toFixed(2).padStart(8)} ${quantile(times, 0.95).toFixed(2).padStart(7)}`,
    );
  }
} finally {
  await database.close();
  // BENCH_KEEP=1 leaves the database for EXPLAIN
  if (process.env.BENCH_KEEP) console.log(`kept ${created.url}`);
  else await created.close();
}
