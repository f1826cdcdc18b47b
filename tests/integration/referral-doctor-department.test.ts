import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { count, eq } from "drizzle-orm";
import { departments, practitioners, referrals } from "../../server/db/schema";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { listDestinationDoctors } from "../../server/domain/referrals/referral-destination";
import { updatePractitioner } from "../../server/domain/practitioners/manage-practitioners";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

for (const backend of BACKENDS) {
  describe(`a referral names only a doctor of the chosen department (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let neurosurgery: string;
    let ophthalmology: string;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      const rows = await t.db
        .insert(departments)
        .values([
          { facilityId: n.facilities.hospital, name: "脳神経外科", acceptsReferrals: true },
          { facilityId: n.facilities.hospital, name: "眼科", acceptsReferrals: true },
        ])
        .returning({ id: departments.id });
      [neurosurgery, ophthalmology] = rows.map((r) => r.id) as [string, string];
    });

    it("lets the facility's administrator put a doctor in one of its own departments, and no other", async () => {
      const doctorId = actor(n, "hosp.doctor").practitionerId;
      const [elsewhere] = await t.db
        .insert(departments)
        .values({ facilityId: n.facilities.outsider, name: "内科", acceptsReferrals: true })
        .returning({ id: departments.id });
      await assert.rejects(
        updatePractitioner(t.db, actor(n, "hosp.admin"), {
          practitionerId: doctorId,
          departmentId: elsewhere!.id,
        }),
        expectDomainError("VALIDATION", "departmentId"),
      );
      await assert.rejects(
        updatePractitioner(t.db, actor(n, "outsider.gp"), {
          practitionerId: doctorId,
          departmentId: neurosurgery,
        }),
        expectDomainError("FORBIDDEN"),
      );
      const unchanged = await t.db.select().from(practitioners).where(eq(practitioners.id, doctorId));
      assert.equal(unchanged[0]!.departmentId, null);
      await updatePractitioner(t.db, actor(n, "hosp.admin"), {
        practitionerId: doctorId,
        departmentId: neurosurgery,
      });
      const [row] = await t.db.select().from(practitioners).where(eq(practitioners.id, doctorId));
      assert.equal(row!.departmentId, neurosurgery);
    });
    after(async () => t.close());

    it("gives the picker each doctor's department", async () => {
      const doctors = await listDestinationDoctors(t.db, { facilityId: n.facilities.hospital });
      const doctor = doctors.find((d) => d.id === actor(n, "hosp.doctor").practitionerId);
      assert.equal(doctor?.departmentId, neurosurgery);
    });

    it("refuses the neurosurgeon for an eye referral, on the doctor's field, and writes nothing", async () => {
      const base = {
        patientId: n.patients.shared,
        destinationFacilityId: n.facilities.hospital,
        destinationPractitionerId: actor(n, "hosp.doctor").practitionerId,
      };
      const drafts = async () => (await t.db.select({ n: count() }).from(referrals))[0]!.n;
      const before = await drafts();
      await assert.rejects(
        createReferral(t.db, actor(n, "clinic.gp"), { ...base, destinationDepartmentId: ophthalmology }),
        expectDomainError("VALIDATION", "destinationPractitionerId"),
      );
      assert.equal(await drafts(), before);
      const created = await createReferral(t.db, actor(n, "clinic.gp"), {
        ...base,
        destinationDepartmentId: neurosurgery,
      });
      assert.ok(created.referralId);
    });
  });
}
