// Home care team board figures on the real PostgreSQL: a patient whose team has
// 20 members and 2,000 posts (a reply under every tenth, each post read by half
// the team). The board's first page (loadCareTeamBoard: access and consent
// check, members, 30 posts with their replies, photos and reads, visits, the
// reader's unread count, the audit append) and the member's unread counts
// (listMyCareTeams: unread, needing a reply, overdue, next visit; audited),
// each against the same reads written by hand through `pg` (the floor),
// interleaved A, B, A, B, with the ratio (the floor runs the same statements
// one after another on one connection, inside an empty transaction where ours
// writes its audit event). The audit append alone is timed too:
// ours carries it (HMAC hash chain under an advisory lock), the floor does not.
// Asserts nothing.  Run: npx tsx bench/care-team.ts   (BENCH_RUNS=200, BENCH_POSTS=2000)
import pg from "pg";
import { sql } from "drizzle-orm";
import { queryRows } from "../server/db/client";
import { practitioners } from "../server/db/schema";
import type { Actor } from "../server/model/permissions";
import { appendAuditEvent } from "../server/domain/audit/append-audit-event";
import { loadCareTeamBoard, listMyCareTeams } from "../server/domain/care-team/care-team-board";
import { addCareTeamMember } from "../server/domain/care-team/manage-care-team";
import { recountUnread } from "../server/domain/care-team/care-team-unread";
import { createTestDatabase } from "../tests/helpers/db";
import { actor, createNetwork } from "../tests/helpers/fixtures";
import { quantile, timed } from "./helpers";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const POSTS = Number(process.env.BENCH_POSTS ?? 2000);
const MEMBERS = 20;

