import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, count, eq } from "drizzle-orm";
import { auditEvents } from "../../server/db/schema";
import { listChatMessages, postChatMessage } from "../../server/domain/conferences/chat";
import { createConference } from "../../server/domain/conferences/create-conference";
import { decideAdmission, endConference } from "../../server/domain/conferences/decide-admission";
import { getConference } from "../../server/domain/conferences/get-conference";
import { joinConference } from "../../server/domain/conferences/join-conference";
import { listMyConferences } from "../../server/domain/conferences/list-conferences";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

const start = "2026-12-03T18:30:00+09:00";
const end = "2026-12-03T19:30:00+09:00";

for (const backend of BACKENDS) {
  describe(`case conferences: invitations, lobby, consent-aware agenda, chat (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let conferenceId: string;
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
    });
    after(async () => t.close());

    it("refuses bad schedules and cases the host may not see", async () => {
      const host = actor(n, "hosp.doctor");
      const base = { title: "脳卒中症例検討", kind: "case_conference", invitees: [], agenda: [] };
      await assert.rejects(
        createConference(t.db, host, { ...base, scheduledStart: end, scheduledEnd: start }),
        expectDomainError("VALIDATION", "scheduledEnd"),
      );
      await assert.rejects(
        createConference(t.db, host, { ...base, scheduledStart: "2026-12-03T18:30:00", scheduledEnd: end }),
        expectDomainError("VALIDATION", "scheduledStart"),
      );
      await assert.rejects(
        createConference(t.db, host, { ...base, agenda: [{ patientId: n.patients.notShared }] }),
        expectDomainError("CONSENT_REQUIRED"),
      );
    });

    it("schedules a conference with invitees from other facilities and two cases", async () => {
      const created = await createConference(t.db, actor(n, "hosp.doctor"), {
        title: "脳卒中症例検討",
        kind: "case_conference",
        scheduledStart: start,
        scheduledEnd: end,
        invitees: [
          { practitionerId: actor(n, "clinic.gp").practitionerId },
          { practitionerId: actor(n, "outsider.gp").practitionerId },
          { practitionerId: actor(n, "pharm.pharmacist").practitionerId, role: "observer" },
        ],
        agenda: [
          { patientId: n.patients.shared, question: "退院後の抗凝固療法の継続について" },
          { patientId: n.patients.withdrawn, question: "嚥下評価" },
        ],
      });
      conferenceId = created.conferenceId;
      const mine = await listMyConferences(t.db, actor(n, "clinic.gp"));
      assert.deepEqual(
        mine.map((c) => [c.id, c.status, c.admission]),
        [[conferenceId, "scheduled", "invited"]],
      );
    });

    it("shows each case only inside the viewer's consent, and audits what it shows", async () => {
      const gp = await getConference(t.db, actor(n, "clinic.gp"), { conferenceId });
      assert.deepEqual(
        gp.agenda.map((a) => a.redacted),
        [false, false],
      );
      assert.equal(gp.agenda[0]!.redacted === false && gp.agenda[0]!.name, "山田 花子");
      const outsider = await getConference(t.db, actor(n, "outsider.gp"), { conferenceId });
      assert.deepEqual(outsider.agenda, [
        { position: 0, redacted: true },
        { position: 1, redacted: true },
      ]);
      assert.ok(!JSON.stringify(outsider).includes("山田"), "nothing of a redacted case leaks");
      const pharmacist = await getConference(t.db, actor(n, "pharm.pharmacist"), { conferenceId });
      assert.deepEqual(
        pharmacist.agenda.map((a) => a.redacted),
        [true, true],
        "clinical cases are not a pharmacist's to see",
      );
      const [views] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "conference.case_view"),
            eq(auditEvents.actorId, actor(n, "clinic.gp").practitionerId),
          ),
        );
      assert.equal(Number(views!.n), 2);
    });

    it("lets nobody outside the invite list in, and audits the attempt", async () => {
      await assert.rejects(
        getConference(t.db, actor(n, "hosp.clerk"), { conferenceId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        joinConference(t.db, actor(n, "hosp.clerk"), { conferenceId }),
        expectDomainError("FORBIDDEN"),
      );
      const [denied] = await t.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "conference.join"), eq(auditEvents.outcome, "denied")));
      assert.equal(Number(denied!.n), 2);
      await assert.rejects(
        getConference(t.db, actor(n, "clinic.gp"), { conferenceId: "nope" }),
        expectDomainError("VALIDATION", "conferenceId"),
      );
    });

    it("runs the lobby: the host opens, invitees wait, the host admits or refuses", async () => {
      const gp = actor(n, "clinic.gp");
      await assert.rejects(joinConference(t.db, gp, { conferenceId }), expectDomainError("CONFLICT"));
      const host = await joinConference(t.db, actor(n, "hosp.doctor"), { conferenceId });
      assert.equal(host.admission, "admitted");
      assert.equal(host.changed, true, "the host's entry opened the conference");
      assert.equal(
        (await joinConference(t.db, actor(n, "hosp.doctor"), { conferenceId })).changed,
        false,
        "entering again changes nothing the page shows",
      );
      assert.equal((await getConference(t.db, gp, { conferenceId })).conference.status, "open");
      assert.equal((await joinConference(t.db, gp, { conferenceId })).admission, "waiting");
      await assert.rejects(
        postChatMessage(t.db, gp, { conferenceId, body: "よろしくお願いします" }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        decideAdmission(t.db, gp, { conferenceId, practitionerId: gp.practitionerId, decision: "admit" }),
        expectDomainError("FORBIDDEN"),
      );
      const hostActor = actor(n, "hosp.doctor");
      await decideAdmission(t.db, hostActor, {
        conferenceId,
        practitionerId: gp.practitionerId,
        decision: "admit",
      });
      assert.equal(
        (await joinConference(t.db, gp, { conferenceId })).admission,
        "admitted",
        "a re-join goes straight in",
      );
      await decideAdmission(t.db, hostActor, {
        conferenceId,
        practitionerId: actor(n, "outsider.gp").practitionerId,
        decision: "refuse",
      });
      await assert.rejects(
        joinConference(t.db, actor(n, "outsider.gp"), { conferenceId }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        decideAdmission(t.db, hostActor, {
          conferenceId,
          practitionerId: hostActor.practitionerId,
          decision: "remove",
        }),
        expectDomainError("CONFLICT"),
      );
    });

    it("keeps the chat with the conference", async () => {
      const gp = actor(n, "clinic.gp");
      await postChatMessage(t.db, gp, { conferenceId, body: "画像を共有します" });
      await postChatMessage(t.db, actor(n, "hosp.doctor"), { conferenceId, body: "お願いします" });
      await assert.rejects(
        postChatMessage(t.db, gp, { conferenceId, body: " " }),
        expectDomainError("VALIDATION", "body"),
      );
      await assert.rejects(
        postChatMessage(t.db, gp, { conferenceId, body: "x".repeat(2001) }),
        expectDomainError("VALIDATION", "body"),
      );
      const messages = await listChatMessages(t.db, actor(n, "hosp.doctor"), { conferenceId });
      assert.deepEqual(
        messages.map((m) => m.body),
        ["画像を共有します", "お願いします"],
      );
    });

    it("ends for everyone by the host only, and stays ended", async () => {
      await assert.rejects(
        endConference(t.db, actor(n, "clinic.gp"), { conferenceId }),
        expectDomainError("FORBIDDEN"),
      );
      await endConference(t.db, actor(n, "hosp.doctor"), { conferenceId });
      await assert.rejects(
        endConference(t.db, actor(n, "hosp.doctor"), { conferenceId }),
        expectDomainError("INVALID_TRANSITION"),
      );
      await assert.rejects(
        joinConference(t.db, actor(n, "clinic.gp"), { conferenceId }),
        expectDomainError("CONFLICT"),
      );
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });
  });
}
