import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { migrateDatabase, queryRows, MIGRATIONS_FOLDER } from "../../server/db/client";
import { careTeamMembers } from "../../server/db/schema";
import type { Actor } from "../../server/model/permissions";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { loadCareTeamBoard, listMyCareTeams } from "../../server/domain/care-team/care-team-board";
import { careTeamDayCounts } from "../../server/domain/care-team/home-visits";
import { resetPostingBudget } from "../../server/domain/care-team/care-team-limits";
import { addCareTeamMember, removeCareTeamMember } from "../../server/domain/care-team/manage-care-team";
import { postToCareTeam } from "../../server/domain/care-team/post-to-care-team";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, tinyPdf } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";

const key = () => randomUUID().replace(/-/g, "");

/**
 * What a member's unread count must be, counted from the posts and the read
 * receipts (written here, apart from the code under test): the posts and
 * replies of the patient written by someone else after the member joined (all
 * of them for a member of before the counter) that the member has no receipt for.
 */
async function truth(db: TestDatabase["db"], patientId: string) {
  return queryRows<{ practitionerId: string; counter: number; expected: number }>(
    db,
    sql`select m.practitioner_id as "practitionerId", m.unread_count as counter,
          (select count(*)::int from care_team_posts p
           where p.patient_id = m.patient_id and p.author_id <> m.practitioner_id
             and (m.unread_since is null or p.created_at > m.unread_since)
             and not exists (select 1 from care_team_reads r
                             where r.post_id = p.id and r.practitioner_id = m.practitioner_id)) as expected
        from care_team_members m where m.patient_id = ${patientId} order by m.practitioner_id`,
  );
}

