import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { consents, departments } from "../../server/db/schema";
import { isDomainError } from "../../server/errors";
import type { Actor } from "../../server/auth/permissions";
import { createConference } from "../../server/domain/conferences/create-conference";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { createReferral } from "../../server/domain/referrals/create-referral";
import { saveReferralDraft } from "../../server/domain/referrals/save-referral-draft";
import { sendReferral } from "../../server/domain/referrals/send-referral";
import { createSummary } from "../../server/domain/summaries/create-summary";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";
import { actionSurfaces, routeSurfaces, socketEventSurfaces } from "../helpers/surfaces";
import { MATRIX_ACTORS, MATRIX_ROWS, type Fixture, type MatrixActor } from "../helpers/authorization-matrix";

/**
 * The authorization matrix as data (tests/helpers/authorization-matrix.ts): every
 * route, server action and socket event has a row; the rows that take an id
 * are walked here for every practitioner of the test region (professions ×
 * roles × facilities inside and outside the patient's consent), in-process
 * against the use case the glue calls (the glue only authenticates and
 * parses). A cell is "allow" when the call got past authorization (it
 * answered, or refused only for a reason that comes after the access check:
 * a stale version, a state, a field), "deny" when it was refused as
 * FORBIDDEN, CONSENT_REQUIRED or NOT_FOUND. Any allow the table does not
 * expect fails the test.
 */
const DENIALS = new Set(["FORBIDDEN", "CONSENT_REQUIRED", "NOT_FOUND", "UNAUTHENTICATED"]);
/** refusals that only come once the actor may act on the id (the access check passed) */
const PAST_ACCESS = new Set([
  "CONFLICT",
  "INVALID_TRANSITION",
  "VALIDATION",
  "UPSTREAM_FAILED",
  "UPSTREAM_TIMEOUT",
]);

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "allow";
  } catch (e) {
    if (!isDomainError(e)) return `error: ${e instanceof Error ? e.message : String(e)}`;
    if (DENIALS.has(e.code)) return "deny";
    if (PAST_ACCESS.has(e.code)) return "allow";
    return `error: ${e.code}`;
  }
}

describe("authorization matrix as data", () => {
  it("has a row for every route, server action and socket event", () => {
    const covered = new Set(MATRIX_ROWS.flatMap((r) => r.surfaces));
    const missing = [
      ...routeSurfaces().map((r) => r.key),
      ...actionSurfaces().map((a) => a.key),
      ...socketEventSurfaces().map((e) => `socket ${e}`),
    ].filter((key) => !covered.has(key));
    assert.deepEqual(
      missing,
      [],
      `add these to tests/integration/tests/helpers/authorization-matrix.ts:\n${missing.join("\n")}`,
    );
    for (const row of MATRIX_ROWS) {
      assert.ok(row.walk || row.coveredBy, `${row.name}: either walked here or names the test that walks it`);
      if (row.walk) {
        assert.deepEqual(
          Object.keys(row.expect).sort(),
          [...MATRIX_ACTORS].sort(),
          `${row.name}: a cell per actor`,
        );
      }
    }
  });

  describe("walked against the domain", () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    let f: Fixture;

    before(async () => {
      t = await createTestDatabase("postgres");
      n = await createPathwayNetwork(t.db);
      const [dept] = await t.db
        .insert(departments)
        .values({ facilityId: n.facilities.hospital, name: "脳神経内科", acceptsReferrals: true })
        .returning({ id: departments.id });
      const gp = actor(n, "clinic.gp");
      const doctor = actor(n, "hosp.doctor");
      const patientId = n.patients.shared;
      const { referralId, version } = await createReferral(t.db, gp, {
        patientId,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: dept!.id,
      });
      const saved = await saveReferralDraft(t.db, gp, {
        referralId,
        version,
        destinationFacilityId: n.facilities.hospital,
        destinationDepartmentId: dept!.id,
        priority: "routine",
        content: {
          purpose: "精査加療のお願い",
          chiefComplaint: "右上下肢の脱力",
          diagnoses: [{ name: "脳梗塞疑い" }],
        },
      });
      await sendReferral(t.db, gp, { referralId, version: saved.version });
      const { enrolmentId } = await enrolPatient(t.db, doctor, {
        patientId,
        pathway: "stroke",
        admittedOn: "2026-06-01",
      });
      const { summaryId } = await createSummary(t.db, doctor, {
        patientId,
        referralId: null,
        authorDepartment: "脳神経内科",
      });
      const { conferenceId } = await createConference(t.db, doctor, {
        title: "症例検討",
        kind: "case_conference",
        invitees: [{ practitionerId: gp.practitionerId }],
        agenda: [{ patientId }],
      });
      const [consent] = await t.db.select().from(consents).where(eq(consents.id, n.consents.shared));
      f = {
        db: t.db,
        n,
        patientId,
        referralId,
        summaryId,
        enrolmentId,
        conferenceId,
        consentDocumentId: consent!.documentId,
        departmentId: dept!.id,
      };
    });
    after(async () => {
      await t?.close();
    });

    it("allows exactly the expected cells", async () => {
      const unexpected: string[] = [];
      for (const row of MATRIX_ROWS) {
        if (!row.walk) continue;
        for (const login of MATRIX_ACTORS as readonly MatrixActor[]) {
          const who: Actor = actor(n, login);
          const got = await outcome(() => row.walk!(f, who));
          const want = row.expect[login];
          if (got !== want) unexpected.push(`${row.name} × ${login}: expected ${want}, got ${got}`);
        }
      }
      assert.deepEqual(unexpected, [], unexpected.join("\n"));
    });
  });
});
