import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, desc, eq } from "drizzle-orm";
import { auditEvents, consentEvents, consentScope, consents } from "../../server/db/schema";
import { checkPatientAccess } from "../../server/domain/consent/check-patient-access";
import { addConsentFacility } from "../../server/domain/consent/add-consent-facility";
import { getConsentDocument } from "../../server/domain/consent/get-consent-document";
import { grantConsent } from "../../server/domain/consent/grant-consent";
import { withdrawConsent } from "../../server/domain/consent/withdraw-consent";
import { getPatient } from "../../server/domain/patients/get-patient";
import { searchPatients } from "../../server/domain/patients/search-patients";
import { formatRegionalId } from "../../server/domain/patients/regional-id";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, tinyPdf, type Network } from "../helpers/fixtures";

/** Issue 20, defects 1 and 2: a withdrawal never locks out those who record what comes next. */
for (const backend of BACKENDS) {
  describe(`consent administration after a withdrawal (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
    });
    after(async () => t.close());

    const lastAudit = async (actorId: string, action: string) => {
      const [row] = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, actorId), eq(auditEvents.action, action)))
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      return row;
    };

    it("lets the hospital's clerk find the patient, read the consent and its forms, and record a new consent", async () => {
      const clerk = actor(n, "hosp.clerk");
      const gp = actor(n, "clinic.gp");
      const patientId = n.patients.withdrawn;
      await withdrawConsent(t.db, clerk, {
        consentId: n.consents.withdrawn,
        withdrawnOn: "2025-03-01",
        document: { fileName: "withdrawal.pdf", bytes: tinyPdf("withdrawal") },
      });

      // the page stays open to her, for consent administration only, and the view is audited as such
      const view = await getPatient(t.db, clerk, { patientId });
      assert.equal(view.access, "consent_administration");
      assert.deepEqual(view.currentScope, []);
      assert.deepEqual(
        view.consents[0]!.events.map((e) => e.kind),
        ["withdrawn", "granted"],
      );
      const audited = await lastAudit(clerk.practitionerId, "patient.view");
      assert.equal(audited?.outcome, "success");
      assert.equal(audited?.purpose, "administration");
      assert.equal((audited?.details as { basis?: string }).basis, "consent_administration");

      // the signed forms too; nothing clinical, not even for the facility's administrator
      const doc = await getConsentDocument(t.db, clerk, {
        attachmentId: view.consents[0]!.events[0]!.documentId,
      });
      assert.equal(doc.mediaType, "application/pdf");
      assert.deepEqual(await checkPatientAccess(t.db, actor(n, "hosp.admin"), patientId, "clinical"), {
        allowed: false,
        reason: "no_consent",
      });
      // a facility that never held the patient stays outside, and so do the others in the old scope
      await assert.rejects(getPatient(t.db, gp, { patientId }), expectDomainError("CONSENT_REQUIRED"));
      await assert.rejects(
        getPatient(t.db, actor(n, "outsider.clerk"), { patientId }),
        expectDomainError("CONSENT_REQUIRED"),
      );

      // found by regional or local ID on the search page, never by name, never by pickers
      const regionalId = formatRegionalId(3);
      const byRegional = await searchPatients(
        t.db,
        clerk,
        { q: regionalId },
        { consentAdministration: true },
      );
      assert.deepEqual(
        byRegional.map((h) => [h.id, h.inScope]),
        [[patientId, false]],
      );
      const search = await lastAudit(clerk.practitionerId, "patient.search");
      assert.equal(search?.purpose, "administration");
      assert.deepEqual(
        (search?.details as { consentAdministrationIds?: string[] }).consentAdministrationIds,
        [patientId],
      );
      const byLocal = await searchPatients(t.db, clerk, { q: "H30001" }, { consentAdministration: true });
      assert.deepEqual(
        byLocal.map((h) => h.id),
        [patientId],
      );
      assert.deepEqual(
        await searchPatients(t.db, clerk, { q: "サトウ" }, { consentAdministration: true }),
        [],
      );
      assert.deepEqual(await searchPatients(t.db, clerk, { q: regionalId }), []);
      assert.deepEqual(
        await searchPatients(
          t.db,
          actor(n, "outsider.clerk"),
          { q: regionalId },
          { consentAdministration: true },
        ),
        [],
      );
      assert.deepEqual(
        await searchPatients(t.db, gp, { q: regionalId }, { consentAdministration: true }),
        [],
        "a physician of a facility in the old scope does not administer the consent",
      );

      // and she records the new consent herself
      await grantConsent(t.db, clerk, {
        patientId,
        obtainedOn: "2025-04-01",
        facilityIds: [n.facilities.clinic],
        document: { fileName: "consent.pdf", bytes: tinyPdf("again") },
      });
      assert.equal((await getPatient(t.db, clerk, { patientId })).access, "consent");
      assert.equal((await getPatient(t.db, gp, { patientId })).access, "consent");
    });

    it("files an office-recorded consent as signed where the form says, without adding the office", async () => {
      const office = actor(n, "office.admin");
      const patientId = n.patients.notShared;
      const form = {
        patientId,
        obtainedOn: "2025-05-01",
        facilityIds: [n.facilities.clinic, n.facilities.pharmacy],
        document: { fileName: "consent.pdf", bytes: tinyPdf("office") },
      };
      await assert.rejects(
        grantConsent(t.db, office, form),
        expectDomainError("VALIDATION", "signedAtFacilityId"),
      );
      await assert.rejects(
        grantConsent(t.db, office, { ...form, signedAtFacilityId: "00000000-0000-4000-8000-000000000000" }),
        expectDomainError("VALIDATION", "signedAtFacilityId"),
      );
      const { consentId } = await grantConsent(t.db, office, {
        ...form,
        signedAtFacilityId: n.facilities.hospital,
      });
      const [consent] = await t.db.select().from(consents).where(eq(consents.id, consentId));
      assert.equal(consent!.facilityId, n.facilities.hospital);
      const scope = await t.db.select().from(consentScope).where(eq(consentScope.consentId, consentId));
      assert.deepEqual(
        new Set(scope.map((s) => s.facilityId)),
        new Set([n.facilities.hospital, n.facilities.clinic, n.facilities.pharmacy]),
      );
      // a facility's own staff file only their own facility's forms
      await assert.rejects(
        grantConsent(t.db, actor(n, "hosp.clerk"), { ...form, signedAtFacilityId: n.facilities.clinic }),
        expectDomainError("FORBIDDEN"),
      );
      // so the hospital's clerk keeps administering it: 連携先追加
      await addConsentFacility(t.db, actor(n, "hosp.clerk"), {
        consentId,
        effectiveOn: "2025-05-02",
        facilityIds: [n.facilities.outsider],
        document: { fileName: "add.pdf", bytes: tinyPdf("add") },
      });
      const events = await t.db.select().from(consentEvents).where(eq(consentEvents.consentId, consentId));
      assert.deepEqual(events.map((e) => e.kind).sort(), ["granted", "scope_added"]);
    });
  });
}