for (const backend of BACKENDS) {
  describe(`care team unread counts (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    let gp: Actor;
    let pharmacist: Actor;
    let careManager: Actor;
    let patientId: string;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      gp = actor(n, "clinic.gp");
      pharmacist = actor(n, "pharm.pharmacist");
      careManager = actor(n, "care.manager");
      patientId = n.patients.shared;
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: gp.practitionerId });
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: pharmacist.practitionerId });
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: careManager.practitionerId });
    });
    after(() => t.close());

    const post = (who: Actor, body: string, parentId?: string) =>
      postToCareTeam(t.db, who, { patientId, clientKey: key(), body, ...(parentId ? { parentId } : {}) });
    const counter = async (who: Actor) => {
      const [row] = await t.db
        .select({ unread: careTeamMembers.unreadCount })
        .from(careTeamMembers)
        .where(
          and(
            eq(careTeamMembers.patientId, patientId),
            eq(careTeamMembers.practitionerId, who.practitionerId),
          ),
        );
      return row!.unread;
    };
    const worklistUnread = async (who: Actor) =>
      (await listMyCareTeams(t.db, who)).find((r) => r.patientId === patientId)?.unread;
    const assertCountsTrue = async () => {
      const rows = await truth(t.db, patientId);
      assert.ok(rows.length > 0);
      for (const r of rows) assert.equal(r.counter, r.expected, `member ${r.practitionerId}`);
    };

    it("counts the others' posts and the replies under them for every other member, never one's own", async () => {
      resetPostingBudget();
      const first = await post(gp, "訪問診療の予定を共有します。");
      await post(gp, "処方を変更しました。");
      await post(gp, "家族へ説明済みです。");
      await post(pharmacist, "残薬を確認しました。", first.postId);
      // gp: the pharmacist's reply; the pharmacist: the GP's three; the care manager: all four
      assert.equal(await worklistUnread(gp), 1);
      assert.equal(await worklistUnread(pharmacist), 3);
      assert.equal(await worklistUnread(careManager), 4);
      assert.equal((await careTeamDayCounts(t.db, careManager)).unread, 4);
      // a draft sent again is one post: counted once
      const clientKey = key();
      await postToCareTeam(t.db, pharmacist, { patientId, clientKey, body: "再送" });
      await postToCareTeam(t.db, pharmacist, { patientId, clientKey, body: "再送" });
      assert.equal(await worklistUnread(careManager), 5);
      assert.equal(await worklistUnread(gp), 2);
      await assertCountsTrue();
    });

    it("opening the board records the receipts of what it shows at once and takes exactly those off, once", async () => {
      resetPostingBudget();
      const tops: string[] = [];
      for (let i = 0; i < 12; i++) tops.push((await post(gp, `経過報告 ${i}`)).postId);
      await post(pharmacist, "了解しました", tops[11]);
      await post(pharmacist, "服薬カレンダーへ反映します", tops[10]);
      const before = await counter(careManager);
      assert.equal(before, 5 + 14);

      const page = await loadCareTeamBoard(t.db, careManager, { patientId, limit: 5 });
      const shown = page.posts.flatMap((p) => [p, ...p.replies]);
      assert.equal(shown.length, 7, "five posts and the two replies under them");
      assert.equal(page.unread, before - 7);
      assert.equal(await counter(careManager), before - 7);
      // the receipts per post stay: the board shows the care manager among who read each
      for (const p of shown) assert.ok(p.readBy.some((r) => r.practitionerId === careManager.practitionerId));
      const again = await loadCareTeamBoard(t.db, careManager, { patientId, limit: 5 });
      assert.equal(again.unread, before - 7, "what was read already takes nothing more off");

      // the next page opened twice at once (two tabs): its posts are taken off once
      const next = { patientId, limit: 5, before: page.posts.at(-1)!.createdAt.toISOString() };
      const [a, b] = await Promise.all([
        loadCareTeamBoard(t.db, careManager, next),
        loadCareTeamBoard(t.db, careManager, next),
      ]);
      assert.equal(a.posts.length, 5);
      assert.equal(await counter(careManager), before - 12);
      assert.ok([a.unread, b.unread].includes(before - 12));
      // the rest of the history, page by page: nothing unread is left
      let cursor: string | undefined = a.posts.at(-1)!.createdAt.toISOString();
      while (cursor) {
        const older = await loadCareTeamBoard(t.db, careManager, { patientId, limit: 5, before: cursor });
        cursor = older.hasMore ? older.posts.at(-1)!.createdAt.toISOString() : undefined;
      }
      assert.equal(await worklistUnread(careManager), 0);
      assert.equal((await careTeamDayCounts(t.db, careManager)).unread, 0);
      await assertCountsTrue();
    });

    it("a member added later starts at zero: the history is there to read, what is posted after counts", async () => {
      const doctor = actor(n, "rehab.doctor");
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: doctor.practitionerId });
      assert.equal(await worklistUnread(doctor), 0);
      // reading the history records the receipts (the team sees who read what) and takes nothing off
      const board = await loadCareTeamBoard(t.db, doctor, { patientId, limit: 3 });
      assert.ok(board.posts.length === 3);
      assert.ok(board.posts[0]!.readBy.some((r) => r.practitionerId === doctor.practitionerId));
      assert.equal(board.unread, 0);
      const { postId } = await post(gp, "リハビリ方針についてご相談です。");
      await post(pharmacist, "薬剤の追加はありません。", postId);
      assert.equal(await worklistUnread(doctor), 2);
      await post(doctor, "了解です。来週訪問します。", postId);
      assert.equal(await worklistUnread(doctor), 2, "their own reply is never unread");
      assert.equal((await loadCareTeamBoard(t.db, doctor, { patientId, limit: 3 })).unread, 0);
      await assertCountsTrue();
    });

    it("a member removed is counted no more; rejoining starts at zero again", async () => {
      await removeCareTeamMember(t.db, gp, { patientId, practitionerId: careManager.practitionerId });
      const whileOut = await counter(careManager);
      await post(gp, "ケアマネジャー不在の間の連絡");
      assert.equal(await counter(careManager), whileOut);
      assert.equal(await worklistUnread(careManager), undefined, "not on their worklist");
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: careManager.practitionerId });
      assert.equal(await worklistUnread(careManager), 0);
      await post(pharmacist, "戻られたので共有します。");
      assert.equal(await worklistUnread(careManager), 1);
      await assertCountsTrue();
    });

    it("posts, replies, joinings and boards at once leave every count equal to the posts and receipts", async () => {
      resetPostingBudget();
      const therapist = actor(n, "rehab.therapist");
      const liaison = actor(n, "rehab.liaison");
      const { postId } = await post(gp, "同時に書かれる投稿の親");
      await Promise.all([
        ...[gp, pharmacist, careManager, gp, pharmacist].map((who, i) => post(who, `同時 ${i}`)),
        ...[pharmacist, careManager].map((who) => post(who, "同時の返信", postId)),
        addCareTeamMember(t.db, gp, { patientId, practitionerId: therapist.practitionerId }),
        addCareTeamMember(t.db, pharmacist, { patientId, practitionerId: liaison.practitionerId }),
        loadCareTeamBoard(t.db, careManager, { patientId, limit: 4 }),
        loadCareTeamBoard(t.db, gp, { patientId, limit: 4 }),
      ]);
      await post(careManager, "全員へ");
      assert.ok((await worklistUnread(therapist))! >= 1);
      await assertCountsTrue();
    });

    it("a facility leaving the consent takes its member off the worklist; the count keeps to the rule", async () => {
      await withdrawConsent(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        withdrawnOn: "2026-12-01",
        facilityIds: [n.facilities.pharmacy],
        document: { fileName: "withdrawal.pdf", bytes: tinyPdf("一部撤回") },
      });
      assert.equal(await worklistUnread(pharmacist), undefined);
      assert.equal((await careTeamDayCounts(t.db, pharmacist)).unread, 0);
      const before = await counter(pharmacist);
      await post(gp, "薬局の撤回後の投稿");
      // not shown anywhere while outside the consent; should the pharmacy be added back, it is unread
      assert.equal(await counter(pharmacist), before + 1);
      await assertCountsTrue();
    });
  });

  describe(`care team unread counts: the migration counts the posts and reads already there (${backend})`, () => {
    let folder: string;
    let t: TestDatabase;
    before(() => {
      // the migrations before the counter's (0026), then the whole folder on the same database
      folder = mkdtempSync(path.join(os.tmpdir(), "okinet-migrations-"));
      cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
      const journalPath = path.join(folder, "meta", "_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
      const at = journal.entries.findIndex((e) => e.tag === "0026_care_team_unread_count");
      assert.ok(at > 0);
      for (const e of journal.entries.slice(at)) unlinkSync(path.join(folder, `${e.tag}.sql`));
      journal.entries = journal.entries.slice(0, at);
      writeFileSync(journalPath, JSON.stringify(journal));
    });
    after(async () => {
      await t?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it("keeps each member's unread as it was counted before", async () => {
      t = await createTestDatabase(backend, { migrationsFolder: folder });
      const n = await createNetwork(t.db);
      const patientId = n.patients.shared;
      const [gp, pharmacist] = [actor(n, "clinic.gp"), actor(n, "pharm.pharmacist")];
      // rows as the code before the counter wrote them (the schema of today would name the new columns)
      await t.db.execute(sql`
        insert into care_team_members (patient_id, practitioner_id, facility_id, added_by)
        values (${patientId}, ${gp.practitionerId}, ${gp.facilityId}, ${gp.practitionerId}),
               (${patientId}, ${pharmacist.practitionerId}, ${pharmacist.facilityId}, ${gp.practitionerId})`);
      await t.db.execute(sql`
        insert into care_team_posts (patient_id, author_id, author_facility_id, author_profession, body, client_key, created_at)
        select ${patientId}, case when g % 3 = 0 then ${pharmacist.practitionerId}::uuid else ${gp.practitionerId}::uuid end,
               case when g % 3 = 0 then ${pharmacist.facilityId}::uuid else ${gp.facilityId}::uuid end,
               case when g % 3 = 0 then 'pharmacist'::profession else 'physician'::profession end,
               '投稿 ' || g, 'old-' || g, now() - (g || ' hours')::interval
        from generate_series(1, 30) g`);
      await t.db.execute(sql`
        insert into care_team_posts (patient_id, parent_id, author_id, author_facility_id, author_profession, body, client_key)
        select patient_id, id, ${pharmacist.practitionerId}, ${pharmacist.facilityId}, 'pharmacist', '返信', 'reply-' || client_key
        from care_team_posts where client_key in ('old-1', 'old-2')`);
      // the authors read their own; each read some of the other's, the oldest
      await t.db.execute(sql`
        insert into care_team_reads (post_id, practitioner_id)
        select p.id, m.practitioner_id from care_team_posts p join care_team_members m on m.patient_id = p.patient_id
        where m.practitioner_id = p.author_id or p.created_at < now() - interval '20 hours 30 minutes'`);
      const [old] = await queryRows<{ gp: number; pharmacist: number }>(
        t.db,
        sql`select
          (select count(*)::int from care_team_posts p where p.author_id <> ${gp.practitionerId}
             and not exists (select 1 from care_team_reads r where r.post_id = p.id and r.practitioner_id = ${gp.practitionerId})) as gp,
          (select count(*)::int from care_team_posts p where p.author_id <> ${pharmacist.practitionerId}
             and not exists (select 1 from care_team_reads r where r.post_id = p.id and r.practitioner_id = ${pharmacist.practitionerId})) as pharmacist`,
      );
      assert.deepEqual(old, { gp: 8, pharmacist: 14 });

      await migrateDatabase(t);
      const after = await listMyCareTeams(t.db, gp);
      assert.equal(after[0]!.unread, 8);
      assert.equal((await listMyCareTeams(t.db, pharmacist))[0]!.unread, 14);
      for (const r of await truth(t.db, patientId)) assert.equal(r.counter, r.expected);
      // and the counter goes on from there
      resetPostingBudget();
      await postToCareTeam(t.db, pharmacist, { patientId, clientKey: key(), body: "移行後の投稿" });
      assert.equal((await listMyCareTeams(t.db, gp))[0]!.unread, 9);
    });
  });
}
