// Shared by the benchmarks: one quantile definition, the Actor of a seeded demo user, and
// timing (one call, or a table of documents rendered again and again).
import { eq, sql } from "drizzle-orm";
import type { Database, Db } from "../server/db/client";
import { practitioners } from "../server/db/schema";
import type { Actor } from "../server/model/permissions";

/** Nearest-rank quantile of an ascending list (q = 0.5 for the median, 0.95 for p95). */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function actorFor(database: Database, loginId: string): Promise<Actor> {
  const [p] = await database.db.select().from(practitioners).where(eq(practitioners.loginId, loginId));
  if (!p) throw new Error(`no seeded practitioner ${loginId}`);
  return {
    practitionerId: p.id,
    facilityId: p.facilityId,
    profession: p.profession,
    roles: p.roles,
    sessionId: null,
    ip: "",
  };
}

/** Runs `work` once and says how long it took, in milliseconds. */
export async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
}

/** Runs `work` `runs` times in turn: the durations in ms, ascending (ready for `quantile`), and the last result. */
export async function sampled<T>(
  runs: number,
  work: () => Promise<T> | T,
): Promise<{ times: number[]; last: T }> {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const [result, ms] = await timed(work);
    times.push(ms);
    last = result;
  }
  times.sort((a, b) => a - b);
  return { times, last: last as T };
}

/**
 * Times each document's `render` `runs` times after 5 warm-up calls and prints a
 * table: p50 and p95 ms per document and the median size of what it returned.
 */
export async function benchDocuments(
  documents: readonly (readonly [name: string, render: () => Promise<Uint8Array> | Uint8Array])[],
  runs: number,
): Promise<void> {
  const width = Math.max(...documents.map(([name]) => name.length));
  console.log(
    `  ${"document".padEnd(width)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"median bytes".padStart(13)}`,
  );
  for (const [name, render] of documents) {
    for (let i = 0; i < 5; i++) await render();
    const times: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [bytes, ms] = await timed(render);
      times.push(ms);
      sizes.push(bytes.length);
    }
    times.sort((a, b) => a - b);
    sizes.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(width)} ${quantile(times, 0.5).toFixed(1).padStart(7)} ${quantile(times, 0.95).toFixed(1).padStart(7)} ${String(quantile(sizes, 0.5)).padStart(13)}`,
    );
  }
}

/**
 * `total` referrals in one statement across the seeded network's clinics, hospital departments,
 * physicians and patients (every status, one in ten urgent, spread over 400 days), then VACUUM
 * ANALYZE, as autovacuum would have done by the time a list grows this long. Postgres only.
 */
export async function insertBulkReferrals(db: Db, total: number, content: unknown): Promise<void> {
  await db.execute(sql`
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
           ${JSON.stringify(content)}::jsonb,
           'B-' || g,
           now() - (g % 400) * interval '1 day',
           now() - (g % 400) * interval '1 day',
           now() - (g % 400) * interval '1 day'
    from generate_series(1, ${total}) g, clinics, depts, docs, pats`);
  await db.execute(sql`vacuum analyze referrals`);
}
