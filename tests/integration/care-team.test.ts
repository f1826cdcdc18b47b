import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { and, count, desc, eq } from "drizzle-orm";
import {
  attachments,
  auditEvents,
  careTeamMembers,
  careTeamPosts,
  facilities,
  notifications,
  practitioners,
} from "../../server/db/schema";
import type { Actor } from "../../server/model/permissions";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { loadCareTeamBoard, listMyCareTeams } from "../../server/domain/care-team/care-team-board";
import {
  spendPostingBudget,
  resetPostingBudget,
  CARE_TEAM_LIMITS,
} from "../../server/domain/care-team/care-team-limits";
import { getCareTeamPhoto, CARE_TEAM_PHOTO_MAX_BYTES } from "../../server/domain/care-team/care-team-photos";
import { addCareTeamMember, removeCareTeamMember } from "../../server/domain/care-team/manage-care-team";
import { postToCareTeam } from "../../server/domain/care-team/post-to-care-team";
import { listNextHomeVisits, scheduleHomeVisit } from "../../server/domain/care-team/home-visits";
import { onCareTeamChanged } from "../../server/domain/care-team/care-team-events";
import { loadDayWork } from "../../server/domain/worklist/day-work";
import { cancelInstruction } from "../../server/domain/nursing-instructions/cancel-instruction";
import { createInstruction } from "../../server/domain/nursing-instructions/create-instruction";
import { tokyoToday } from "../../server/domain/nursing-instructions/instruction-status";
import { saveInstructionDraft } from "../../server/domain/nursing-instructions/save-instruction-draft";
import { sendInstruction } from "../../server/domain/nursing-instructions/send-instruction";
import { completeInstruction } from "../helpers/nursing-instruction-content";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { auditedRead } from "../helpers/audit";
import { textOf } from "../helpers/messages";
import { actor, fakeExecutable, tinyPdf } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";

/** A phone photo as cameras write it: EXIF with the camera and the GPS position of the patient's home. */
async function phonePhoto(): Promise<Uint8Array> {
  const buffer = await sharp({
    create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 120, b: 110 } },
  })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneMaker", Model: "Pocket 15", Copyright: "KAZUKO-HOME" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "38/1 3/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "140/1 7/1 0/1",
      },
    })
    .toBuffer();
  return new Uint8Array(buffer);
}

const key = () => randomUUID().replace(/-/g, "");

