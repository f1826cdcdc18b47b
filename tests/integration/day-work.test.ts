import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { departments } from "../../server/db/schema";
import { createConference } from "../../server/domain/conferences/create-conference";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { getReferral } from "../../server/domain/referrals/get-referral";
import { saveReferralDraft } from "../../server/domain/referrals/save-referral-draft";
import { sendReferral } from "../../server/domain/referrals/send-referral";
import { loadDayWork, tokyoDay, type DayWorkKind } from "../../server/domain/worklist/day-work";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

const letter = {
  purpose: "精査加療のお願い",
  chiefComplaint: "右上下肢の脱力",
  diagnoses: [{ name: "脳梗塞疑い", icd10: "I63.9", certainty: "suspected" }],
  medications: [],
};

describe("the Japan-time day", () => {
  it("runs from midnight to midnight in Tokyo, whatever the server's zone", () => {
    const { start, end } = tokyoDay(new Date("2026-12-06T16:00:00Z")); // 01:00 on the 7th in Tokyo
    assert.equal(start.toISOString(), "2026-12-06T15:00:00.000Z");
    assert.equal(end.toISOString(), "2026-12-07T15:00:00.000Z");
  });
});

for (const backend of BACKENDS) {
  describe(`the home page's day of work, by profession (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let neurology: string;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      [{ id: neurology }] = (await t.db
        .insert(departments)
        .values({ facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true })
        .returning({ id: departments.id })) as [{ id: string }];
    });
    after(async () => t.close());

    const work = async (login: string) =>
      Object.fromEntries((await loadDayWork(t.db, actor(n, login))).map((w) => [w.kind, w.count])) as Partial<
        Record<DayWorkKind, number>
      >;

    it("counts an unopened referral for the receiving hospital until someone opens it", async () => {
      assert.equal((await work("hosp.doctor")).referralsToOpen, 0);
      const gp = actor(n, "clinic.gp");
      const target = { destinationFacilityId: n.facilities.hospital, destinationDepartmentId: neurology };
      const { referralId, version } = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        ...target,
      });
      const saved = await saveReferralDraft(t.db, gp, {
        referralId,
        version,
        ...target,
        priority: "routine",
        content: letter,
      });
      await sendReferral(t.db, gp, { referralId, version: saved.version });
      const doctor = await work("hosp.doctor");
      assert.equal(doctor.referralsToOpen, 1);
      assert.ok((doctor.unreadNotifications ?? 0) >= 1, "the doctor was notified");
      // the sender's own inbox has nothing to open
      assert.equal((await work("clinic.gp")).referralsToOpen, 0);
      await getReferral(t.db, actor(n, "hosp.doctor"), referralId);
      assert.equal((await work("hosp.doctor")).referralsToOpen, 0);
    });

    it("counts today's conferences for those invited, not for others", async () => {
      // noon today in Tokyo
      const startAt = new Date(tokyoDay(new Date()).start.getTime() + 12 * 3600_000);
      const before = (await work("clinic.gp")).conferencesToday ?? 0;
      await createConference(t.db, actor(n, "hosp.doctor"), {
        title: "症例検討",
        kind: "case_conference",
        scheduledStart: startAt.toISOString(),
        scheduledEnd: new Date(startAt.getTime() + 3600_000).toISOString(),
        invitees: [{ practitionerId: actor(n, "clinic.gp").practitionerId }],
        agenda: [],
      });
      assert.equal((await work("clinic.gp")).conferencesToday, before + 1);
      assert.equal((await work("outsider.gp")).conferencesToday, 0);
    });

    it("shows a pharmacist no referral work (their profession does not handle referrals)", async () => {
      const pharmacist = await work("pharm.pharmacist");
      assert.equal(pharmacist.referralsToOpen, undefined);
      assert.equal(pharmacist.repliesToAcknowledge, undefined);
      assert.equal(typeof pharmacist.unreadNotifications, "number");
    });
  });
}
