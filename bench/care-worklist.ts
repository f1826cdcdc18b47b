// A care-team member's worklist across 300 patients (issue 18), on the real PostgreSQL:
// a GP on the home-care teams of 300 patients (each team: the GP, the pharmacist,
// three visiting nurses of a station; 200 posts with replies, reads, "needs a
// reply" flags and visits per patient), beside as many patients whose teams the
// GP is not on, and the care documents a year of home care leaves at the clinic
// (monthly nursing reports from the station, tracing reports from the pharmacy).
// Timed: what the GP's pages read for it, each against the same statements by
// hand through `pg` on one connection (the floor), interleaved A, B, A, B, with
// p50/p95/p99 and the ratio:
//   - the care-team worklist page (listMyCareTeams: unread, needs reply,
//     overdue, next visit per patient; the list's audit event; unread is the
//     member row's counter, read by the floor too),
//   - the home page's care-team counts (careTeamDayCounts) and next visits
//     (listNextHomeVisits, audited),
//   - the care documents' received box (listCareDocuments, audited).
// Then whether JIT compiles any of the statements (their estimated cost against
// jit_above_cost), and EXPLAIN (ANALYZE, BUFFERS) of the slowest floor
// statement: rows read against rows returned. Asserts nothing.
// Run: npx tsx bench/care-worklist.ts   (BENCH_RUNS=100, BENCH_PATIENTS=300, BENCH_POSTS=200)
import pg from "pg";
import { sql } from "drizzle-orm";
import { queryRows } from "../server/db/client";
import { facilities, practitioners } from "../server/db/schema";
import type { Actor } from "../server/model/permissions";
import { grantConsent } from "../server/domain/consent/grant-consent";
import { listMyCareTeams } from "../server/domain/care-team/care-team-board";
import { recountUnread } from "../server/domain/care-team/care-team-unread";
import { careTeamDayCounts, listNextHomeVisits } from "../server/domain/care-team/home-visits";
import { listCareDocuments } from "../server/domain/care-documents/list-care-documents";
import { createTestDatabase } from "../tests/helpers/db";
import { actor, createNetwork, tinyPdf } from "../tests/helpers/fixtures";
import { quantile, timed } from "./helpers";

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 300);
const POSTS = Number(process.env.BENCH_POSTS ?? 200);

