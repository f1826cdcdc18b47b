import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { appendAuditEvent } from "../../server/domain/audit/append-audit-event";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { BACKENDS, createTestDatabase, dbErrorMatching, type TestDatabase } from "../helpers/db";

for (const backend of BACKENDS) {
  describe(`audit chain (${backend})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(backend);
    });
    after(async () => {
      await t.close();
    });

    it("links concurrent appends into one unbroken chain", async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          appendAuditEvent(t.db, {
            actorId: null,
            actorFacilityId: null,
            action: "auth.sign_in",
            purpose: "security",
            outcome: i % 3 === 0 ? "failure" : "success",
            details: { attempt: i, nested: { b: 1, a: [2, 1] } },
          }),
        ),
      );
      const verdict = await verifyAuditChain(t.db, 7);
      assert.deepEqual(verdict.ok && { ok: true, events: verdict.events }, { ok: true, events: 20 });
    });

    it("refuses UPDATE, DELETE and TRUNCATE on the audit log", async () => {
      await assert.rejects(
        t.db.execute(sql`update audit_events set outcome = 'success'`),
        dbErrorMatching(/append-only/),
      );
      await assert.rejects(t.db.execute(sql`delete from audit_events`), dbErrorMatching(/append-only/));
      await assert.rejects(t.db.execute(sql`truncate audit_events`), dbErrorMatching(/append-only/));
    });

    it("names the first event whose content was changed behind the trigger's back", async () => {
      await t.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
      await t.db.execute(sql`update audit_events set outcome = 'denied' where seq = 5`);
      await t.db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
      const verdict = await verifyAuditChain(t.db);
      assert.equal(verdict.ok, false);
      assert.equal(!verdict.ok && verdict.brokenAtSeq, 5);
    });
  });
}
