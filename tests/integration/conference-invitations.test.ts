import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { auditEvents, conferences } from "../../server/db/schema";
import { createConference } from "../../server/domain/conferences/create-conference";
import {
  cancelConference,
  exportConferenceCalendar,
  rescheduleConference,
} from "../../server/domain/conferences/conference-schedule";
import { listNotifications } from "../../server/domain/notifications/list-notifications";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { verifyAuditChain } from "../../server/domain/audit/verify-audit-chain";
import { expectDomainError } from "../helpers/errors";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createNetwork, type Network } from "../helpers/fixtures";

const start = "2026-12-10T18:30:00+09:00";
const end = "2026-12-10T19:30:00+09:00";

/** The one VEVENT of an .ics text, parsed back with ical.js (as a calendar application would). */
function eventOf(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const event = calendar.getFirstSubcomponent("vevent")!;
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    sequence: event.getFirstPropertyValue("sequence"),
    status: event.getFirstPropertyValue("status"),
    summary: event.getFirstPropertyValue("summary"),
    start: (event.getFirstPropertyValue("dtstart") as ICAL.Time).toString(),
    attendees: event.getAllProperties("attendee").map((p) => p.getParameter("cn")),
  };
}

for (const backend of BACKENDS) {
  describe(`conference invitations reach the invitees: notifications and .ics (${backend})`, () => {
    let t: TestDatabase;
    let n: Network;
    let conferenceId: string;
    const pushes: NotificationPush[] = [];
    let unsubscribe: () => void = () => {};
    before(async () => {
      t = await createTestDatabase(backend);
      n = await createNetwork(t.db);
      unsubscribe = onNotification((p) => pushes.push(p));
    });
    after(async () => {
      unsubscribe();
      await t.close();
    });

    const kindsFor = async (login: string) =>
      (await listNotifications(t.db, actor(n, login))).items
        .filter((i) => i.conferenceId === conferenceId)
        .map((i) => [i.kind, i.event, i.meetingTitle]);

    it("tells each invitee of a scheduled conference, not the host, with its title and time", async () => {
      ({ conferenceId } = await createConference(t.db, actor(n, "hosp.doctor"), {
        title: "脳卒中症例検討",
        kind: "case_conference",
        scheduledStart: start,
        scheduledEnd: end,
        invitees: [
          { practitionerId: actor(n, "clinic.gp").practitionerId },
          { practitionerId: actor(n, "pharm.pharmacist").practitionerId, role: "observer" },
        ],
        agenda: [{ patientId: n.patients.shared, question: "抗凝固療法" }],
      }));
      assert.deepEqual(await kindsFor("clinic.gp"), [["conference_invitation", "invited", "脳卒中症例検討"]]);
      assert.deepEqual(await kindsFor("pharm.pharmacist"), [
        ["conference_invitation", "invited", "脳卒中症例検討"],
      ]);
      assert.deepEqual(await kindsFor("hosp.doctor"), []);
      const [line] = (await listNotifications(t.db, actor(n, "clinic.gp"))).items;
      assert.equal(line!.conferenceStart?.toISOString(), new Date(start).toISOString());
      // pushed live after the commit, to the two invitees only
      const push = pushes.find((p) => p.conferenceId === conferenceId && p.kind === "conference_invitation");
      assert.deepEqual(
        new Set(push?.recipientIds),
        new Set([actor(n, "clinic.gp").practitionerId, actor(n, "pharm.pharmacist").practitionerId]),
      );
    });

    it("gives an invitee the invitation as .ics, without the agenda's patients; refuses others", async () => {
      const ics = await exportConferenceCalendar(t.db, actor(n, "clinic.gp"), { conferenceId });
      assert.match(ics.mediaType, /^text\/calendar; charset=utf-8; method=REQUEST$/);
      const event = eventOf(ics.text);
      assert.equal(event.method, "REQUEST");
      assert.equal(event.uid, `${conferenceId}@conferences.okinet-collab`);
      assert.equal(event.sequence, 0);
      assert.equal(event.status, "CONFIRMED");
      assert.equal(event.summary, "脳卒中症例検討");
      assert.equal(event.start, "2026-12-10T18:30:00");
      assert.equal(event.attendees.length, 2);
      assert.doesNotMatch(ics.text, /山田|花子/);
      await assert.rejects(
        exportConferenceCalendar(t.db, actor(n, "outsider.gp"), { conferenceId }),
        expectDomainError("FORBIDDEN"),
      );
    });

    it("lets only the host reschedule, refuses a stale version and an end before the start", async () => {
      const move = {
        conferenceId,
        version: 1,
        title: "脳卒中症例検討（延期）",
        scheduledStart: "2026-12-11T18:30:00+09:00",
        scheduledEnd: "2026-12-11T19:30:00+09:00",
      };
      await assert.rejects(
        rescheduleConference(t.db, actor(n, "clinic.gp"), move),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        rescheduleConference(t.db, actor(n, "hosp.doctor"), { ...move, version: 7 }),
        expectDomainError("CONFLICT", "version"),
      );
      await assert.rejects(
        rescheduleConference(t.db, actor(n, "hosp.doctor"), { ...move, scheduledEnd: move.scheduledStart }),
        expectDomainError("VALIDATION", "scheduledEnd"),
      );
      const [unchanged] = await t.db.select().from(conferences).where(eq(conferences.id, conferenceId));
      assert.equal(unchanged!.version, 1);

      assert.deepEqual(await rescheduleConference(t.db, actor(n, "hosp.doctor"), move), {
        conferenceId,
        version: 2,
      });
      assert.deepEqual((await kindsFor("clinic.gp"))[0], [
        "conference_updated",
        "rescheduled",
        "脳卒中症例検討（延期）",
      ]);
      const event = eventOf(
        (await exportConferenceCalendar(t.db, actor(n, "pharm.pharmacist"), { conferenceId })).text,
      );
      assert.equal(event.sequence, 1);
      assert.equal(event.start, "2026-12-11T18:30:00");
    });

    it("cancels once, tells every invitee, and the .ics becomes a cancellation", async () => {
      await assert.rejects(
        cancelConference(t.db, actor(n, "pharm.pharmacist"), { conferenceId, version: 2 }),
        expectDomainError("FORBIDDEN"),
      );
      assert.deepEqual(await cancelConference(t.db, actor(n, "hosp.doctor"), { conferenceId, version: 2 }), {
        conferenceId,
        status: "cancelled",
      });
      for (const login of ["clinic.gp", "pharm.pharmacist"]) {
        assert.deepEqual((await kindsFor(login))[0]!.slice(0, 2), ["conference_cancelled", "cancelled"]);
      }
      const ics = await exportConferenceCalendar(t.db, actor(n, "clinic.gp"), { conferenceId });
      assert.match(ics.mediaType, /method=CANCEL$/);
      const event = eventOf(ics.text);
      assert.deepEqual([event.method, event.status, event.sequence], ["CANCEL", "CANCELLED", 2]);
      await assert.rejects(
        cancelConference(t.db, actor(n, "hosp.doctor"), { conferenceId, version: 3 }),
        expectDomainError("INVALID_TRANSITION"),
      );
    });

    it("audits each change and the chain still verifies", async () => {
      const actions = await t.db
        .select({ action: auditEvents.action, outcome: auditEvents.outcome })
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, actor(n, "hosp.doctor").practitionerId)));
      const mine = actions.map((a) => `${a.action}:${a.outcome}`);
      assert.ok(mine.includes("conference.update:success"));
      assert.ok(mine.includes("conference.cancel:success"));
      const refused = await t.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.actorId, actor(n, "clinic.gp").practitionerId),
            eq(auditEvents.outcome, "denied"),
          ),
        );
      assert.ok(refused.some((r) => r.action === "conference.update"));
      assert.equal((await verifyAuditChain(t.db)).ok, true);
    });
  });
}
