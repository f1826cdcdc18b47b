import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import { verifyPassword } from "../../server/auth/password";
import {
  attachments,
  auditEvents,
  careDocuments,
  consentEvents,
  consentScope,
  consents,
  departments,
  facilities,
  nursingInstructions,
  patientLocalIds,
  patients,
  practitioners,
} from "../../server/db/schema";
import {
  DEMO_PASSWORD,
  DEMO_PATIENTS,
  DEMO_TOTP_SECRET,
  seedDemoData,
  type SeedSummary,
} from "../../server/demo/seed/seed-demo-data";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { getInstruction } from "../../server/domain/nursing-instructions/get-instruction";
import { getCareDocument } from "../../server/domain/care-documents/get-care-document";
import { sendCareDocument } from "../../server/domain/care-documents/send-care-document";
import { loadDayWork } from "../../server/domain/worklist/day-work";
import type { Actor } from "../../server/model/permissions";
import { seedDemoReadingRequest } from "../../server/demo/pacs/demo-reading";
import { listReadings } from "../../server/domain/readings/list-readings";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";

for (const backend of BACKENDS) {
  describe(`demo data seed (${backend})`, () => {
    let t: TestDatabase;
    let summary: SeedSummary | null;
    before(async () => {
      t = await createTestDatabase(backend);
      summary = await seedDemoData(t.db);
    });
    after(async () => {
      await t.close();
    });

    async function tableCounts() {
      const of = (table: Parameters<typeof t.db.$count>[0]) => t.db.$count(table);
      return {
        facilities: await of(facilities),
        departments: await of(departments),
        practitioners: await of(practitioners),
        attachments: await of(attachments),
        patients: await of(patients),
        consents: await of(consents),
        consentEvents: await of(consentEvents),
        consentScope: await of(consentScope),
        localIds: await of(patientLocalIds),
        auditEvents: await of(auditEvents),
      };
    }

    it("writes the reference network and reports what it wrote", async () => {
      assert.ok(summary);
      const counts = await tableCounts();
      const { ms, ...reported } = summary;
      assert.ok(ms > 0);
      assert.deepEqual(reported, {
        facilities: counts.facilities,
        departments: counts.departments,
        practitioners: counts.practitioners,
        patients: counts.patients,
        consents: counts.consents,
        consentEvents: counts.consentEvents,
        localIds: counts.localIds,
      });
      assert.equal(counts.facilities, 105);
      assert.equal(counts.patients, 18_221);
      assert.equal(counts.attachments, 17);
      assert.equal(counts.auditEvents, 1);
      assert.ok(counts.consents > counts.patients && counts.consentScope > counts.consents * 2);

      const kinds = await t.db
        .select({ kind: facilities.kind, n: count() })
        .from(facilities)
        .groupBy(facilities.kind)
        .orderBy(facilities.kind);
      assert.deepEqual(Object.fromEntries(kinds.map((k) => [k.kind, k.n])), {
        hospital: 17,
        medical_clinic: 59,
        dental_clinic: 6,
        pharmacy: 9,
        care_facility: 9,
        visiting_nurse_station: 2,
        other: 3,
      });
    });

    it("does nothing the second time", async () => {
      const before = await tableCounts();
      assert.equal(await seedDemoData(t.db), null);
      assert.deepEqual(await tableCounts(), before);
    });

    it("records the seeding in an intact audit chain", async () => {
      const verdict = await verifyAuditChain(t.db);
      assert.deepEqual(verdict.ok && { ok: true, events: verdict.events }, { ok: true, events: 1 });
      const [event] = await t.db.select().from(auditEvents);
      assert.equal(event!.action, "system.seed");
      assert.equal(event!.purpose, "system");
      assert.equal(event!.actorId, null);
      assert.equal(event!.details.patients, 18_221);
    });

    it("lets the demo users sign in with the published password and TOTP secret", async () => {
      const rows = await t.db
        .select({
          loginId: practitioners.loginId,
          passwordHash: practitioners.passwordHash,
          totpSecret: practitioners.totpSecret,
        })
        .from(practitioners)
        .where(inArray(practitioners.loginId, ["dr.sato", "new.user"]))
        .orderBy(practitioners.loginId);
      assert.deepEqual(
        rows.map((r) => [r.loginId, r.totpSecret]),
        [
          ["dr.sato", DEMO_TOTP_SECRET],
          ["new.user", null],
        ],
      );
      assert.equal(await verifyPassword(DEMO_PASSWORD, rows[0]!.passwordHash), true);
    });

    it("links a local ID at every hospital and clinic in a patient's consent scope", async () => {
      const missing = await t.db
        .select({ n: count() })
        .from(consentScope)
        .innerJoin(facilities, eq(facilities.id, consentScope.facilityId))
        .where(
          and(
            inArray(facilities.kind, ["hospital", "medical_clinic"]),
            sql`not exists (select 1 from ${patientLocalIds}
              where ${patientLocalIds.patientId} = ${consentScope.patientId}
                and ${patientLocalIds.facilityId} = ${consentScope.facilityId})`,
          ),
        );
      assert.equal(missing[0]!.n, 0);
    });

    /** Facility of a demo user: the demo facilities are found the way a person would find them. */
    const facilityOf = async (loginId: string) =>
      (
        await t.db
          .select({ id: practitioners.facilityId })
          .from(practitioners)
          .where(eq(practitioners.loginId, loginId))
      )[0]!.id;

    it("shares 山田 花子 with the demo clinic, hospital, pharmacy and visiting nurses", async () => {
      const [hanako] = await t.db
        .select()
        .from(patients)
        .where(eq(patients.regionalId, DEMO_PATIENTS.consented));
      assert.deepEqual(
        [hanako!.familyName, hanako!.givenName, hanako!.familyNameKana, hanako!.givenNameKana, hanako!.sex],
        ["山田", "花子", "ヤマダ", "ハナコ", "female"],
      );
      const demoHospital = await facilityOf("dr.sato");
      const [consent] = await t.db
        .select({ id: consents.id })
        .from(consents)
        .where(
          and(
            eq(consents.patientId, hanako!.id),
            eq(consents.facilityId, demoHospital),
            isNull(consents.withdrawnOn),
          ),
        );
      assert.ok(consent, "a current consent obtained at the demo hospital");
      const scope = await t.db
        .select({ facilityId: consentScope.facilityId })
        .from(consentScope)
        .where(and(eq(consentScope.consentId, consent.id), isNull(consentScope.withdrawnOn)));
      const inScope = new Set(scope.map((s) => s.facilityId));
      for (const loginId of ["gp.yamada", "dr.sato", "ph.ito", "vn.tanaka"]) {
        assert.ok(inScope.has(await facilityOf(loginId)), `${loginId}'s facility is in the scope`);
      }
    });

    it("gives 山田 花子 a visiting-nurse instruction in force from gp.yamada to vn.tanaka's station, ending within two weeks", async () => {
      const [hanako] = await t.db
        .select({ id: patients.id })
        .from(patients)
        .where(eq(patients.regionalId, DEMO_PATIENTS.consented));
      const rows = await t.db
        .select()
        .from(nursingInstructions)
        .where(eq(nursingInstructions.patientId, hanako!.id));
      assert.equal(rows.length, 1);
      const person = async (loginId: string): Promise<Actor> => {
        const [p] = await t.db.select().from(practitioners).where(eq(practitioners.loginId, loginId));
        return {
          practitionerId: p!.id,
          facilityId: p!.facilityId,
          profession: p!.profession,
          roles: p!.roles,
          sessionId: null,
          ip: "127.0.0.1",
        };
      };
      const nurse = await person("vn.tanaka");
      const gp = await person("gp.yamada");
      assert.equal(rows[0]!.stationFacilityId, nurse.facilityId);
      assert.equal(rows[0]!.authorId, gp.practitionerId);
      const seen = await getInstruction(t.db, nurse, rows[0]!.id);
      assert.equal(seen.status, "acknowledged");
      assert.ok(seen.inForce && seen.expiringSoon);
      for (const reader of [gp, nurse]) {
        const work = await loadDayWork(t.db, reader);
        assert.equal(work.find((w) => w.kind === "nursingInstructionsExpiring")?.count, 1);
      }
    });

    it("gives 山田 花子's station documents to the GP and the hospital's discharge records to the care manager, each in a believable state", async () => {
      const person = async (loginId: string): Promise<Actor> => {
        const [p] = await t.db.select().from(practitioners).where(eq(practitioners.loginId, loginId));
        return {
          practitionerId: p!.id,
          facilityId: p!.facilityId,
          profession: p!.profession,
          roles: p!.roles,
          sessionId: null,
          ip: "127.0.0.1",
        };
      };
      const [nurse, gp, liaison, careManager] = await Promise.all(
        ["vn.tanaka", "gp.yamada", "liaison.suzuki", "cm.watanabe"].map(person),
      );
      const [hanako] = await t.db
        .select({ id: patients.id })
        .from(patients)
        .where(eq(patients.regionalId, DEMO_PATIENTS.consented));
      const station = await t.db
        .select({ id: careDocuments.id, kind: careDocuments.kind, status: careDocuments.status })
        .from(careDocuments)
        .where(
          and(eq(careDocuments.patientId, hanako!.id), eq(careDocuments.authorFacilityId, nurse!.facilityId)),
        )
        .orderBy(careDocuments.createdAt);
      assert.deepEqual(station.map((d) => [d.kind, d.status]).sort(), [
        ["nursing_plan", "acknowledged"],
        ["nursing_plan", "draft"],
        ["nursing_report", "sent"],
      ]);
      const report = station.find((d) => d.kind === "nursing_report")!;
      const seen = await getCareDocument(t.db, gp!, report.id);
      assert.equal(seen.can.acknowledge, true, "the report waits on the GP");
      assert.ok((seen.content.visits as unknown[]).length >= 8, "last month's visit days");
      assert.deepEqual(
        seen.related.map((r) => r.field),
        ["instructionId"],
        "it follows the seeded instruction",
      );
      // the nurse's draft is complete: it goes as it is, following the instruction in force
      const draft = station.find((d) => d.status === "draft")!;
      const mine = await getCareDocument(t.db, nurse!, draft.id);
      await sendCareDocument(t.db, nurse!, { documentId: draft.id, revision: mine.revision });

      const discharge = await t.db
        .select({ id: careDocuments.id, status: careDocuments.status })
        .from(careDocuments)
        .where(eq(careDocuments.kind, "discharge_information"))
        .orderBy(careDocuments.createdAt);
      assert.ok(discharge.length >= 2, "at least an acknowledged and a sent record");
      assert.deepEqual(
        discharge.map((d) => d.status),
        (["acknowledged", "sent", "draft"] as const).slice(0, discharge.length),
      );
      const acknowledged = await getCareDocument(t.db, careManager!, discharge[0]!.id);
      assert.equal(acknowledged.status, "acknowledged");
      assert.equal((await getCareDocument(t.db, careManager!, discharge[1]!.id)).can.acknowledge, true);
      assert.equal((await getCareDocument(t.db, liaison!, discharge[0]!.id)).side, "author");
    });

    it("keeps 佐藤 一郎 out of the demo clinic's and hospital's reach", async () => {
      const [ichiro] = await t.db
        .select()
        .from(patients)
        .where(eq(patients.regionalId, DEMO_PATIENTS.notConsented));
      assert.deepEqual(
        [ichiro!.familyName, ichiro!.givenName, ichiro!.familyNameKana, ichiro!.givenNameKana, ichiro!.sex],
        ["佐藤", "一郎", "サトウ", "イチロウ", "male"],
      );
      const atRehab = await t.db
        .select({ id: consents.id })
        .from(consents)
        .where(
          and(eq(consents.patientId, ichiro!.id), eq(consents.facilityId, await facilityOf("pt.nakamura"))),
        );
      assert.equal(atRehab.length, 1);
      const reach = await t.db
        .select({ n: count() })
        .from(consentScope)
        .where(
          and(
            eq(consentScope.patientId, ichiro!.id),
            inArray(consentScope.facilityId, [await facilityOf("gp.yamada"), await facilityOf("dr.sato")]),
          ),
        );
      assert.equal(reach[0]!.n, 0);
    });

    it("leaves one open reading request at the demo hospital for 山田 花子's CT, once, seen on its worklist", async () => {
      const hospital = await facilityOf("dr.sato");
      const study = {
        facilityId: hospital,
        studyUid: "1.2.826.0.1.3680043.8.498.777",
        studyDate: "2026-03-10",
        description: "胸腹部CT",
      };
      assert.equal(await seedDemoReadingRequest(t.db, study), true);
      assert.equal(await seedDemoReadingRequest(t.db, study), false, "a restart finds it");
      const [doctor] = await t.db.select().from(practitioners).where(eq(practitioners.loginId, "dr.sato"));
      const worklist = await listReadings(
        t.db,
        {
          practitionerId: doctor!.id,
          facilityId: hospital,
          profession: doctor!.profession,
          roles: doctor!.roles,
          sessionId: null,
          ip: "127.0.0.1",
        },
        { box: "reading", filter: "waiting" },
      );
      assert.deepEqual(
        worklist.items.map((i) => [i.status, i.urgency, i.patientName, i.studyDescription]),
        [["requested", "urgent", "山田 花子", "胸腹部CT"]],
      );
    });
  });
}
