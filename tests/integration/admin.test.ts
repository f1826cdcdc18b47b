import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DomainError } from "../../server/errors";
import {
  addDepartment,
  createFacility,
  getFacility,
  updateFacility,
} from "../../server/domain/facilities/manage-facilities";
import {
  createPractitioner,
  listPractitioners,
  updatePractitioner,
} from "../../server/domain/practitioners/manage-practitioners";
import { startSignIn } from "../../server/domain/auth/start-sign-in";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

const policy = {
  requireTotp: true,
  maxFailedAttempts: 5,
  lockoutMinutes: 15,
  absoluteTimeoutHours: 12,
  idleTimeoutMinutes: 30,
};

for (const backend of BACKENDS) {
  describe(`facility and user administration (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
    });
    after(async () => t.close());

    it("lets only the network office create facilities, with field errors and a code conflict", async () => {
      const office = actor(n, "office.admin");
      const form = {
        code: "0610009999",
        name: "新設クリニック",
        nameKana: "シンセツクリニック",
        kind: "medical_clinic",
        role: "viewing",
        bedCount: 0,
        phone: "0238-00-0000",
      };
      await assert.rejects(
        createFacility(t.db, actor(n, "hosp.admin"), form),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        createFacility(t.db, office, { ...form, code: "12", nameKana: "abc" }),
        (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.deepEqual(e.fields.map((f) => f.field).sort(), ["code", "nameKana"]);
          return true;
        },
      );
      const { facilityId } = await createFacility(t.db, office, form);
      await assert.rejects(createFacility(t.db, office, form), expectDomainError("CONFLICT", "code"));
      await assert.rejects(
        updateFacility(t.db, office, { facilityId, code: "0610000001" }),
        expectDomainError("CONFLICT", "code"),
      );
      // a partial update changes only what was sent
      await updateFacility(t.db, office, { facilityId, name: "新設内科クリニック" });
      const after = await getFacility(t.db, facilityId);
      assert.equal(after.name, "新設内科クリニック");
      assert.equal(after.phone, "0238-00-0000");
    });

    it("lets a facility admin edit their own facility but not its code, nor other facilities", async () => {
      const admin = actor(n, "hosp.admin");
      await updateFacility(t.db, admin, { facilityId: n.facilities.hospital, phone: "0238-11-2222" });
      await assert.rejects(
        updateFacility(t.db, admin, { facilityId: n.facilities.hospital, code: "0610000100" }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        updateFacility(t.db, admin, { facilityId: n.facilities.clinic, phone: "1" }),
        expectDomainError("FORBIDDEN"),
      );
      await addDepartment(t.db, admin, {
        facilityId: n.facilities.hospital,
        name: "脳神経外科",
        acceptsReferrals: true,
      });
      await assert.rejects(
        addDepartment(t.db, admin, { facilityId: n.facilities.hospital, name: "脳神経外科" }),
        expectDomainError("CONFLICT", "name"),
      );
    });

    it("creates accounts with a one-time password; the new user must enrol TOTP", async () => {
      const admin = actor(n, "hosp.admin");
      const form = {
        loginId: "new.nurse",
        familyName: "新人",
        givenName: "看護",
        familyNameKana: "シンジン",
        givenNameKana: "カンゴ",
        profession: "nurse",
        facilityId: n.facilities.hospital,
        roles: ["staff"],
      };
      await assert.rejects(
        createPractitioner(t.db, admin, { ...form, facilityId: n.facilities.clinic }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        createPractitioner(t.db, admin, { ...form, roles: ["network_admin"] }),
        expectDomainError("FORBIDDEN"),
      );
      const created = await createPractitioner(t.db, admin, form);
      await assert.rejects(createPractitioner(t.db, admin, form), expectDomainError("CONFLICT", "loginId"));
      const step = await startSignIn(
        t.db,
        { loginId: "new.nurse", password: created.initialPassword },
        policy,
        { ip: "", userAgent: "" },
      );
      assert.equal(step.next, "enrol");
      const staff = await listPractitioners(t.db, admin);
      assert.ok(staff.every((p) => p.facilityId === n.facilities.hospital));
      await assert.rejects(listPractitioners(t.db, actor(n, "clinic.gp")), expectDomainError("FORBIDDEN"));
    });

    it("refuses an administrator changing their own roles or disabling themselves", async () => {
      const admin = actor(n, "hosp.admin");
      await assert.rejects(
        updatePractitioner(t.db, admin, { practitionerId: admin.practitionerId, roles: ["staff"] }),
        expectDomainError("CONFLICT"),
      );
      await assert.rejects(
        updatePractitioner(t.db, admin, { practitionerId: admin.practitionerId, disabled: true }),
        expectDomainError("CONFLICT"),
      );
      await updatePractitioner(t.db, admin, {
        practitionerId: actor(n, "hosp.clerk").practitionerId,
        disabled: true,
      });
      await assert.rejects(
        startSignIn(t.db, { loginId: "hosp.clerk", password: "Test-password-2026" }, policy, {
          ip: "",
          userAgent: "",
        }),
        expectDomainError("UNAUTHENTICATED"),
      );
    });
  });
}
