import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { auditEvents, departments, notifications, patients, referrals } from "../../server/db/schema";
import { DomainError } from "../../server/errors";
import { parseInput } from "../../server/validation";
import { patientAccessHistory } from "../../server/domain/audit/patient-access-history";
import { getPatient } from "../../server/domain/patients/get-patient";
import { registerPatient } from "../../server/domain/patients/register-patient";
import { listNotifications } from "../../server/domain/notifications/list-notifications";
import { answerAdvice, askAdvice } from "../../server/domain/referrals/advice-requests";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { recordVariance } from "../../server/domain/pathways/record-variance";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor, tinyPdf } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";

/**
 * Issue 14, findings 3, 6 and 9: who reads a patient's access history and what
 * they see; control characters refused on their field; list views audited;
 * cited advice requests checked; the writer checked before the version.
 */
describe("inputs refused on their field, and nothing disclosed on the way", () => {
  let t: TestDatabase;
  let n: PathwayNetwork;
  let neurology: string;

  before(async () => {
    t = await createTestDatabase("postgres");
    n = await createPathwayNetwork(t.db);
    const [dept] = await t.db
      .insert(departments)
      .values({ facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true })
      .returning({ id: departments.id });
    neurology = dept!.id;
  });
  after(async () => {
    await t?.close();
  });

  const rowsOf = async (table: typeof patients | typeof referrals) =>
    Number((await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n);

  describe("the access history (finding 3)", () => {
    it("refuses a pharmacist allowed to see who the patient is, and a doctor inside consent", async () => {
      for (const login of ["pharm.pharmacist", "clinic.gp", "outsider.gp"]) {
        await assert.rejects(
          patientAccessHistory(t.db, actor(n, login), { patientId: n.patients.shared }),
          expectDomainError("FORBIDDEN"),
          login,
        );
      }
    });

    it("shows a consenting facility's administrator the events inside consent, and only counts the others", async () => {
      // the outsider tries, is refused and audited; then the pharmacy reads inside consent
      await assert.rejects(
        getPatient(t.db, actor(n, "outsider.gp"), { patientId: n.patients.shared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await getPatient(t.db, actor(n, "pharm.pharmacist"), { patientId: n.patients.shared });

      const admin = actor(n, "hosp.admin");
      const seen = await patientAccessHistory(t.db, admin, { patientId: n.patients.shared });
      assert.equal(seen.view, "facility_admin");
      assert.ok(seen.rows.some((r) => r.actorFacilityId === n.facilities.pharmacy));
      assert.ok(!seen.rows.some((r) => r.actorFacilityId === n.facilities.outsider));
      assert.ok(!JSON.stringify(seen.rows).includes("outsider.gp"));
      assert.ok(seen.rows.every((r) => r.ip === null));
      assert.ok(seen.withheld >= 1, "the outsider's refused attempt is counted");

      const office = await patientAccessHistory(t.db, actor(n, "office.admin"), {
        patientId: n.patients.shared,
      });
      assert.equal(office.view, "network_office");
      assert.equal(office.withheld, 0);
      assert.ok(
        office.rows.some((r) => r.actorFacilityId === n.facilities.outsider && r.outcome === "denied"),
      );
    });

    it("answers an unknown patient as a refused one, and audits the refused reads", async () => {
      const pharmacist = actor(n, "pharm.pharmacist");
      const answer = (patientId: string) =>
        patientAccessHistory(t.db, pharmacist, { patientId }).then(
          () => assert.fail("allowed"),
          (e: DomainError) => ({ code: e.code, message: e.message }),
        );
      assert.deepEqual(await answer("00000000-0000-4000-8000-000000000000"), await answer(n.patients.shared));
      const [denied] = await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.actorId, pharmacist.practitionerId),
            eq(auditEvents.action, "audit.access_history"),
            eq(auditEvents.outcome, "denied"),
          ),
        );
      assert.ok(Number(denied!.n) >= 2);
    });
  });

  describe("control characters (finding 6)", () => {
    const patient = (over: Record<string, unknown>) => ({
      familyName: "試験",
      givenName: "花子",
      familyNameKana: "シケン",
      givenNameKana: "ハナコ",
      birthDate: "1950-01-01",
      sex: "female",
      localId: "H-CTRL-1",
      obtainedOn: "2026-01-01",
      facilityIds: [n.facilities.clinic],
      note: "",
      document: { fileName: "consent.pdf", bytes: tinyPdf() },
      ...over,
    });

    for (const [field, value] of [
      ["familyName", "山\u0000田"],
      ["givenName", "花\u001b[2J子"],
      ["address", "置賜\n1-1"],
      ["note", "同意\u0007"],
      ["localId", "H\u007f1"],
    ] as const) {
      it(`refuses ${JSON.stringify(value)} in ${field} on that field, writing nothing`, async () => {
        const before = await rowsOf(patients);
        await assert.rejects(
          registerPatient(t.db, actor(n, "hosp.clerk"), patient({ [field]: value })),
          expectDomainError("VALIDATION", field),
        );
        assert.equal(await rowsOf(patients), before);
      });
    }

    it("keeps tab and line breaks where a field has lines", async () => {
      const { adviceRequestId } = await askAdvice(t.db, actor(n, "clinic.gp"), {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
        question: "一行目\r\n二行目\t（タブ）",
      });
      assert.ok(adviceRequestId);
      await assert.rejects(
        askAdvice(t.db, actor(n, "clinic.gp"), {
          patientId: n.patients.shared,
          destinationFacilityId: n.facilities.hospital,
          destinationDepartmentId: neurology,
          question: "NUL\u0000",
        }),
        expectDomainError("VALIDATION", "question"),
      );
    });

    it("refuses one in a value no text schema describes, naming its path (the parseInput backstop)", () => {
      const schema = z.object({ measures: z.record(z.string(), z.unknown()) });
      assert.throws(
        () => parseInput(schema, { measures: { barthel: ["ok", { note: "x\u0000" }] } }),
        expectDomainError("VALIDATION", "measures.barthel.1.note"),
      );
      assert.deepEqual(parseInput(schema, { measures: { a: "line\nline" } }), {
        measures: { a: "line\nline" },
      });
    });
  });

  describe("smaller ones (finding 9)", () => {
    it("audits the notification centre when it names a patient", async () => {
      const gp = actor(n, "clinic.gp");
      const { referralId } = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
      });
      await t.db
        .insert(notifications)
        .values({ recipientId: gp.practitionerId, kind: "referral_status", referralId });
      const listed = await listNotifications(t.db, gp);
      assert.ok(listed.items.some((i) => i.patientName === "山田 花子"));
      const [audit] = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, gp.practitionerId), eq(auditEvents.action, "notification.list")));
      assert.deepEqual((audit?.details as { patientIds: string[] }).patientIds, [n.patients.shared]);
    });

    it("stores a cited advice request only when it is this clinic's answered one about this patient", async () => {
      const gp = actor(n, "clinic.gp");
      const toHospital = {
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: neurology,
      };
      const { adviceRequestId } = await askAdvice(t.db, gp, {
        patientId: n.patients.shared,
        ...toHospital,
        question: "抗血小板薬の継続について",
      });
      const before = await rowsOf(referrals);
      for (const cited of [adviceRequestId, "00000000-0000-4000-8000-000000000000"]) {
        await assert.rejects(
          createReferral(t.db, gp, { patientId: n.patients.shared, ...toHospital, adviceRequestId: cited }),
          expectDomainError("VALIDATION", "adviceRequestId"),
        );
      }
      await answerAdvice(t.db, actor(n, "hosp.doctor"), { adviceRequestId, answer: "継続で問題ありません" });
      // answered, but about another patient: still refused
      await assert.rejects(
        createReferral(t.db, gp, { patientId: n.patients.withdrawn, ...toHospital, adviceRequestId }),
        (e: unknown) => e instanceof DomainError && ["VALIDATION", "CONSENT_REQUIRED"].includes(e.code),
      );
      assert.equal(await rowsOf(referrals), before);
      const { referralId } = await createReferral(t.db, gp, {
        patientId: n.patients.shared,
        ...toHospital,
        adviceRequestId,
      });
      const [stored] = await t.db.select().from(referrals).where(eq(referrals.id, referralId));
      assert.equal(stored!.adviceRequestId, adviceRequestId);
    });

    it("tells a facility that may not write a pathway nothing of its version", async () => {
      const { enrolmentId } = await enrolPatient(t.db, actor(n, "hosp.doctor"), {
        patientId: n.patients.shared,
        pathway: "stroke",
        admittedOn: "2026-06-01",
      });
      const variance = {
        enrolmentId,
        category: "patient",
        occurredOn: "2026-06-10",
        description: "延期",
        reason: "肺炎",
        delayDays: 1,
      };
      // a stale version from a facility that may not write: refused as not the writer, not as a conflict
      await assert.rejects(
        recordVariance(t.db, actor(n, "rehab.doctor"), { ...variance, version: 999 }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        recordVariance(t.db, actor(n, "hosp.doctor"), { ...variance, version: 999 }),
        expectDomainError("CONFLICT"),
      );
    });
  });
});
