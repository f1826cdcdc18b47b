import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import {
  consentEvents,
  consents,
  departments,
  notifications,
  pathwayStages,
  referrals,
} from "../../server/db/schema";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { requestHandover } from "../../server/domain/pathways/request-handover";
import { checkPatientAccess } from "../../server/domain/consent/check-patient-access";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { getPatient } from "../../server/domain/patients/get-patient";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { saveReferralDraft } from "../../server/domain/referrals/save-referral-draft";
import { sendReferral } from "../../server/domain/referrals/send-referral";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, tinyPdf, type Network } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";

/** Issue 20, defects 3 and 4: withdrawal per facility or from the network, and who is told. */
for (const backend of BACKENDS) {
  describe(`withdrawal per facility and its notifications (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let neurology: string;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      const [dept] = await t.db
        .insert(departments)
        .values({ facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true })
        .returning({ id: departments.id });
      neurology = dept!.id;
    });
    after(async () => t.close());

    const notificationsOf = async (loginId: string) =>
      t.db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.recipientId, actor(n, loginId).practitionerId),
            eq(notifications.kind, "consent_scope_left"),
          ),
        );

    it("withdraws one facility as a new consent event, leaving the others' access intact", async () => {
      const gp = actor(n, "clinic.gp");
      const clerk = actor(n, "hosp.clerk");
      const patientId = n.patients.shared;
      const { referralId, version } = await createReferral(t.db, gp, {
        patientId,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
      });
      const saved = await saveReferralDraft(t.db, gp, {
        referralId,
        version,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
        priority: "routine",
        content: {
          purpose: "精査のお願い",
          chiefComplaint: "めまい",
          diagnoses: [{ name: "めまい症", icd10: "R42", certainty: "suspected" }],
        },
      });
      const { documentNumber } = await sendReferral(t.db, gp, { referralId, version: saved.version });
      assert.ok(documentNumber);

      await assert.rejects(
        withdrawConsent(t.db, clerk, {
          consentId: n.consents.shared,
          withdrawnOn: "2025-03-01",
          facilityIds: [n.facilities.outsider],
          document: { fileName: "w.pdf", bytes: tinyPdf() },
        }),
        expectDomainError("VALIDATION", "facilityIds"),
      );
      await assert.rejects(
        withdrawConsent(t.db, actor(n, "outsider.clerk"), {
          consentId: n.consents.shared,
          withdrawnOn: "2025-03-01",
          facilityIds: [n.facilities.clinic],
          document: { fileName: "w.pdf", bytes: tinyPdf() },
        }),
        expectDomainError("FORBIDDEN"),
      );

      const result = await withdrawConsent(t.db, clerk, {
        consentId: n.consents.shared,
        withdrawnOn: "2025-03-01",
        facilityIds: [n.facilities.clinic],
        document: { fileName: "partial.pdf", bytes: tinyPdf("partial") },
      });
      assert.deepEqual(result.lostFacilityIds, [n.facilities.clinic]);

      // the clinic is out; the hospital and the pharmacy keep what they had
      await assert.rejects(getPatient(t.db, gp, { patientId }), expectDomainError("CONSENT_REQUIRED"));
      assert.equal((await getPatient(t.db, actor(n, "pharm.pharmacist"), { patientId })).access, "consent");
      assert.equal(
        (await checkPatientAccess(t.db, actor(n, "hosp.doctor"), patientId, "clinical")).allowed,
        true,
      );
      const [consent] = await t.db.select().from(consents).where(eq(consents.id, n.consents.shared));
      assert.equal(consent!.withdrawnOn, null, "the consent itself stays in force");
      const events = await t.db
        .select()
        .from(consentEvents)
        .where(eq(consentEvents.consentId, n.consents.shared));
      const partial = events.find((e) => e.kind === "scope_withdrawn");
      assert.deepEqual(partial?.facilityIds, [n.facilities.clinic]);
      assert.ok(
        events.some((e) => e.kind === "granted"),
        "the history is kept",
      );
      const view = await getPatient(t.db, clerk, { patientId });
      assert.deepEqual(
        new Set(view.currentScope.map((s) => s.facilityId)),
        new Set([n.facilities.hospital, n.facilities.pharmacy]),
      );

      // the referral awaiting an answer is closed, and the clinic is told by document number, no name
      const [referral] = await t.db.select().from(referrals).where(eq(referrals.id, referralId));
      assert.equal(referral!.status, "cancelled");
      const told = await notificationsOf("clinic.gp");
      assert.equal(told.length, 1);
      assert.deepEqual(told[0]!.details, {
        withdrawnOn: "2025-03-01",
        referrals: [documentNumber],
        cancelledReferrals: [documentNumber],
        summaries: [],
        pathwayStages: [],
        meetings: [],
      });
      assert.equal(told[0]!.referralId, null);
      const text = JSON.stringify(told);
      assert.ok(!text.includes("山田") && !text.includes("花子") && !text.includes(patientId));
      // those who keep access hear nothing of a scope they did not lose
      assert.equal((await notificationsOf("pharm.pharmacist")).length, 0);
      assert.equal((await notificationsOf("hosp.admin")).length, 0);
    });

    it("leaves the network (脱退): every consent ends and every facility that lost access is told", async () => {
      const office = actor(n, "office.admin");
      const patientId = n.patients.shared;
      await assert.rejects(
        withdrawConsent(t.db, actor(n, "outsider.clerk"), {
          patientId,
          leaveNetwork: true,
          withdrawnOn: "2025-04-01",
          document: { fileName: "leave.pdf", bytes: tinyPdf() },
        }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        withdrawConsent(t.db, office, {
          leaveNetwork: true,
          withdrawnOn: "2025-04-01",
          document: { fileName: "leave.pdf", bytes: tinyPdf() },
        }),
        expectDomainError("VALIDATION", "patientId"),
      );
      const result = await withdrawConsent(t.db, office, {
        patientId,
        leaveNetwork: true,
        withdrawnOn: "2025-04-01",
        document: { fileName: "leave.pdf", bytes: tinyPdf("leave") },
      });
      assert.deepEqual(
        new Set(result.lostFacilityIds),
        new Set([n.facilities.hospital, n.facilities.pharmacy]),
      );
      const active = await t.db.select().from(consents).where(eq(consents.patientId, patientId));
      assert.ok(active.every((c) => c.withdrawnOn === "2025-04-01"));
      await assert.rejects(
        getPatient(t.db, actor(n, "pharm.pharmacist"), { patientId }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      // a pharmacy without a desk: its pharmacist; the hospital: its clerk and its administrator
      for (const loginId of ["pharm.pharmacist", "hosp.clerk", "hosp.admin"]) {
        const told = await notificationsOf(loginId);
        assert.equal(told.length, 1, loginId);
        assert.equal((told[0]!.details as { withdrawnOn?: string }).withdrawnOn, "2025-04-01");
      }
      assert.equal((await notificationsOf("hosp.doctor")).length, 0, "the hospital's desk, not every doctor");
      // and the hospital's clerk still administers the consent
      assert.equal(
        (await getPatient(t.db, actor(n, "hosp.clerk"), { patientId })).access,
        "consent_administration",
      );
    });
  });
}

for (const backend of BACKENDS) {
  describe(`withdrawal takes back a pending pathway handover (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
    });
    after(async () => t.close());

    it("cancels the handover to the facility that lost access and tells its desk which stage, no name", async () => {
      const patientId = n.patients.shared;
      const enrolled = await enrolPatient(t.db, actor(n, "hosp.doctor"), {
        patientId,
        pathway: "stroke",
        admittedOn: "2025-01-10",
        facilityId: n.facilities.hospital,
      });
      await requestHandover(t.db, actor(n, "hosp.doctor"), {
        enrolmentId: enrolled.enrolmentId,
        version: enrolled.version,
        toFacilityId: n.pathwayFacilities.rehab,
      });
      await withdrawConsent(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        withdrawnOn: "2025-02-01",
        facilityIds: [n.pathwayFacilities.rehab],
        document: { fileName: "partial.pdf", bytes: tinyPdf("rehab") },
      });
      const stages = await t.db
        .select({ facilityId: pathwayStages.facilityId, status: pathwayStages.status })
        .from(pathwayStages)
        .where(eq(pathwayStages.enrolmentId, enrolled.enrolmentId));
      assert.deepEqual(stages.find((s) => s.facilityId === n.pathwayFacilities.rehab)?.status, "cancelled");
      assert.equal(stages.find((s) => s.facilityId === n.facilities.hospital)?.status, "active");
      const [told] = await t.db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.recipientId, actor(n, "rehab.liaison").practitionerId),
            eq(notifications.kind, "consent_scope_left"),
          ),
        );
      const details = told!.details as { pathwayStages: { pathway: string; status: string }[] };
      assert.deepEqual(
        details.pathwayStages.map((s) => [s.pathway, s.status]),
        [["stroke", "cancelled"]],
      );
      assert.ok(!JSON.stringify(told).includes("山田"));
    });
  });
}
