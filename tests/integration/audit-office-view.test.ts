import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { patients } from "../../server/db/schema";
import { getPatient } from "../../server/domain/patients/get-patient";
import { patientAccessHistory } from "../../server/domain/audit/patient-access-history";
import { searchAuditEvents } from "../../server/domain/audit/search-audit-events";
import { expectDomainError } from "../helpers/errors";
import { auditedRead } from "../helpers/audit";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

for (const backend of BACKENDS) {
  describe(`the office reads the audit log by regional patient ID, with the patient named (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let regionalId: string;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      [{ regionalId }] = (await t.db
        .select({ regionalId: patients.regionalId })
        .from(patients)
        .where(eq(patients.id, n.patients.shared))) as [{ regionalId: string }];
      // something to find: the GP opens the patient
      await getPatient(t.db, actor(n, "clinic.gp"), { patientId: n.patients.shared });
    });
    after(async () => t.close());

    it("finds a patient's events by regional ID, typed in lower case too, naming the patient", async () => {
      const office = actor(n, "office.admin");
      for (const typed of [regionalId, regionalId.toLowerCase()]) {
        const { result: rows, event } = await auditedRead(t.db, office.practitionerId, "audit.search", () =>
          searchAuditEvents(t.db, office, { patientId: typed }),
        );
        assert.deepEqual([event.patientId, event.details.results], [n.patients.shared, rows.length]);
        assert.ok(rows.length > 0, typed);
        assert.ok(rows.every((r) => r.patientId === n.patients.shared));
        assert.equal(rows[0]!.patientRegionalId, regionalId);
        assert.equal(rows[0]!.patientName, "山田 花子");
      }
    });

    it("finds nothing for a regional ID no one has, and refuses what is neither kind of ID, on its field", async () => {
      const office = actor(n, "office.admin");
      assert.deepEqual(await searchAuditEvents(t.db, office, { patientId: "OK999999990" }), []);
      await assert.rejects(
        searchAuditEvents(t.db, office, { patientId: "yamada" }),
        expectDomainError("VALIDATION", "patientId"),
      );
    });

    it("shows a patient's access history by regional ID, and still only to those who may read it", async () => {
      const office = actor(n, "office.admin");
      const { result: history, event } = await auditedRead(
        t.db,
        office.practitionerId,
        "audit.access_history",
        () => patientAccessHistory(t.db, office, { patientId: regionalId }),
      );
      assert.deepEqual(
        [event.patientId, event.details.results, event.details.view],
        [n.patients.shared, history.rows.length, "network_office"],
      );
      assert.ok(history.rows.some((r) => r.actorId === actor(n, "clinic.gp").practitionerId));
      await assert.rejects(
        patientAccessHistory(t.db, actor(n, "pharm.pharmacist"), { patientId: regionalId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        patientAccessHistory(t.db, actor(n, "hosp.admin"), { patientId: "OK999999990" }),
        expectDomainError("FORBIDDEN"),
      );
    });
  });
}