const database = await createTestDatabase("postgres");
const floorPool = new pg.Pool({ connectionString: database.url!, max: 1 });
try {
  const db = database.db;
  const n = await createNetwork(db);
  const gp = actor(n, "clinic.gp");
  const pharmacist = actor(n, "pharm.pharmacist");
  const clerk = actor(n, "hosp.clerk");
  const t0 = Date.now();
  const [station] = await db
    .insert(facilities)
    .values({
      code: "0630000006",
      name: "テスト訪問看護ステーション",
      nameKana: "テスト",
      kind: "visiting_nurse_station",
      role: "viewing",
    })
    .returning({ id: facilities.id });
  const [template] = await db.select().from(practitioners).limit(1);
  const nurses = await db
    .insert(practitioners)
    .values(
      [1, 2, 3].map((i) => ({
        loginId: `bench.nurse${i}`,
        passwordHash: template!.passwordHash,
        familyName: "訪問",
        givenName: `看護${i}`,
        familyNameKana: "ホウモン",
        givenNameKana: "カンゴ",
        profession: "visiting_nurse" as const,
        facilityId: station!.id,
      })),
    )
    .returning({ id: practitioners.id });

  // the GP's patients and as many others (teams of the same station and pharmacy, not the GP's)
  const made = await queryRows<{ id: string; mine: boolean }>(
    db,
    sql`insert into patients (regional_id, family_name, given_name, family_name_kana, given_name_kana, birth_date, sex,
                              search_name, search_kana)
        select 'B' || lpad(g::text, 9, '0'), '在宅' || g, '患者', 'ザイタク' || lpad(g::text, 4, '0'), 'カンジャ',
               date '1940-01-01' + (g % 7000), (array['male','female'])[1 + g % 2]::sex, '在宅' || g, 'ザイタク' || g
        from generate_series(1, ${2 * PATIENTS}) g
        returning id, (substring(regional_id from 2))::int <= ${PATIENTS} as mine`,
  );
  await db.execute(sql`
    insert into patient_local_ids (patient_id, facility_id, local_id)
    select id, ${n.facilities.hospital}, 'H' || regional_id from patients where regional_id like 'B%'`);
  for (const p of made) {
    // consent by the ordinary use case: the scope rows are what every worklist query checks
    await grantConsent(db, clerk, {
      patientId: p.id,
      obtainedOn: "2025-04-01",
      facilityIds: p.mine
        ? [n.facilities.clinic, n.facilities.pharmacy, station!.id]
        : [n.facilities.outsider, n.facilities.pharmacy, station!.id],
      document: { fileName: "consent.pdf", bytes: tinyPdf() },
    });
  }
  const mine = made.filter((p) => p.mine).map((p) => p.id);
  const others = made.filter((p) => !p.mine).map((p) => p.id);
  const outsiderGp = actor(n, "outsider.gp");
  const teamOf = (lead: Actor) => [
    { id: lead.practitionerId, facilityId: lead.facilityId },
    { id: pharmacist.practitionerId, facilityId: pharmacist.facilityId },
    ...nurses.map((x) => ({ id: x.id, facilityId: station!.id })),
  ];
  for (const [patientIds, lead] of [
    [mine, gp],
    [others, outsiderGp],
  ] as const) {
    const team = teamOf(lead);
    await db.execute(sql`
      insert into care_team_members (patient_id, practitioner_id, facility_id, added_by, added_at)
      select p, (${JSON.stringify(team)}::jsonb -> k ->> 'id')::uuid, (${JSON.stringify(team)}::jsonb -> k ->> 'facilityId')::uuid,
             ${lead.practitionerId}, now() - interval '400 days' + k * interval '1 minute'
      from unnest(${`{${patientIds.join(",")}}`}::uuid[]) p, generate_series(0, ${team.length - 1}) k`);
  }
  // posts: one in three a vital-sign entry, one in 25 needing a reply (by a nurse; every other of those
  // answered, half the rest past due), a reply under every tenth; one every 3 hours, the newest first
  await db.execute(sql`
    with m as (select patient_id, practitioner_id, facility_id,
                      row_number() over (partition by patient_id order by added_at, id) - 1 as k
               from care_team_members)
    insert into care_team_posts (patient_id, author_id, author_facility_id, author_profession, kind, body, vitals,
                                 needs_reply, reply_due_at, answered_at, client_key, created_at)
    select m.patient_id, m.practitioner_id, m.facility_id, pr.profession,
           case when g % 3 = 0 then 'vitals'::care_team_post_kind else 'note'::care_team_post_kind end,
           '訪問時の様子 ' || g,
           case when g % 3 = 0 then '{"systolic":130,"diastolic":80,"pulse":72}'::jsonb end,
           g % 25 = 3,
           case when g % 25 = 3 then now() + (case when g % 100 = 28 then -1 else 1 end) * interval '6 hours' end,
           case when g % 50 = 3 then now() - (g * 3 - 1 || ' hours')::interval end,
           'bench-' || m.patient_id || '-' || g, now() - (g * 3 || ' hours')::interval
    from generate_series(1, ${POSTS}) g
    join m on m.k = g % 5
    join practitioners pr on pr.id = m.practitioner_id`);
  await db.execute(sql`
    insert into care_team_posts (patient_id, parent_id, author_id, author_facility_id, author_profession, body, client_key, created_at)
    select p.patient_id, p.id, m.practitioner_id, m.facility_id, pr.profession, '返信', 'bench-reply-' || p.id,
           p.created_at + interval '5 minutes'
    from care_team_posts p
    join care_team_members m on m.patient_id = p.patient_id and m.practitioner_id <> p.author_id
      and m.practitioner_id in (${gp.practitionerId}, ${outsiderGp.practitionerId}, ${nurses[0]!.id})
    join practitioners pr on pr.id = m.practitioner_id
    where p.parent_id is null and (substring(p.client_key from '[0-9]+$'))::int % 10 = 0
      and (m.practitioner_id <> ${nurses[0]!.id} or p.author_id in (${gp.practitionerId}, ${outsiderGp.practitionerId}))`);
  // 既読: each member has read nine posts in ten of the others' (the newest are the unread ones)
  await db.execute(sql`
    insert into care_team_reads (post_id, practitioner_id, read_at)
    select p.id, m.practitioner_id, p.created_at + interval '1 hour'
    from care_team_posts p join care_team_members m on m.patient_id = p.patient_id
    where m.practitioner_id = p.author_id or p.created_at < now() - interval '2 days'
       or abs(hashtext(p.id::text || m.practitioner_id::text)) % 10 <> 0
    on conflict do nothing`);
  // visits: two a week for six weeks around today, by the nurses and the GP, one in eight cancelled
  await db.execute(sql`
    with m as (select patient_id, practitioner_id, facility_id,
                      row_number() over (partition by patient_id order by added_at, id) - 1 as k
               from care_team_members)
    insert into home_visits (patient_id, visitor_id, facility_id, starts_at, duration_minutes, purpose, created_by, cancelled_at)
    select m.patient_id, m.practitioner_id, m.facility_id,
           date_trunc('hour', now()) + ((g - 6) * 84 || ' hours')::interval + (abs(hashtext(m.patient_id::text)) % 8 || ' hours')::interval,
           60, '訪問', m.practitioner_id, case when g % 8 = 0 then now() end
    from generate_series(1, 12) g join m on m.k = (case when g % 4 = 0 then 0 else 2 + g % 3 end)`);
  // care documents of a year: a monthly nursing report (station -> the team's physician's facility)
  // and a tracing report every quarter (pharmacy -> same), most acknowledged; a draft or two
  await db.execute(sql`
    with leads as (select m.patient_id, m.facility_id from care_team_members m
                   join practitioners p on p.id = m.practitioner_id where p.profession = 'physician')
    insert into care_documents (kind, status, document_number, patient_id, author_id, author_facility_id,
                                recipient_facility_id, content, sent_at, replied_at, created_at, updated_at)
    select d.kind, d.status::care_document_status,
           case when d.status <> 'draft' then d.kind || '-' || l.patient_id || '-' || g end,
           l.patient_id, d.author_id, d.author_facility_id, l.facility_id, '{}'::jsonb,
           case when d.status <> 'draft' then now() - (g * 30 || ' days')::interval end,
           case when d.status = 'acknowledged' then now() - (g * 30 - 2 || ' days')::interval end,
           now() - (g * 30 + 1 || ' days')::interval, now() - (g * 30 || ' days')::interval
    from leads l, generate_series(0, 11) g,
    lateral (values
      ('nursing_report', case when g = 0 then 'draft' when g = 1 then 'sent' else 'acknowledged' end,
       ${nurses[0]!.id}::uuid, ${station!.id}::uuid, true),
      ('tracing_report', case when g = 0 then 'sent' else 'acknowledged' end,
       ${pharmacist.practitionerId}::uuid, ${pharmacist.facilityId}::uuid, g % 3 = 0)
    ) as d(kind, status, author_id, author_facility_id, made)
    where d.made`);
  // the rows went in directly: the members' unread counts (kept by the use cases) counted from them once
  await recountUnread(db);
  await db.execute(sql`vacuum analyze`);
  const [sizes] = await queryRows<{ posts: number; reads: number; visits: number; docs: number }>(
    db,
    sql`select (select count(*)::int from care_team_posts) as posts, (select count(*)::int from care_team_reads) as reads,
               (select count(*)::int from home_visits) as visits, (select count(*)::int from care_documents) as docs`,
  );
  console.log(
    `care-team member's worklist: a GP on ${PATIENTS} patients' teams (${2 * PATIENTS} teams in all); ` +
      `${sizes!.posts} posts and replies, ${sizes!.reads} reads, ${sizes!.visits} visits, ${sizes!.docs} care documents; ` +
      `written in ${Date.now() - t0} ms; ${RUNS} runs per case, interleaved with the floor (one pg connection)`,
  );

  const now = new Date();
  const q = (text: string, values: readonly unknown[]) => async () => {
    await floorPool.query(text, [...values]);
  };
  const inScope = (patient: string, facility: string) =>
    `exists(select 1 from consent_scope s where s.patient_id = ${patient} and s.facility_id = ${facility} and s.withdrawn_on is null)`;
  const statements = {
    worklist: [
      `select m.patient_id, pt.regional_id, pt.family_name, pt.given_name,
         m.unread_count as unread,
         (select count(*)::int from care_team_posts p where p.patient_id = m.patient_id and p.needs_reply and p.answered_at is null
            and p.author_id <> $1) as needs_reply,
         (select count(*)::int from care_team_posts p where p.patient_id = m.patient_id and p.needs_reply and p.answered_at is null
            and p.author_id <> $1 and p.reply_due_at < $3) as overdue,
         (select min(v.starts_at) from home_visits v where v.patient_id = m.patient_id and v.cancelled_at is null and v.starts_at > $3) as next_visit
       from care_team_members m join patients pt on pt.id = m.patient_id
       where m.practitioner_id = $1 and m.removed_at is null and ${inScope("m.patient_id", "$2")}
       order by pt.family_name_kana limit 500`,
      [gp.practitionerId, gp.facilityId, now],
    ],
    dayCounts: [
      `select count(*)::int,
         coalesce(sum(m.unread_count), 0)::int,
         coalesce(sum((select count(*)::int from care_team_posts p where p.patient_id = m.patient_id and p.needs_reply
            and p.answered_at is null and p.author_id <> $1)), 0)::int,
         coalesce(sum((select count(*)::int from care_team_posts p where p.patient_id = m.patient_id and p.needs_reply
            and p.answered_at is null and p.author_id <> $1 and p.reply_due_at < $3)), 0)::int
       from care_team_members m join patients pt on pt.id = m.patient_id
       where m.practitioner_id = $1 and m.removed_at is null and ${inScope("m.patient_id", "$2")}`,
      [gp.practitionerId, gp.facilityId, now],
    ],
    nextVisits: [
      `select v.id, v.patient_id, pt.family_name, pt.given_name, v.starts_at, v.duration_minutes, v.purpose, v.visitor_id,
              pr.family_name, pr.profession
       from home_visits v join patients pt on pt.id = v.patient_id join practitioners pr on pr.id = v.visitor_id
       join care_team_members m on m.patient_id = v.patient_id and m.practitioner_id = $1 and m.removed_at is null
       where v.cancelled_at is null and v.starts_at > $3 and ${inScope("v.patient_id", "$2")}
       order by (v.visitor_id = $1) desc, v.starts_at limit 5`,
      [gp.practitionerId, gp.facilityId, now],
    ],
    received: [
      `select d.id, d.kind, d.status, d.document_number, d.due_on, d.ends_on, d.sent_at, d.replied_at, d.updated_at,
              d.patient_id, af.name, rf.name, pt.family_name, pt.given_name,
              coalesce(${inScope("d.patient_id", "$1")}, false)
       from care_documents d join patients pt on pt.id = d.patient_id join facilities af on af.id = d.author_facility_id
       left join facilities rf on rf.id = d.recipient_facility_id
       where d.recipient_facility_id = $1 and d.status not in ('draft', 'discarded')
         and d.kind = any($2::text[])
       order by d.sent_at desc limit 200`,
      [gp.facilityId, ["tracing_report", "nursing_plan", "nursing_report", "discharge_information"]],
    ],
  } as const;
  // the floor of an audited read: the statement, then an empty transaction where ours appends its audit event
  const audited = (text: string, values: readonly unknown[]) => async () => {
    await floorPool.query(text, [...values]);
    await floorPool.query("begin");
    await floorPool.query("commit");
  };

  const worklist = await listMyCareTeams(db, gp, now);
  const counts = await careTeamDayCounts(db, gp, now);
  const docs = await listCareDocuments(db, gp, { box: "received" }, now);
  console.log(
    `  the GP's worklist: ${worklist.length} teams, ${counts.unread} unread, ${counts.needsReply} needing a reply, ` +
      `${counts.overdue} overdue; ${docs.length} received care documents listed`,
  );

  const cases: [string, () => Promise<unknown>, () => Promise<void>][] = [
    ["care-team worklist (300 rows)", () => listMyCareTeams(db, gp, now), audited(...statements.worklist)],
    ["home: care-team counts", () => careTeamDayCounts(db, gp, now), q(...statements.dayCounts)],
    ["home: next visits (5)", () => listNextHomeVisits(db, gp, { now }), audited(...statements.nextVisits)],
    [
      "care documents, received (200)",
      () => listCareDocuments(db, gp, { box: "received" }, now),
      audited(...statements.received),
    ],
  ];
  const p = (xs: number[], at: number) => quantile(xs, at).toFixed(2).padStart(7);
  console.log(
    `\n  ${"case".padEnd(31)} | ours p50     p95     p99 | floor p50     p95     p99 | ratio p50   p95   p99`,
  );
  const floorMedians: [string, number][] = [];
  for (const [name, ours, floor] of cases) {
    for (let i = 0; i < 5; i++) {
      await ours();
      await floor();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push((await timed(ours))[1]);
      b.push((await timed(floor))[1]);
    }
    a.sort((x, y) => x - y);
    b.sort((x, y) => x - y);
    floorMedians.push([name, quantile(b, 0.5)]);
    const ratio = (at: number) => (quantile(a, at) / quantile(b, at)).toFixed(2).padStart(5);
    console.log(
      `  ${name.padEnd(31)} | ${p(a, 0.5)} ${p(a, 0.95)} ${p(a, 0.99)} | ${p(b, 0.5)}   ${p(b, 0.95)} ${p(b, 0.99)} | ${ratio(0.5)} ${ratio(0.95)} ${ratio(0.99)}`,
    );
  }
  console.log(`  (n = ${RUNS} each; ratio = ours / floor; the floor carries no audit append)`);

  // whether the planner's cost estimate brings in JIT compilation (jit_above_cost) for any statement:
  // tens of ms per execution for a read of a few ms
  const jit: string[] = [];
  for (const [name, [text, values]] of Object.entries(statements)) {
    const plan = await floorPool.query<{ "QUERY PLAN": string }>(`explain (analyze, format text) ${text}`, [
      ...values,
    ]);
    const lines = plan.rows.map((r) => r["QUERY PLAN"]);
    const cost = /cost=[0-9.]+\.\.([0-9.]+)/.exec(lines[0] ?? "")?.[1] ?? "?";
    const timing = lines.find((l) => l.trim().startsWith("Timing:"))?.trim();
    jit.push(`${name}: cost ${cost}, ${timing ? `JIT ${timing}` : "no JIT"}`);
  }
  const [jitSetting] = (await floorPool.query<{ jit_above_cost: string }>("show jit_above_cost")).rows;
  console.log(`\n  JIT per statement (jit_above_cost ${jitSetting?.jit_above_cost}):`);
  for (const line of jit) console.log(`    ${line}`);

  // the slowest statement, as the planner ran it
  const slowest = floorMedians.reduce((x, y) => (y[1] > x[1] ? y : x));
  const which = cases.findIndex(([name]) => name === slowest[0]);
  const [text, values] = Object.values(statements)[which]!;
  const plan = await floorPool.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${text}`, [
    ...values,
  ]);
  console.log(`\n  EXPLAIN (ANALYZE, BUFFERS) of the slowest: ${slowest[0]}`);
  for (const row of plan.rows) console.log(`    ${row["QUERY PLAN"]}`);
} finally {
  await floorPool.end();
  await database.close();
}
