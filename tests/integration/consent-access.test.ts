import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, count, eq } from "drizzle-orm";
import { attachments, auditEvents, consentEvents, consents, patients } from "../../server/db/schema";
import { checkPatientAccess } from "../../server/domain/consent/check-patient-access";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { openBreakGlass } from "../../server/domain/consent/break-glass";
import { getConsentDocument } from "../../server/domain/consent/get-consent-document";
import { grantConsent } from "../../server/domain/consent/grant-consent";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { getPatient } from "../../server/domain/patients/get-patient";
import { searchPatients } from "../../server/domain/patients/search-patients";
import { formatRegionalId, isValidRegionalId } from "../../server/domain/patients/regional-id";
import { registerPatient } from "../../server/domain/patients/register-patient";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, fakeExecutable, tinyPdf, type Network } from "../helpers/fixtures";

for (const backend of BACKENDS) {
  describe(`consent and the access rule (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
    });
    after(async () => t.close());

    const auditCount = async (
      patientId: string,
      actorId: string,
      action: string,
      outcome: "success" | "denied",
    ) => {
      const [row] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.patientId, patientId),
            eq(auditEvents.actorId, actorId),
            eq(auditEvents.action, action),
            eq(auditEvents.outcome, outcome),
          ),
        );
      return Number(row!.n);
    };

    it("shows a consented patient to a facility in scope, and audits the view", async () => {
      const gp = actor(n, "clinic.gp");
      const view = await getPatient(t.db, gp, { patientId: n.patients.shared });
      assert.equal(view.patient.familyName, "山田");
      assert.equal(view.access, "consent");
      assert.deepEqual(
        new Set(view.currentScope.map((s) => s.facilityId)),
        new Set([n.facilities.hospital, n.facilities.clinic, n.facilities.pharmacy]),
      );
      assert.equal(await auditCount(n.patients.shared, gp.practitionerId, "patient.view", "success"), 1);
    });

    it("refuses a facility outside the scope, and the refusal is audited", async () => {
      const outsider = actor(n, "outsider.gp");
      await assert.rejects(
        getPatient(t.db, outsider, { patientId: n.patients.shared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      await assert.rejects(
        getPatient(t.db, outsider, { patientId: n.patients.notShared }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      assert.equal(await auditCount(n.patients.shared, outsider.practitionerId, "patient.view", "denied"), 1);
    });

    it("answers bad ids with a field error, and an unknown id exactly as a patient outside consent", async () => {
      const gp = actor(n, "clinic.gp");
      await assert.rejects(
        getPatient(t.db, gp, { patientId: "not-a-uuid" }),
        expectDomainError("VALIDATION", "patientId"),
      );
      const answer = async (patientId: string) => {
        const e = await getPatient(t.db, gp, { patientId }).then(
          () => assert.fail("allowed"),
          (error: unknown) => error as { code: string; message: string; fields: unknown },
        );
        return { code: e.code, message: e.message, fields: e.fields };
      };
      const unknown = await answer("00000000-0000-4000-8000-000000000000");
      assert.equal(unknown.code, "CONSENT_REQUIRED");
      assert.deepEqual(unknown, await answer(n.patients.notShared));
      // the network office administers every patient: for it, unknown is simply not found
      await assert.rejects(
        getPatient(t.db, actor(n, "office.admin"), { patientId: "00000000-0000-4000-8000-000000000000" }),
        expectDomainError("NOT_FOUND"),
      );
    });

    it("scopes what a profession sees inside consent", async () => {
      const pharmacist = actor(n, "pharm.pharmacist");
      assert.deepEqual(await checkPatientAccess(t.db, pharmacist, n.patients.shared, "medication"), {
        allowed: true,
        basis: "consent",
      });
      assert.deepEqual(await checkPatientAccess(t.db, pharmacist, n.patients.shared, "clinical"), {
        allowed: false,
        reason: "profession",
      });
      const office = actor(n, "office.admin");
      assert.deepEqual(await checkPatientAccess(t.db, office, n.patients.notShared, "demographics"), {
        allowed: true,
        basis: "network_office",
      });
      assert.deepEqual(await checkPatientAccess(t.db, office, n.patients.notShared, "clinical"), {
        allowed: false,
        reason: "no_consent",
      });
    });

    it("lists only consented patients in search, by name, reading and ID", async () => {
      const gp = actor(n, "clinic.gp");
      const byKana = await searchPatients(t.db, gp, { q: "やまだ" });
      assert.deepEqual(
        byKana.map((h) => h.id),
        [n.patients.shared],
      );
      const byName = await searchPatients(t.db, gp, { q: "山田" });
      assert.deepEqual(
        byName.map((h) => h.id),
        [n.patients.shared],
      );
      const byGivenKana = await searchPatients(t.db, gp, { q: "ハナコ" });
      assert.deepEqual(
        byGivenKana.map((h) => h.id),
        [n.patients.shared],
      );
      const byRegional = await searchPatients(t.db, gp, { q: formatRegionalId(1) });
      assert.deepEqual(
        byRegional.map((h) => h.id),
        [n.patients.shared],
      );
      assert.deepEqual(
        await searchPatients(t.db, gp, { q: formatRegionalId(2) }),
        [],
        "a regional ID outside consent finds nothing",
      );
      const hosp = actor(n, "hosp.doctor");
      const byLocal = await searchPatients(t.db, hosp, { q: "H10001" });
      assert.deepEqual(
        byLocal.map((h) => [h.id, h.localId]),
        [[n.patients.shared, "H10001"]],
      );
      assert.deepEqual(await searchPatients(t.db, actor(n, "outsider.gp"), { q: "山田" }), []);
      await assert.rejects(searchPatients(t.db, gp, { q: "   " }), expectDomainError("VALIDATION", "q"));
    });

    it("refuses a spoofed or oversized consent document and writes nothing", async () => {
      const clerk = actor(n, "hosp.clerk");
      const before = { consents: await t.db.$count(consents), attachments: await t.db.$count(attachments) };
      await assert.rejects(
        grantConsent(t.db, clerk, {
          patientId: n.patients.notShared,
          obtainedOn: "2025-01-01",
          facilityIds: [n.facilities.clinic],
          document: { fileName: "consent.pdf", bytes: fakeExecutable() },
        }),
        expectDomainError("UNSUPPORTED_MEDIA_TYPE", "document"),
      );
      const big = new Uint8Array(10 * 1024 * 1024 + 1);
      big.set(tinyPdf());
      await assert.rejects(
        grantConsent(t.db, clerk, {
          patientId: n.patients.notShared,
          obtainedOn: "2025-01-01",
          document: { fileName: "big.pdf", bytes: big },
        }),
        expectDomainError("PAYLOAD_TOO_LARGE", "document"),
      );
      await assert.rejects(
        grantConsent(t.db, clerk, {
          patientId: n.patients.notShared,
          obtainedOn: "2999-01-01",
          document: { fileName: "a.pdf", bytes: tinyPdf() },
        }),
        expectDomainError("VALIDATION", "obtainedOn"),
      );
      assert.deepEqual(
        { consents: await t.db.$count(consents), attachments: await t.db.$count(attachments) },
        before,
      );
    });

    it("lets only the obtaining facility (or the office) record consent", async () => {
      await assert.rejects(
        addConsentFacility(t.db, actor(n, "outsider.clerk"), {
          consentId: n.consents.shared,
          effectiveOn: "2025-02-01",
          facilityIds: [n.facilities.outsider],
          document: { fileName: "add.pdf", bytes: tinyPdf() },
        }),
        expectDomainError("FORBIDDEN"),
      );
    });

    it("adds a facility by a new consent event (連携先追加), keeping the history", async () => {
      const outsider = actor(n, "outsider.gp");
      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.shared,
        effectiveOn: "2025-02-01",
        facilityIds: [n.facilities.outsider, n.facilities.clinic],
        document: { fileName: "add.pdf", bytes: tinyPdf("add") },
      });
      const view = await getPatient(t.db, outsider, { patientId: n.patients.shared });
      assert.equal(view.access, "consent");
      const events = await t.db
        .select()
        .from(consentEvents)
        .where(eq(consentEvents.consentId, n.consents.shared));
      assert.deepEqual(events.map((e) => e.kind).sort(), ["granted", "scope_added"]);
      assert.deepEqual(events.find((e) => e.kind === "scope_added")!.facilityIds, [n.facilities.outsider]);
    });

    it("ends access at a written withdrawal, and keeps the history", async () => {
      const gp = actor(n, "clinic.gp");
      assert.equal((await getPatient(t.db, gp, { patientId: n.patients.withdrawn })).access, "consent");
      await withdrawConsent(t.db, actor(n, "hosp.clerk"), {
        consentId: n.consents.withdrawn,
        withdrawnOn: "2025-03-01",
        document: { fileName: "withdrawal.jpg", bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) },
      });
      await assert.rejects(
        getPatient(t.db, gp, { patientId: n.patients.withdrawn }),
        expectDomainError("CONSENT_REQUIRED"),
      );
      assert.deepEqual(await searchPatients(t.db, gp, { q: "サトウ" }), []);
      const office = await getPatient(t.db, actor(n, "office.admin"), { patientId: n.patients.withdrawn });
      assert.deepEqual(
        office.consents[0]!.events.map((e) => e.kind),
        ["withdrawn", "granted"],
      );
      await assert.rejects(
        withdrawConsent(t.db, actor(n, "hosp.clerk"), {
          consentId: n.consents.withdrawn,
          withdrawnOn: "2025-03-02",
          document: { fileName: "w.pdf", bytes: tinyPdf() },
        }),
        expectDomainError("CONFLICT"),
      );
    });

    it("serves signed documents only inside consent", async () => {
      const [event] = await t.db
        .select()
        .from(consentEvents)
        .where(eq(consentEvents.consentId, n.consents.shared))
        .limit(1);
      const doc = await getConsentDocument(t.db, actor(n, "hosp.clerk"), { attachmentId: event!.documentId });
      assert.equal(doc.mediaType, "application/pdf");
      await assert.rejects(
        getConsentDocument(t.db, actor(n, "pharm.pharmacist"), { attachmentId: event!.documentId }),
        expectDomainError("FORBIDDEN"),
      );
    });

    it("opens emergency access with a reason, time-limited and loudly audited", async () => {
      const outsider = actor(n, "outsider.gp");
      await assert.rejects(
        openBreakGlass(t.db, outsider, { patientId: n.patients.notShared, reason: "急変" }),
        expectDomainError("VALIDATION", "reason"),
      );
      await assert.rejects(
        openBreakGlass(t.db, actor(n, "outsider.clerk"), {
          patientId: n.patients.notShared,
          reason: "救急搬送され意識レベル低下、既往歴と内服薬の確認が必要",
        }),
        expectDomainError("FORBIDDEN"),
      );
      const grant = await openBreakGlass(t.db, outsider, {
        patientId: n.patients.notShared,
        reason: "救急搬送され意識レベル低下、既往歴と内服薬の確認が必要",
      });
      assert.ok(grant.expiresAt.getTime() > Date.now());
      const view = await getPatient(t.db, outsider, { patientId: n.patients.notShared });
      assert.equal(view.access, "break_glass");
      assert.equal(
        await auditCount(n.patients.notShared, outsider.practitionerId, "break_glass.access", "success"),
        1,
      );
      assert.equal(
        await auditCount(n.patients.notShared, outsider.practitionerId, "break_glass.open", "success"),
        1,
      );
    });

    it("registers a new patient with a local ID and written consent, all or nothing", async () => {
      const clerk = actor(n, "hosp.clerk");
      const form = {
        familyName: "高橋",
        givenName: "三郎",
        familyNameKana: "たかはし",
        givenNameKana: "サブロウ",
        birthDate: "1939-12-24",
        sex: "male",
        postalCode: "992-0012",
        address: "山形県米沢市金池1-1",
        localId: "H-777",
        obtainedOn: "2025-06-01",
        facilityIds: [n.facilities.clinic],
      };
      const before = await t.db.$count(patients);
      await assert.rejects(registerPatient(t.db, clerk, form), expectDomainError("VALIDATION", "document"));
      await assert.rejects(
        registerPatient(t.db, clerk, { ...form, document: { fileName: "c.pdf", bytes: fakeExecutable() } }),
        expectDomainError("UNSUPPORTED_MEDIA_TYPE", "document"),
      );
      assert.equal(await t.db.$count(patients), before, "a refused consent leaves no patient behind");

      const created = await registerPatient(t.db, clerk, {
        ...form,
        document: { fileName: "c.pdf", bytes: tinyPdf() },
      });
      assert.equal(isValidRegionalId(created.regionalId), true);
      const hits = await searchPatients(t.db, actor(n, "clinic.gp"), { q: "タカハシ" });
      assert.deepEqual(
        hits.map((h) => h.regionalId),
        [created.regionalId],
      );
      await assert.rejects(
        registerPatient(t.db, clerk, { ...form, document: { fileName: "c.pdf", bytes: tinyPdf() } }),
        expectDomainError("CONFLICT", "localId"),
      );
      await assert.rejects(
        registerPatient(t.db, actor(n, "pharm.pharmacist"), {
          ...form,
          localId: "P1",
          document: { fileName: "c.pdf", bytes: tinyPdf() },
        }),
        expectDomainError("FORBIDDEN"),
      );
    });

    it("keeps the audit chain intact through all of it", async () => {
      const verdict = await verifyAuditChain(t.db);
      assert.equal(verdict.ok, true, JSON.stringify(verdict));
      assert.ok(verdict.events > 20);
    });
  });
}