const database = await createTestDatabase("postgres");
const floorPool = new pg.Pool({ connectionString: database.url!, max: 1 });
try {
  const db = database.db;
  const n = await createNetwork(db);
  const patientId = n.patients.shared;
  const gp = actor(n, "clinic.gp");
  await addCareTeamMember(db, gp, { patientId, practitionerId: gp.practitionerId });
  await addCareTeamMember(db, gp, { patientId, practitionerId: actor(n, "pharm.pharmacist").practitionerId });
  const [template] = await db.select().from(practitioners).limit(1);
  const team: Actor[] = [gp, actor(n, "pharm.pharmacist")];
  for (let i = team.length; i < MEMBERS; i++) {
    const profession = (["visiting_nurse", "nurse", "care_manager", "therapist"] as const)[i % 4]!;
    const [row] = await db
      .insert(practitioners)
      .values({
        loginId: `bench.member${i}`,
        passwordHash: template!.passwordHash,
        familyName: "在宅",
        givenName: `${i}`,
        familyNameKana: "ザイタク",
        givenNameKana: "メンバー",
        profession,
        facilityId: n.facilities.clinic,
      })
      .returning({ id: practitioners.id });
    await addCareTeamMember(db, gp, { patientId, practitionerId: row!.id });
    team.push({ ...gp, practitionerId: row!.id, profession });
  }
  // the posts, replies and reads in bulk (the use case's own writes are measured by the e2e and integration tests)
  const t0 = Date.now();
  await db.execute(sql`
    with m as (select practitioner_id, facility_id, row_number() over (order by added_at, id) - 1 as k
               from care_team_members where patient_id = ${patientId})
    insert into care_team_posts (patient_id, author_id, author_facility_id, author_profession, kind, body, vitals,
                                 needs_reply, reply_due_at, client_key, created_at)
    select ${patientId}, m.practitioner_id, m.facility_id, p.profession,
           case when g % 3 = 0 then 'vitals'::care_team_post_kind else 'note'::care_team_post_kind end,
           '訪問時の様子 ' || g,
           case when g % 3 = 0 then '{"systolic":130,"diastolic":80,"pulse":72}'::jsonb end,
           g % 50 = 0, case when g % 50 = 0 then now() - interval '1 hour' end,
           'bench-' || g, now() - (g || ' minutes')::interval
    from generate_series(1, ${POSTS}) g
    join m on m.k = g % ${MEMBERS}
    join practitioners p on p.id = m.practitioner_id`);
  await db.execute(sql`
    insert into care_team_posts (patient_id, parent_id, author_id, author_facility_id, author_profession, body, client_key, created_at)
    select patient_id, id, ${gp.practitionerId}, ${gp.facilityId}, 'physician', '返信', 'bench-reply-' || id, created_at + interval '5 minutes'
    from care_team_posts where patient_id = ${patientId} and parent_id is null and client_key like 'bench-%'
      and (substring(client_key from 7))::int % 10 = 0`);
  await db.execute(sql`
    insert into care_team_reads (post_id, practitioner_id, read_at)
    select p.id, m.practitioner_id, p.created_at + interval '1 hour'
    from care_team_posts p join care_team_members m on m.patient_id = p.patient_id
    where p.patient_id = ${patientId} and (abs(hashtext(p.id::text || m.practitioner_id::text)) % 2 = 0
      or m.practitioner_id = p.author_id)
    on conflict do nothing`);
  // the rows went in directly, dated before the members joined: the team was there before its posts
  // (every post counts), and the members' unread counts (kept by the use cases) counted from them once
  await db.execute(sql`update care_team_members set unread_since = null where patient_id = ${patientId}`);
  await recountUnread(db);
  await db.execute(sql`analyze`);
  const [{ posts, reads }] = (await queryRows<{ posts: number; reads: number }>(
    db,
    sql`select (select count(*)::int from care_team_posts) as posts, (select count(*)::int from care_team_reads) as reads`,
  )) as [{ posts: number; reads: number }];
  console.log(
    `home care team board: ${posts} posts and replies, ${reads} reads, ${MEMBERS} members, written in ${Date.now() - t0} ms; ${RUNS} runs per case, interleaved with the floor`,
  );

  // the reader: a member who has not read half the board (nothing new is read after the first call)
  const reader = team[5]!;
  const board = () => loadCareTeamBoard(db, reader, { patientId });
  const counts = () => listMyCareTeams(db, reader);

  const floorBoard = async () => {
    const c = floorPool;
    const access = await c.query<{ in_scope: boolean; member_id: string | null }>(
      `select exists(select 1 from consent_scope s where s.patient_id = p.id and s.facility_id = $2 and s.withdrawn_on is null) as in_scope,
              (select m.id from care_team_members m where m.patient_id = p.id and m.practitioner_id = $3 and m.removed_at is null) as member_id
       from patients p where p.id = $1`,
      [patientId, reader.facilityId, reader.practitionerId],
    );
    if (!access.rows[0]?.member_id) throw new Error("floor: not a member");
    await c.query(
      `select id, regional_id, family_name, given_name, family_name_kana, given_name_kana, birth_date, sex from patients where id = $1`,
      [patientId],
    );
    // the add-member picker: practitioners inside consent not on the team yet
    await c.query(
      `select pr.id, pr.family_name, pr.given_name, pr.profession, f.id, f.name, f.kind
       from practitioners pr join facilities f on f.id = pr.facility_id
       where pr.disabled_at is null and pr.profession <> 'clerk'
         and exists(select 1 from consent_scope s where s.patient_id = $1 and s.facility_id = pr.facility_id and s.withdrawn_on is null)
         and not exists(select 1 from care_team_members m where m.patient_id = $1 and m.practitioner_id = pr.id and m.removed_at is null)
       order by f.name, pr.family_name_kana limit 500`,
      [patientId],
    );
    await c.query(
      `select m.practitioner_id, pr.family_name, pr.given_name, pr.profession, f.name, f.kind
       from care_team_members m join practitioners pr on pr.id = m.practitioner_id join facilities f on f.id = m.facility_id
       where m.patient_id = $1 and m.removed_at is null
         and exists(select 1 from consent_scope s where s.patient_id = m.patient_id and s.facility_id = m.facility_id and s.withdrawn_on is null)
       order by m.added_at`,
      [patientId],
    );
    const top = await c.query<{ id: string }>(
      `select p.*, a.family_name, a.given_name, f.name as facility_name
       from care_team_posts p join practitioners a on a.id = p.author_id join facilities f on f.id = p.author_facility_id
       where p.patient_id = $1 and p.parent_id is null order by p.created_at desc, p.id desc limit 31`,
      [patientId],
    );
    const ids = top.rows.slice(0, 30).map((r) => r.id);
    const replies = await c.query<{ id: string }>(
      `select p.*, a.family_name, a.given_name, f.name as facility_name
       from care_team_posts p join practitioners a on a.id = p.author_id join facilities f on f.id = p.author_facility_id
       where p.parent_id = any($1::uuid[]) order by p.created_at`,
      [ids],
    );
    const all = [...ids, ...replies.rows.map((r) => r.id)];
    await c.query(`select * from care_team_post_photos where post_id = any($1::uuid[]) order by position`, [
      all,
    ]);
    await c.query(
      `select r.post_id, r.practitioner_id, r.read_at, p.family_name, p.given_name, p.profession
       from care_team_reads r join practitioners p on p.id = r.practitioner_id where r.post_id = any($1::uuid[]) order by r.read_at`,
      [all],
    );
    await c.query(
      `select v.*, p.family_name, f.name from home_visits v join practitioners p on p.id = v.visitor_id join facilities f on f.id = v.facility_id
       where v.patient_id = $1 and v.cancelled_at is null and v.starts_at > now() - interval '12 hours' order by v.starts_at limit 20`,
      [patientId],
    );
    // the reader's unread count: the member row's counter (care-team-unread.ts)
    await c.query(
      `select unread_count from care_team_members where patient_id = $1 and practitioner_id = $2`,
      [patientId, reader.practitionerId],
    );
    // ours writes the audit event in a transaction (the append itself is timed on its own below)
    await c.query("begin");
    await c.query("commit");
  };
  const floorCounts = async () => {
    await floorPool.query(
      `select m.patient_id, pt.regional_id, pt.family_name,
         m.unread_count as unread,
         (select count(*)::int from care_team_posts p where p.patient_id = m.patient_id and p.needs_reply and p.answered_at is null and p.author_id <> $1) as needs_reply,
         (select count(*)::int from care_team_posts p where p.patient_id = m.patient_id and p.needs_reply and p.answered_at is null and p.reply_due_at < now()) as overdue,
         (select min(v.starts_at) from home_visits v where v.patient_id = m.patient_id and v.cancelled_at is null and v.starts_at > now()) as next_visit
       from care_team_members m join patients pt on pt.id = m.patient_id
       where m.practitioner_id = $1 and m.removed_at is null
         and exists(select 1 from consent_scope s where s.patient_id = m.patient_id and s.facility_id = $2 and s.withdrawn_on is null)
       order by pt.family_name_kana limit 500`,
      [reader.practitionerId, reader.facilityId],
    );
  };
  const audit = () =>
    appendAuditEvent(db, {
      actorId: reader.practitionerId,
      actorFacilityId: reader.facilityId,
      patientId,
      action: "care_team.view",
      purpose: "treatment",
      outcome: "success",
      details: { bench: true },
      ip: "",
    });

  const first = await board();
  console.log(
    `  first page: ${first.posts.length} posts, ${first.posts.reduce((s, p) => s + p.replies.length, 0)} replies; reader's unread ${first.unread}`,
  );
  const p = (xs: number[], q: number) => quantile(xs, q).toFixed(2).padStart(7);
  console.log(`\n  ${"case".padEnd(34)} | ours p50     p95 | floor p50     p95 | ratio p50   p95`);
  const cases: [string, () => Promise<unknown>, () => Promise<void>][] = [
    ["board, first page (30 posts)", board, floorBoard],
    ["unread / needs reply / overdue", counts, floorCounts],
  ];
  for (const [name, ours, floor] of cases) {
    for (let i = 0; i < 10; i++) {
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
    const ratio = (q: number) => (quantile(a, q) / quantile(b, q)).toFixed(2).padStart(5);
    console.log(
      `  ${name.padEnd(34)} | ${p(a, 0.5)} ${p(a, 0.95)} | ${p(b, 0.5)}   ${p(b, 0.95)} | ${ratio(0.5)} ${ratio(0.95)}`,
    );
  }
  const auditTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) auditTimes.push((await timed(audit))[1]);
  auditTimes.sort((x, y) => x - y);
  console.log(
    `  ${"(the audit append alone, in ours)".padEnd(34)} | ${p(auditTimes, 0.5)} ${p(auditTimes, 0.95)} |`,
  );
} finally {
  await floorPool.end();
  await database.close();
}
