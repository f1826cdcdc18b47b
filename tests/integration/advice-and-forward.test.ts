import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { departments, notifications, practitioners, referralEvents, referrals } from "../../server/db/schema";
import {
  answerAdvice,
  askAdvice,
  convertAdviceToReferral,
  listAdviceRequests,
  referFromAdvice,
  routeAdvice,
} from "../../server/domain/referrals/advice-requests";
import { getReferral } from "../../server/domain/referrals/get-referral";
import { declineReferral, forwardReferral } from "../../server/domain/referrals/respond-to-referral";
import { copyReferral, createReferral } from "../../server/domain/referrals/create-referral";
import { saveReferralDraft } from "../../server/domain/referrals/save-referral-draft";
import { sendReferral } from "../../server/domain/referrals/send-referral";
import type { Actor } from "../../server/model/permissions";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

/** Issue 20, defects 5, 6 and 7: advice reaches those who can answer; advice to referral; forward state. */
for (const backend of BACKENDS) {
  describe(`advice requests and forwarding (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let neurology: string;
    let orthopaedics: string;
    let liaison: Actor;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      const rows = await t.db
        .insert(departments)
        .values([
          { facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true },
          { facilityId: n.facilities.hospital, name: "整形外科", acceptsReferrals: true },
        ])
        .returning({ id: departments.id });
      neurology = rows[0]!.id;
      orthopaedics = rows[1]!.id;
      const [row] = await t.db
        .insert(practitioners)
        .values({
          loginId: "hosp.liaison",
          passwordHash: "x",
          familyName: "連携",
          givenName: "花子",
          familyNameKana: "レンケイ",
          givenNameKana: "ハナコ",
          profession: "liaison",
          facilityId: n.facilities.hospital,
        })
        .returning({ id: practitioners.id });
      liaison = {
        practitionerId: row!.id,
        facilityId: n.facilities.hospital,
        profession: "liaison",
        roles: ["staff"],
        sessionId: null,
        ip: "127.0.0.1",
      };
    });
    after(async () => t.close());

    const toldOf = async (recipientId: string, adviceRequestId: string) =>
      (
        await t.db
          .select({ kind: notifications.kind, event: notifications.event })
          .from(notifications)
          .where(
            and(
              eq(notifications.recipientId, recipientId),
              eq(notifications.adviceRequestId, adviceRequestId),
            ),
          )
      ).map((r) => `${r.kind}.${r.event}`);

    const ask = (question: string) =>
      askAdvice(t.db, actor(n, "clinic.gp"), {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
        question,
      });

    it("tells the doctors who can answer, and lets the liaison office route the request to one", async () => {
      const doctor = actor(n, "hosp.doctor");
      const { adviceRequestId } = await ask("頭部MRIの適応について");
      assert.deepEqual(await toldOf(doctor.practitionerId, adviceRequestId), ["advice_asked.ask"]);
      assert.deepEqual(await toldOf(liaison.practitionerId, adviceRequestId), ["advice_asked.ask"]);

      await assert.rejects(
        routeAdvice(t.db, actor(n, "hosp.clerk"), { adviceRequestId, practitionerId: doctor.practitionerId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        routeAdvice(t.db, liaison, { adviceRequestId, practitionerId: actor(n, "clinic.gp").practitionerId }),
        expectDomainError("VALIDATION", "practitionerId"),
      );
      await routeAdvice(t.db, liaison, { adviceRequestId, practitionerId: doctor.practitionerId });
      assert.deepEqual((await toldOf(doctor.practitionerId, adviceRequestId)).sort(), [
        "advice_asked.ask",
        "advice_asked.route",
      ]);
      const [line] = (await listAdviceRequests(t.db, liaison)).filter((x) => x.advice.id === adviceRequestId);
      assert.equal(line?.assigneeName, "試験 hosp.doctor");
    });

    it("shows who answered and when, and writes the referral from the answer in one step, as the GP's", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const { adviceRequestId } = await ask("紹介の要否について");
      await assert.rejects(
        referFromAdvice(t.db, gp, { adviceRequestId }),
        expectDomainError("INVALID_TRANSITION"),
      );
      await answerAdvice(t.db, doctor, { adviceRequestId, answer: "一度ご紹介ください" });
      const [answered] = (await listAdviceRequests(t.db, gp)).filter((x) => x.advice.id === adviceRequestId);
      assert.equal(answered?.answererName, "試験 hosp.doctor");
      assert.ok(answered?.advice.answeredAt instanceof Date);

      await assert.rejects(
        referFromAdvice(t.db, doctor, { adviceRequestId }),
        expectDomainError("FORBIDDEN"),
      );
      const { referralId } = await referFromAdvice(t.db, gp, { adviceRequestId });
      const [letter] = await t.db.select().from(referrals).where(eq(referrals.id, referralId));
      assert.equal(letter!.referrerId, gp.practitionerId);
      assert.equal(letter!.destinationPractitionerId, doctor.practitionerId);
      assert.equal(letter!.adviceRequestId, adviceRequestId);
      assert.equal(letter!.content.purpose, "紹介の要否について");
      assert.ok(!letter!.content.remarks, "the answer is not pasted into the letter");
      const [after] = (await listAdviceRequests(t.db, gp)).filter((x) => x.advice.id === adviceRequestId);
      assert.equal(after?.referralStatus, "draft", "the entry shows the letter's status");
      await assert.rejects(
        referFromAdvice(t.db, gp, { adviceRequestId }),
        expectDomainError("INVALID_TRANSITION"),
      );
    });

    it("files a letter the specialist asked for as written by the GP, the request noted", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const { adviceRequestId } = await ask("手術適応の相談");
      const { referralId } = await convertAdviceToReferral(t.db, doctor, {
        adviceRequestId,
        answer: "紹介状をお願いします",
      });
      const [created] = await t.db
        .select()
        .from(referralEvents)
        .where(and(eq(referralEvents.referralId, referralId), eq(referralEvents.kind, "created")));
      assert.equal(created!.actorId, gp.practitionerId);
      assert.deepEqual(created!.details, { requestedBy: doctor.practitionerId });
      const [letter] = await t.db.select().from(referrals).where(eq(referrals.id, referralId));
      assert.ok(!letter!.content.remarks);
    });

    it("keeps a forward forwarded through the forwarder's reloads, and records each receiver's opening once", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const draft = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
      });
      const saved = await saveReferralDraft(t.db, gp, {
        referralId: draft.referralId,
        version: draft.version,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
        priority: "routine",
        content: {
          purpose: "精査",
          chiefComplaint: "腰痛",
          diagnoses: [{ name: "腰部脊柱管狭窄症", icd10: "M48.0", certainty: "suspected" }],
        },
      });
      await sendReferral(t.db, gp, { referralId: draft.referralId, version: saved.version });
      const opened = await getReferral(t.db, liaison, draft.referralId);
      assert.equal(opened.referral.status, "received");
      await forwardReferral(t.db, liaison, {
        referralId: draft.referralId,
        version: opened.referral.version,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: orthopaedics,
        note: "整形外科の領域",
      });
      const receives = async () =>
        (
          await t.db
            .select()
            .from(referralEvents)
            .where(and(eq(referralEvents.referralId, draft.referralId), eq(referralEvents.kind, "receive")))
        ).length;
      for (let i = 0; i < 2; i++) {
        assert.equal((await getReferral(t.db, liaison, draft.referralId)).referral.status, "forwarded");
      }
      assert.equal(await receives(), 1);
      assert.equal((await getReferral(t.db, doctor, draft.referralId)).referral.status, "received");
      await getReferral(t.db, doctor, draft.referralId);
      assert.equal(await receives(), 2);
    });

    it("copies a declined letter into a new draft of the GP's, to refer again", async () => {
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const content = {
        purpose: "手術適応の評価",
        chiefComplaint: "膝痛",
        diagnoses: [{ name: "変形性膝関節症", icd10: "M17.9", certainty: "confirmed" }],
      };
      const draft = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: orthopaedics,
      });
      const saved = await saveReferralDraft(t.db, gp, {
        referralId: draft.referralId,
        version: draft.version,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: orthopaedics,
        priority: "routine",
        content,
      });
      await sendReferral(t.db, gp, { referralId: draft.referralId, version: saved.version });
      await assert.rejects(
        copyReferral(t.db, gp, { referralId: draft.referralId }),
        expectDomainError("INVALID_TRANSITION"),
      );
      const opened = await getReferral(t.db, doctor, draft.referralId);
      await declineReferral(t.db, doctor, {
        referralId: draft.referralId,
        version: opened.referral.version,
        reason: "no_capacity",
        note: "",
      });
      await assert.rejects(
        copyReferral(t.db, doctor, { referralId: draft.referralId }),
        expectDomainError("NOT_FOUND"),
      );
      const copy = await copyReferral(t.db, gp, { referralId: draft.referralId });
      const [row] = await t.db.select().from(referrals).where(eq(referrals.id, copy.referralId));
      assert.equal(row!.status, "draft");
      assert.equal(row!.referrerId, gp.practitionerId);
      assert.equal(row!.content.purpose, "手術適応の評価");
      assert.equal(row!.documentNumber, null);
    });
  });
}