for (const backend of BACKENDS) {
  describe(`home care team board (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    let gp: Actor;
    let pharmacist: Actor;
    let careManager: Actor;
    let nurse: Actor;
    let station: string;
    let patientId: string;
    let nursePostId: string;
    const changes: { patientId: string; recipientIds: string[] }[] = [];
    let unsubscribe: () => void;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      gp = actor(n, "clinic.gp");
      pharmacist = actor(n, "pharm.pharmacist");
      careManager = actor(n, "care.manager");
      patientId = n.patients.shared;
      // a visiting-nurse station outside the consent for now
      const [s] = await t.db
        .insert(facilities)
        .values({
          code: "0630000009",
          name: "テスト訪問看護ステーション",
          nameKana: "テスト",
          kind: "visiting_nurse_station",
          role: "viewing",
        })
        .returning({ id: facilities.id });
      station = s!.id;
      const [doctorRow] = await t.db.select().from(practitioners).limit(1);
      const [vn] = await t.db
        .insert(practitioners)
        .values({
          loginId: "vn.nurse",
          passwordHash: doctorRow!.passwordHash,
          familyName: "訪看",
          givenName: "花子",
          familyNameKana: "ホウカン",
          givenNameKana: "ハナコ",
          profession: "visiting_nurse",
          facilityId: station,
        })
        .returning({ id: practitioners.id });
      nurse = {
        practitionerId: vn!.id,
        facilityId: station,
        profession: "visiting_nurse",
        roles: ["staff"],
        sessionId: null,
        ip: "127.0.0.1",
      };
      resetPostingBudget();
      unsubscribe = onCareTeamChanged((c) => changes.push(c));
    });
    after(async () => {
      unsubscribe();
      await t.close();
    });

    const rows = async () => {
      const [posts] = await t.db.select({ n: count() }).from(careTeamPosts);
      const [files] = await t.db.select({ n: count() }).from(attachments);
      const [members] = await t.db.select({ n: count() }).from(careTeamMembers);
      return { posts: posts!.n, files: files!.n, members: members!.n };
    };

    it("starts with the GP adding herself; a non-member inside consent and an outsider are refused", async () => {
      // no team yet: a pharmacist cannot found it, the GP can, and only by adding herself first
      await assert.rejects(
        addCareTeamMember(t.db, pharmacist, { patientId, practitionerId: pharmacist.practitionerId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        addCareTeamMember(t.db, gp, { patientId, practitionerId: pharmacist.practitionerId }),
        expectDomainError("VALIDATION", "practitionerId"),
      );
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: gp.practitionerId });
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: pharmacist.practitionerId });
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: careManager.practitionerId });
      const board = await loadCareTeamBoard(t.db, gp, { patientId });
      assert.deepEqual(board.members.map((m) => m.profession).sort(), [
        "care_manager",
        "pharmacist",
        "physician",
      ]);
      await assert.rejects(
        loadCareTeamBoard(t.db, actor(n, "hosp.doctor"), { patientId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        loadCareTeamBoard(t.db, actor(n, "outsider.gp"), { patientId }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      const [denied] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "care_team.view"), eq(auditEvents.outcome, "denied")));
      assert.equal(denied!.n, 2, "both refusals audited");
    });

    it("refuses a member from a facility outside consent, naming it; 連携先追加 then lets the station's nurse join", async () => {
      const before = await rows();
      await assert.rejects(
        addCareTeamMember(t.db, gp, { patientId, practitionerId: actor(n, "outsider.gp").practitionerId }),
        expectDomainError("VALIDATION", "practitionerId"),
      );
      await assert.rejects(
        addCareTeamMember(t.db, gp, { patientId, practitionerId: nurse.practitionerId }),
        (e: unknown) => {
          expectDomainError("VALIDATION", "practitionerId")(e);
          assert.match(
            textOf((e as { fields: { message: string }[] }).fields[0]!),
            /テスト訪問看護ステーション/,
          );
          return true;
        },
      );
      assert.deepEqual(await rows(), before, "nothing written");
      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        effectiveOn: "2026-11-01",
        facilityIds: [station],
        document: { fileName: "consent-added.pdf", bytes: tinyPdf("連携先追加 訪問看護") },
      });
      await addCareTeamMember(t.db, gp, { patientId, practitionerId: nurse.practitionerId });
      const board = await loadCareTeamBoard(t.db, nurse, { patientId });
      assert.ok(board.isMember);
      assert.ok(board.members.some((m) => m.facilityKind === "visiting_nurse_station"));
    });

    it("posts vitals with a phone photo, EXIF and location stripped, and notifies the GP and the pharmacists mentioned", async () => {
      changes.length = 0;
      const photo = await phonePhoto();
      assert.ok(Buffer.from(photo).includes("PhoneMaker"), "the test photo carries EXIF");
      const due = new Date(Date.now() + 2 * 3600_000).toISOString();
      const { postId, duplicate } = await postToCareTeam(
        t.db,
        nurse,
        {
          patientId,
          clientKey: key(),
          body: "仙骨部の褥瘡、発赤あり。写真を添付します。",
          vitals: { systolic: 138, diastolic: 82, pulse: 76, spo2: 96, temperature: 36.8, weight: 48.2 },
          dailyLiving: { meals: "朝食 8割", sleep: "夜間2回覚醒" },
          needsReply: true,
          replyDueAt: due,
          mentionPractitionerIds: [gp.practitionerId],
          mentionProfessions: ["pharmacist"],
        },
        [{ fileName: "IMG_0001.JPG", bytes: photo }],
      );
      assert.equal(duplicate, false);
      nursePostId = postId;
      // the other members' pages hear of it, ids only
      assert.deepEqual(
        changes.map((c) => c.patientId),
        [patientId],
      );
      assert.deepEqual(
        new Set(changes[0]!.recipientIds),
        new Set([gp.practitionerId, pharmacist.practitionerId, careManager.practitionerId]),
      );
      const told = await t.db
        .select({
          recipientId: notifications.recipientId,
          kind: notifications.kind,
          urgent: notifications.urgent,
        })
        .from(notifications)
        .where(eq(notifications.careTeamPostId, postId));
      assert.deepEqual(
        new Set(told.map((r) => r.recipientId)),
        new Set([gp.practitionerId, pharmacist.practitionerId]),
      );
      assert.ok(told.every((r) => r.kind === "care_team_mention" && r.urgent));

      const board = await loadCareTeamBoard(t.db, gp, { patientId });
      const post = board.posts.find((p) => p.id === postId)!;
      assert.equal(post.kind, "vitals");
      assert.equal(post.vitals?.temperature, 36.8);
      assert.equal(post.photos.length, 1);
      const full = await getCareTeamPhoto(t.db, gp, patientId, post.photos[0]!.attachmentId, "full");
      const thumb = await getCareTeamPhoto(t.db, gp, patientId, post.photos[0]!.thumbnailId, "thumbnail");
      assert.equal(full.mediaType, "image/jpeg");
      assert.equal(thumb.mediaType, "image/webp");
      const meta = await sharp(full.content).metadata();
      assert.equal(meta.exif, undefined, "no EXIF kept");
      assert.ok(!full.content.includes("PhoneMaker") && !full.content.includes("KAZUKO-HOME"));
      const thumbMeta = await sharp(thumb.content).metadata();
      assert.ok(Math.max(thumbMeta.width, thumbMeta.height) <= 320);
      // a photo of this post through another patient's board: not found
      await assert.rejects(
        getCareTeamPhoto(t.db, gp, n.patients.withdrawn, post.photos[0]!.attachmentId, "full"),
        (e: unknown) => ["CONSENT_REQUIRED", "NOT_FOUND", "FORBIDDEN"].includes((e as { code: string }).code),
      );
    });

    it("shows who has read a post (既読), counts unread per member, and threads replies that answer it", async () => {
      const nurseBoard = await loadCareTeamBoard(t.db, nurse, { patientId });
      const post = nurseBoard.posts.find((p) => p.id === nursePostId)!;
      assert.deepEqual(
        post.readBy.map((r) => r.practitionerId),
        [gp.practitionerId],
        "the GP opened the board; the others have not",
      );
      const { result: cm, event } = await auditedRead(
        t.db,
        careManager.practitionerId,
        "care_team.worklist",
        () => listMyCareTeams(t.db, careManager),
      );
      assert.deepEqual(
        event.details.patientIds,
        cm.map((r) => r.patientId),
      );
      assert.equal(cm[0]!.unread, 1);
      assert.equal(cm[0]!.needsReply, 1);
      const work = await loadDayWork(t.db, careManager);
      assert.equal(work.find((w) => w.kind === "careTeamUnread")?.count, 1);

      const { postId: replyId } = await postToCareTeam(t.db, gp, {
        patientId,
        parentId: nursePostId,
        clientKey: key(),
        body: "ゲーベンクリームを処方します。明日の訪問で塗布をお願いします。",
      });
      const [parent] = await t.db.select().from(careTeamPosts).where(eq(careTeamPosts.id, nursePostId));
      assert.ok(parent!.answeredAt, "the GP's reply answers the request");
      assert.equal(parent!.replyCount, 1);
      const [replyNote] = await t.db
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.recipientId, nurse.practitionerId), eq(notifications.kind, "care_team_reply")),
        );
      assert.equal(replyNote!.careTeamPostId, nursePostId);
      const heardBefore = changes.length;
      const again = await loadCareTeamBoard(t.db, nurse, { patientId });
      // the nurse read the GP's reply: the GP's page hears of the 既読, the rest of the team's do not reload
      assert.deepEqual(
        changes.slice(heardBefore).map((c) => c.recipientIds),
        [[gp.practitionerId]],
      );
      const thread = again.posts.find((p) => p.id === nursePostId)!;
      assert.deepEqual(
        thread.replies.map((r) => r.id),
        [replyId],
      );
      assert.deepEqual(
        thread.replies[0]!.readBy.map((r) => r.practitionerId),
        [nurse.practitionerId],
      );
      assert.equal((await listMyCareTeams(t.db, careManager))[0]!.needsReply, 0);
    });

    it("stores a draft sent twice once (the device's key)", async () => {
      const clientKey = key();
      const draft = { patientId, clientKey, body: "電波が悪い場所からの送信", vitals: { pulse: 80 } };
      const first = await postToCareTeam(t.db, nurse, draft);
      const [second, third] = await Promise.all([
        postToCareTeam(t.db, nurse, draft),
        postToCareTeam(t.db, nurse, draft),
      ]);
      assert.equal(second.postId, first.postId);
      assert.equal(third.postId, first.postId);
      assert.ok(second.duplicate && third.duplicate);
      const [stored] = await t.db
        .select({ n: count() })
        .from(careTeamPosts)
        .where(eq(careTeamPosts.clientKey, clientKey));
      assert.equal(stored!.n, 1);
    });

    it("refuses impossible vitals, oversize or disguised photos and strangers mentioned, naming the field, writing nothing", async () => {
      const before = await rows();
      const post = (extra: Record<string, unknown>, photos: { fileName: string; bytes: Uint8Array }[] = []) =>
        postToCareTeam(t.db, nurse, { patientId, clientKey: key(), body: "測定", ...extra }, photos);
      await assert.rejects(
        post({ vitals: { systolic: 400, diastolic: 80 } }),
        expectDomainError("VALIDATION", "vitals.systolic"),
      );
      await assert.rejects(
        post({ vitals: { systolic: 120, diastolic: 130 } }),
        expectDomainError("VALIDATION", "vitals.diastolic"),
      );
      await assert.rejects(
        post({ vitals: { temperature: 365 } }),
        expectDomainError("VALIDATION", "vitals.temperature"),
      );
      await assert.rejects(post({ vitals: { spo2: 101 } }), expectDomainError("VALIDATION", "vitals.spo2"));
      await assert.rejects(
        post({ vitals: { weight: "重い" } }),
        expectDomainError("VALIDATION", "vitals.weight"),
      );
      await assert.rejects(post({ needsReply: true }), expectDomainError("VALIDATION", "replyDueAt"));
      await assert.rejects(
        post({ mentionPractitionerIds: [actor(n, "outsider.gp").practitionerId] }),
        expectDomainError("VALIDATION", "mentionPractitionerIds"),
      );
      const big = new Uint8Array(CARE_TEAM_PHOTO_MAX_BYTES + 1);
      big.set([0xff, 0xd8, 0xff]);
      await assert.rejects(
        post({}, [{ fileName: "big.jpg", bytes: big }]),
        expectDomainError("PAYLOAD_TOO_LARGE", "photos.0"),
      );
      await assert.rejects(
        post({}, [{ fileName: "wound.jpg", bytes: fakeExecutable() }]),
        expectDomainError("UNSUPPORTED_MEDIA_TYPE", "photos.0"),
      );
      // JPEG's first bytes, then no image at all
      const disguised = new Uint8Array(4096);
      disguised.set([0xff, 0xd8, 0xff, 0xe0]);
      await assert.rejects(
        post({}, [
          { fileName: "wound.jpg", bytes: await phonePhoto() },
          { fileName: "x.jpg", bytes: disguised },
        ]),
        expectDomainError("UNSUPPORTED_MEDIA_TYPE", "photos.1"),
      );
      await assert.rejects(
        post({}, [{ fileName: "consent.jpg", bytes: tinyPdf() }]),
        expectDomainError("UNSUPPORTED_MEDIA_TYPE", "photos.0"),
      );
      assert.deepEqual(await rows(), before, "nothing written");
    });

    it("plans home visits the team sees, and the next visits reach each member's home page", async () => {
      const startsAt = new Date(Date.now() + 26 * 3600_000).toISOString();
      await assert.rejects(
        scheduleHomeVisit(t.db, nurse, {
          patientId,
          visitorId: actor(n, "hosp.doctor").practitionerId,
          startsAt,
          durationMinutes: 60,
        }),
        expectDomainError("VALIDATION", "visitorId"),
      );
      await scheduleHomeVisit(t.db, nurse, {
        patientId,
        visitorId: nurse.practitionerId,
        startsAt,
        durationMinutes: 60,
        purpose: "褥瘡処置",
      });
      const board = await loadCareTeamBoard(t.db, careManager, { patientId });
      assert.equal(board.visits.length, 1);
      const { result: gpVisits, event } = await auditedRead(
        t.db,
        gp.practitionerId,
        "care_team.worklist",
        () => listNextHomeVisits(t.db, gp),
      );
      assert.deepEqual(event.details, { patientIds: [patientId], visits: 1 });
      assert.equal(gpVisits.length, 1);
      assert.equal(gpVisits[0]!.purpose, "褥瘡処置");
      assert.equal((await listNextHomeVisits(t.db, actor(n, "hosp.doctor"))).length, 0);
    });

    it("shows the visiting-nurse instructions in force to the members who may see them, with the days left; audited with the board; gone once cancelled", async () => {
      const today = tokyoToday();
      const inDays = (d: number) =>
        new Date(Date.parse(`${today}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
      const draft = await createInstruction(t.db, gp, { patientId, stationFacilityId: station });
      const saved = await saveInstructionDraft(t.db, gp, {
        instructionId: draft.instructionId,
        revision: draft.revision,
        stationFacilityId: station,
        content: completeInstruction(inDays(-3), inDays(20)),
      });
      const sent = await sendInstruction(t.db, gp, {
        instructionId: draft.instructionId,
        revision: saved.revision,
      });
      // an unsent draft is on nobody's board
      await createInstruction(t.db, gp, { patientId, kind: "special", stationFacilityId: station });

      for (const member of [gp, nurse]) {
        const board = await loadCareTeamBoard(t.db, member, { patientId });
        assert.deepEqual(
          board.instructions.map((i) => [
            i.id,
            i.kind,
            i.stationName,
            i.periodStart,
            i.periodEnd,
            i.daysLeft,
          ]),
          [[draft.instructionId, "regular", "テスト訪問看護ステーション", inDays(-3), inDays(20), 20]],
        );
        const [audit] = await t.db
          .select({ details: auditEvents.details })
          .from(auditEvents)
          .where(
            and(eq(auditEvents.action, "care_team.view"), eq(auditEvents.actorId, member.practitionerId)),
          )
          .orderBy(desc(auditEvents.seq))
          .limit(1);
        assert.deepEqual((audit!.details as { instructionIds: string[] }).instructionIds, [
          draft.instructionId,
        ]);
      }
      // the pharmacy and the care manager neither wrote it nor carry it out: as on the patient page, not theirs
      for (const member of [pharmacist, careManager]) {
        assert.deepEqual((await loadCareTeamBoard(t.db, member, { patientId })).instructions, []);
      }

      await cancelInstruction(t.db, gp, {
        instructionId: draft.instructionId,
        revision: sent.revision,
        reason: "入院のため",
      });
      for (const member of [gp, nurse]) {
        assert.deepEqual((await loadCareTeamBoard(t.db, member, { patientId })).instructions, []);
      }
    });

    it("a facility withdrawn from the consent leaves the team at once; its posts stay, attributed", async () => {
      const { postId } = await postToCareTeam(t.db, pharmacist, {
        patientId,
        clientKey: key(),
        body: "残薬が多く、服薬カレンダーを導入しました。",
      });
      await withdrawConsent(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        withdrawnOn: "2026-12-01",
        facilityIds: [n.facilities.pharmacy],
        document: { fileName: "withdrawal.pdf", bytes: tinyPdf("一部撤回") },
      });
      await assert.rejects(
        loadCareTeamBoard(t.db, pharmacist, { patientId }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        postToCareTeam(t.db, pharmacist, { patientId, clientKey: key(), body: "まだ書けますか" }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      assert.equal((await listMyCareTeams(t.db, pharmacist)).length, 0);
      const board = await loadCareTeamBoard(t.db, gp, { patientId });
      assert.ok(!board.members.some((m) => m.practitionerId === pharmacist.practitionerId));
      const kept = board.posts.find((p) => p.id === postId)!;
      assert.equal(kept.authorProfession, "pharmacist");
      assert.equal(kept.authorFacilityName, "テスト薬局");
      // and a mention of them is refused now
      await assert.rejects(
        postToCareTeam(t.db, gp, {
          patientId,
          clientKey: key(),
          body: "薬局へ",
          mentionPractitionerIds: [pharmacist.practitionerId],
        }),
        expectDomainError("VALIDATION", "mentionPractitionerIds"),
      );
      // removing a member is audited; their posts stay too
      await removeCareTeamMember(t.db, gp, { patientId, practitionerId: careManager.practitionerId });
      await assert.rejects(
        loadCareTeamBoard(t.db, careManager, { patientId }),
        expectDomainError("FORBIDDEN"),
      );
      const [audited] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "care_team.member_remove"), eq(auditEvents.patientId, patientId)));
      assert.equal(audited!.n, 1);
    });

    it("audits every post as patient-data access", async () => {
      const posted = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.patientId, patientId),
            eq(auditEvents.action, "care_team.post"),
            eq(auditEvents.outcome, "success"),
          ),
        );
      const [stored] = await t.db
        .select({ n: count() })
        .from(careTeamPosts)
        .where(and(eq(careTeamPosts.patientId, patientId)));
      const [replies] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.patientId, patientId), eq(auditEvents.action, "care_team.reply")));
      assert.equal(posted[0]!.n + replies!.n, stored!.n);
    });
  });
}

describe("posting budget", () => {
  it("refuses a person's post past the per-minute budget", async () => {
    resetPostingBudget();
    const someone = { practitionerId: randomUUID() } as Actor;
    for (let i = 0; i < CARE_TEAM_LIMITS.posts.points; i++) await spendPostingBudget(someone, 0);
    await assert.rejects(spendPostingBudget(someone, 0), expectDomainError("RATE_LIMITED"));
    // someone else is not affected
    await spendPostingBudget({ practitionerId: randomUUID() } as Actor, 1);
    resetPostingBudget();
  });
});
