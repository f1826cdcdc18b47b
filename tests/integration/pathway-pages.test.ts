import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditEvents, facilities } from "../../server/db/schema";
import { completeEnrolment } from "../../server/domain/pathways/end-enrolment";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { listHandoverCandidates } from "../../server/domain/pathways/list-handover-candidates";
import { listPatientPathways } from "../../server/domain/pathways/list-patient-pathways";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";
import { consentedPatient } from "../helpers/pathway-runs";

for (const backend of BACKENDS) {
  describe(`pathway pages: where a handover may go (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    let enrolmentId: string;
    let version: number;
    let patientId: string;
    let farHospital: string;
    const as = (loginId: string) => actor(n, loginId);

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      // a hospital nobody's consent names, and an inactive one that must never be offered
      const [far] = await t.db
        .insert(facilities)
        .values({
          code: "0610000008",
          name: "テスト遠方病院",
          nameKana: "テストエンポウ",
          kind: "hospital",
          role: "disclosing",
        })
        .returning({ id: facilities.id });
      farHospital = far!.id;
      await t.db.insert(facilities).values({
        code: "0610000009",
        name: "テスト閉院病院",
        nameKana: "テストヘイイン",
        kind: "hospital",
        role: "disclosing",
        active: false,
      });
      // consented to the clinic and the care facility, not the rehabilitation hospital
      patientId = await consentedPatient(t.db, n, 71, [n.facilities.clinic, n.pathwayFacilities.care]);
      ({ enrolmentId, version } = await enrolPatient(t.db, as("hosp.doctor"), {
        patientId,
        pathway: "stroke",
        admittedOn: "2026-05-01",
      }));
    });
    after(async () => t.close());

    it("lists every later stage with the active facilities of its kinds, those inside consent first", async () => {
      const targets = await listHandoverCandidates(t.db, as("hosp.doctor"), enrolmentId);
      assert.deepEqual(
        targets.map((s) => [s.stageKey, s.next]),
        [
          ["rehabilitation", true],
          ["community", false],
          ["follow_up", false],
        ],
      );
      const rehabStage = targets[0]!;
      assert.ok(rehabStage.facilities.every((f) => f.kind === "hospital"));
      const byId = new Map(rehabStage.facilities.map((f) => [f.id, f]));
      assert.equal(byId.get(n.facilities.hospital)?.inConsent, true, "the acute hospital's own rehab ward");
      assert.equal(byId.get(n.pathwayFacilities.rehab)?.inConsent, false);
      assert.equal(byId.get(farHospital)?.inConsent, false);
      assert.ok(!rehabStage.facilities.some((f) => f.name === "テスト閉院病院"), "inactive not offered");
      const firstOutside = rehabStage.facilities.findIndex((f) => !f.inConsent);
      assert.ok(
        rehabStage.facilities.slice(firstOutside).every((f) => !f.inConsent),
        "inside consent first",
      );

      const community = targets[1]!;
      assert.deepEqual(
        new Set(community.facilities.map((f) => f.kind)),
        new Set(["medical_clinic", "care_facility"]),
      );
      const inside = community.facilities.filter((f) => f.inConsent).map((f) => f.id);
      assert.deepEqual(new Set(inside), new Set([n.facilities.clinic, n.pathwayFacilities.care]));
      assert.ok(!community.facilities.some((f) => f.kind === "pharmacy"));

      const [audited] = await t.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "pathway.view"),
            eq(auditEvents.patientId, patientId),
            eq(auditEvents.actorId, as("hosp.doctor").practitionerId),
          ),
        );
      assert.equal(audited?.outcome, "success");
      assert.deepEqual(audited?.details, { enrolmentId, read: "handover_candidates" });
    });

    it("is for those who may request the handover, inside consent, while the pathway is active", async () => {
      // the clinic is inside consent and may read the sheet, but does not own the current stage
      await assert.rejects(
        listHandoverCandidates(t.db, as("clinic.gp"), enrolmentId),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        listHandoverCandidates(t.db, as("outsider.liaison"), enrolmentId),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        listHandoverCandidates(t.db, as("hosp.doctor"), "not-a-uuid"),
        expectDomainError("NOT_FOUND"),
      );
      // a coordinator of a facility inside consent may hand over for another facility's stage
      const coordinator = await listHandoverCandidates(t.db, as("hosp.liaison"), enrolmentId);
      assert.equal(coordinator.length, 3);

      await completeEnrolment(t.db, as("hosp.doctor"), { enrolmentId, version, endedOn: "2026-05-20" });
      await assert.rejects(
        listHandoverCandidates(t.db, as("hosp.doctor"), enrolmentId),
        expectDomainError("INVALID_TRANSITION"),
      );
    });
  });
}

for (const backend of BACKENDS) {
  describe(`pathway pages: a patient's pathways on the patient page (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    let strokeId: string;
    let hipId: string;
    const as = (loginId: string) => actor(n, loginId);

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      const stroke = await enrolPatient(t.db, as("hosp.doctor"), {
        patientId: n.patients.shared,
        pathway: "stroke",
        admittedOn: "2026-03-01",
      });
      strokeId = stroke.enrolmentId;
      await completeEnrolment(t.db, as("hosp.doctor"), {
        enrolmentId: strokeId,
        version: stroke.version,
        endedOn: "2026-03-10",
      });
      ({ enrolmentId: hipId } = await enrolPatient(t.db, as("hosp.doctor"), {
        patientId: n.patients.shared,
        pathway: "hip_fracture",
        admittedOn: "2026-06-01",
      }));
    });
    after(async () => t.close());

    it("lists them newest first with where the patient is now, for any facility inside consent, audited", async () => {
      const gp = as("clinic.gp");
      const rows = await listPatientPathways(t.db, gp, n.patients.shared);
      assert.deepEqual(
        rows.map((r) => [r.enrolmentId, r.status, r.stageName?.ja ?? null, r.facilityName]),
        [
          [hipId, "active", "急性期病院", "テスト総合病院"],
          [strokeId, "completed", null, null],
        ],
      );
      assert.equal(rows[0]!.pathwayName.ja, "大腿骨頸部骨折地域連携パス");
      const [audited] = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, gp.practitionerId), eq(auditEvents.action, "pathway.view")));
      assert.equal(audited?.outcome, "success");
      assert.equal(audited?.patientId, n.patients.shared);
      assert.deepEqual(audited?.details, { read: "patient_pathways", enrolmentIds: [hipId, strokeId] });

      await assert.rejects(
        listPatientPathways(t.db, gp, n.patients.notShared),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        listPatientPathways(t.db, as("outsider.gp"), n.patients.shared),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        listPatientPathways(t.db, as("pharm.pharmacist"), n.patients.shared),
        expectDomainError("FORBIDDEN"),
      );
    });
  });
}
