import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { and, asc, eq, sql } from "drizzle-orm";
import { auditEvents, patients } from "../../server/db/schema";
import { agendaCandidates } from "../../server/domain/pathway-meetings/agenda-candidates";
import { cancelMeeting, cancelOccurrence } from "../../server/domain/pathway-meetings/cancel-meeting";
import { changeAgenda } from "../../server/domain/pathway-meetings/change-agenda";
import { getRoomAgenda } from "../../server/domain/pathway-meetings/conference-occurrence";
import { decisionFacilities } from "../../server/domain/pathway-meetings/decision-facilities";
import { joinMeeting } from "../../server/domain/pathway-meetings/join-meeting";
import { loadOccurrence } from "../../server/domain/pathway-meetings/load-meeting";
import { getMeetingAgenda } from "../../server/domain/pathway-meetings/meeting-agenda";
import { scheduleMeeting } from "../../server/domain/pathway-meetings/schedule-meeting";
import { withdrawEnrolment } from "../../server/domain/pathways/end-enrolment";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { recordVariance } from "../../server/domain/pathways/record-variance";
import { requestHandover } from "../../server/domain/pathways/request-handover";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";
import { consentedPatient } from "../helpers/pathway-runs";

/** Two hours from now, to the minute, `days` away: the next occurrence is always the coming one, whatever the hour. */
function inTwoHours(days: number): string {
  return new Date(Math.floor(Date.now() / 60_000) * 60_000 + 2 * 3_600_000 + days * 86_400_000).toISOString();
}

for (const backend of BACKENDS) {
  describe(`a pathway meeting's occurrence page and room: its conference, the cases to add, the 担当施設 choices (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    const as = (loginId: string) => actor(n, loginId);
    let next: { id: string; startsAt: Date };
    let following: { id: string; startsAt: Date };
    let meetingId: string;
    /** shared: 山田花子, in everyone's consent; noRehab: outside the rehabilitation hospital's; hip: another pathway; ended: withdrawn */
    const enrolments = { shared: "", noRehab: "", hip: "", ended: "" };
    const patientIds = { noRehab: "", ended: "" };

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      const doctor = as("hosp.doctor");
      const noRehab = await consentedPatient(t.db, n, 300, [n.facilities.clinic, n.pathwayFacilities.care]);
      const hip = await consentedPatient(t.db, n, 301);
      const ended = await consentedPatient(t.db, n, 302);
      Object.assign(patientIds, { noRehab, ended });
      const enrol = (patientId: string, pathway: "stroke" | "hip_fracture") =>
        enrolPatient(t.db, doctor, { patientId, pathway, admittedOn: "2026-11-01" });
      const shared = await enrol(n.patients.shared, "stroke");
      enrolments.shared = shared.enrolmentId;
      // 山田花子 goes on to the rehabilitation hospital: it is on her pathway from the request
      const varied = await recordVariance(t.db, doctor, {
        enrolmentId: shared.enrolmentId,
        version: shared.version,
        category: "patient",
        occurredOn: "2026-11-03",
        description: "嚥下障害で経口摂取が遅れた",
      });
      await requestHandover(t.db, doctor, {
        enrolmentId: shared.enrolmentId,
        version: varied.version,
        toFacilityId: n.pathwayFacilities.rehab,
      });
      enrolments.noRehab = (await enrol(noRehab, "stroke")).enrolmentId;
      enrolments.hip = (await enrol(hip, "hip_fracture")).enrolmentId;
      const toEnd = await enrol(ended, "stroke");
      enrolments.ended = toEnd.enrolmentId;
      await withdrawEnrolment(t.db, doctor, {
        enrolmentId: toEnd.enrolmentId,
        version: toEnd.version,
        endedOn: "2026-11-05",
        reason: "other",
      });

      // organized by the rehabilitation hospital's liaison office: a weekly series that began a week ago
      const scheduled = await scheduleMeeting(t.db, as("rehab.liaison"), {
        title: "脳卒中地域連携パス会議（週例）",
        pathway: "stroke",
        startsAt: inTwoHours(-7),
        rrule: "FREQ=WEEKLY;COUNT=4",
        invitees: [as("clinic.gp"), as("hosp.liaison")].map((a) => a.practitionerId),
      });
      meetingId = scheduled.meetingId;
      const at = scheduled.occurrences.findIndex((o) => o.startsAt.getTime() > Date.now() + 60_000);
      next = scheduled.occurrences[at]!;
      following = scheduled.occurrences[at + 1]!;
    });
    after(async () => {
      await t.close();
    });
    /** what the occurrence page and the room read: the agenda with the managers' tools */
    const pageAgenda = (loginId: string, occurrenceId: string) =>
      getMeetingAgenda(t.db, as(loginId), { occurrenceId }, { managerTools: true });
    const candidatesOf = async (occurrenceId: string) =>
      (await pageAgenda("rehab.liaison", occurrenceId)).candidates;
    /** the practitioner's audited reads of the managers' tools, oldest first */
    const toolReads = (loginId: string) =>
      t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "pathway_meeting.view"),
            eq(auditEvents.actorId, as(loginId).practitionerId),
            sql`${auditEvents.details}->>'read' in ('agenda_candidates', 'decision_facilities')`,
          ),
        )
        .orderBy(asc(auditEvents.seq));

    it("offers the coordinator the active cases of the meeting's pathway inside their consent, not on the agenda", async () => {
      const coordinator = as("rehab.liaison");
      // the next occurrence's agenda already holds every stroke case that changed
      assert.deepEqual(await candidatesOf(next.id), []);
      // the following one's history is empty: its candidates are the active stroke cases rehab may see
      const offered = await candidatesOf(following.id);
      assert.ok(offered);
      assert.deepEqual(
        offered.map((c) => c.enrolmentId),
        [enrolments.shared],
        "not the case outside rehab's consent, not the hip fracture, not the withdrawn one",
      );
      const [yamada] = offered;
      assert.equal(yamada?.name, "山田 花子");
      assert.equal(yamada?.pathway, "stroke");
      assert.equal(yamada?.pathwayName.ja, "脳卒中地域連携パス");
      // the handover to rehab is only requested: her current stage is still the acute hospital's
      assert.equal(yamada?.currentStage?.facilityName, "テスト総合病院");
      const [her] = await t.db
        .select({ regionalId: patients.regionalId })
        .from(patients)
        .where(eq(patients.id, n.patients.shared));
      assert.equal(yamada?.regionalId, her?.regionalId);
      // the list names patients: audited with their ids
      const [audited] = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "pathway_meeting.view"),
            eq(auditEvents.actorId, coordinator.practitionerId),
            sql`${auditEvents.details}->>'read' = 'agenda_candidates'`,
          ),
        );
      assert.deepEqual(audited?.details.patientIds, [n.patients.shared]);

      await changeAgenda(t.db, coordinator, {
        occurrenceId: following.id,
        enrolmentId: enrolments.shared,
        change: "add",
      });
      assert.deepEqual(await candidatesOf(following.id), []);
      // a case removed from the next occurrence is offered back
      await changeAgenda(t.db, coordinator, {
        occurrenceId: next.id,
        enrolmentId: enrolments.shared,
        change: "remove",
      });
      assert.deepEqual(
        (await candidatesOf(next.id))?.map((c) => c.enrolmentId),
        [enrolments.shared],
      );
      await changeAgenda(t.db, coordinator, {
        occurrenceId: next.id,
        enrolmentId: enrolments.shared,
        change: "add",
      });
    });

    it("offers the candidates only to the meeting's managers", async () => {
      // an invitee, and a coordinator at another facility invited by name, manage nothing: no candidates read
      for (const loginId of ["clinic.gp", "hosp.liaison"]) {
        const agenda = await pageAgenda(loginId, following.id);
        assert.equal(agenda.me.manage, false);
        assert.equal(agenda.candidates, null);
        assert.equal(agenda.facilities, null);
        assert.deepEqual(await toolReads(loginId), []);
        // nor do the tools themselves serve them
        const access = await loadOccurrence(t.db, as(loginId), following.id, "pathway_meeting.view");
        await assert.rejects(agendaCandidates(t.db, as(loginId), access, []), expectDomainError("FORBIDDEN"));
      }
      await assert.rejects(pageAgenda("outsider.gp", following.id), expectDomainError("NOT_FOUND"));
    });

    it("finds the agenda of a pathway meeting's room, for those at the meeting only", async () => {
      const opened = await joinMeeting(
        t.db,
        as("rehab.liaison"),
        { occurrenceId: next.id },
        { now: new Date(next.startsAt.getTime() - 10 * 60_000) },
      );
      const { conferenceId } = opened;
      const inRoom = async (loginId: string) => {
        const agenda = await getRoomAgenda(t.db, as(loginId), { conferenceId });
        assert.ok(agenda, `${loginId} finds the room's occurrence`);
        return agenda;
      };
      const rehab = await inRoom("rehab.liaison");
      assert.deepEqual([rehab.meeting.id, rehab.occurrence.id, rehab.me.manage], [meetingId, next.id, true]);
      const gp = await inRoom("clinic.gp");
      assert.deepEqual([gp.meeting.id, gp.occurrence.id, gp.me.manage], [meetingId, next.id, false]);
      // the room shows the occurrence's agenda, redacted per reader, with the managers' tools for them only
      assert.equal(gp.occurrence.conferenceId, conferenceId);
      assert.ok(gp.cases.some((c) => !c.redacted && c.enrolmentId === enrolments.shared));
      assert.ok(rehab.cases.some((c) => c.redacted && c.enrolmentId === enrolments.noRehab));
      assert.equal(gp.candidates, null);
      assert.ok(rehab.candidates, "the coordinator may add cases from the room");

      await assert.rejects(
        getRoomAgenda(t.db, as("outsider.gp"), { conferenceId }),
        expectDomainError("NOT_FOUND"),
      );
      assert.equal(
        await getRoomAgenda(t.db, as("rehab.liaison"), { conferenceId: randomUUID() }),
        null,
        "any other conference has no occurrence",
      );
      await assert.rejects(
        getRoomAgenda(t.db, as("rehab.liaison"), { conferenceId: "room-1" }),
        expectDomainError("VALIDATION", "conferenceId"),
      );
    });

    it("gives the 担当施設 choices: the case's pathway facilities first, the network, and who is inside its consent", async () => {
      // the room is open (the test before): decisions may be recorded
      const choices = (await pageAgenda("rehab.liaison", next.id)).facilities;
      assert.ok(choices);
      const ids = choices.facilities.map((f) => f.id);
      for (const id of [
        n.facilities.hospital,
        n.facilities.clinic,
        n.facilities.outsider,
        n.pathwayFacilities.rehab,
      ])
        assert.ok(ids.includes(id), "the whole network");
      // only the cases the coordinator may see: not the one outside rehab's consent
      assert.deepEqual(Object.keys(choices.cases).sort(), [enrolments.shared, enrolments.ended].sort());
      const yamada = choices.cases[enrolments.shared]!;
      assert.deepEqual(yamada.pathway, [n.facilities.hospital, n.pathwayFacilities.rehab]);
      assert.ok(yamada.inConsent.includes(n.facilities.clinic));
      assert.ok(yamada.inConsent.includes(n.pathwayFacilities.rehab));
      assert.ok(!yamada.inConsent.includes(n.facilities.outsider));
      // reading the consent scopes is audited: the patients of the cases shown
      const [audited] = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "pathway_meeting.view"),
            eq(auditEvents.actorId, as("rehab.liaison").practitionerId),
            sql`${auditEvents.details}->>'read' = 'decision_facilities'`,
          ),
        );
      assert.equal(audited?.details.occurrenceId, next.id);
      assert.deepEqual(
        (audited?.details.patientIds as string[]).sort(),
        [n.patients.shared, patientIds.ended].sort(),
      );
      assert.equal((await pageAgenda("clinic.gp", next.id)).facilities, null, "not for an invitee");
      const access = await loadOccurrence(t.db, as("clinic.gp"), next.id, "pathway_meeting.view");
      await assert.rejects(
        decisionFacilities(t.db, as("clinic.gp"), access, []),
        expectDomainError("FORBIDDEN"),
      );
    });

    it("gives a manager's page the agenda, the cases to add and the 担当施設 choices in one read; nothing more to the others", async () => {
      const coordinator = as("rehab.liaison");
      // 山田花子 off the open occurrence's agenda: offered back, and no 担当施設 choices for her
      await changeAgenda(t.db, coordinator, {
        occurrenceId: next.id,
        enrolmentId: enrolments.shared,
        change: "remove",
      });
      const readsBefore = (await toolReads("rehab.liaison")).length;
      const page = await pageAgenda("rehab.liaison", next.id);
      assert.equal(page.occurrence.status, "open");
      assert.deepEqual(
        new Map(page.cases.map((c) => [c.enrolmentId, c.redacted])),
        new Map([
          [enrolments.noRehab, true],
          [enrolments.ended, false],
        ]),
      );
      assert.deepEqual(
        page.candidates?.map((c) => c.enrolmentId),
        [enrolments.shared],
      );
      assert.deepEqual(Object.keys(page.facilities?.cases ?? {}), [enrolments.ended]);
      // each tool's read audited once, with the patients it showed
      const reads = (await toolReads("rehab.liaison")).slice(readsBefore).map((r) => r.details);
      assert.deepEqual(
        reads
          .map((d) => [d.read, d.occurrenceId, d.patientIds])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        [
          ["agenda_candidates", next.id, [n.patients.shared]],
          ["decision_facilities", next.id, [patientIds.ended]],
        ],
      );
      // the case outside rehab's consent is a line without who: nothing of it elsewhere on the page
      const [outside] = await t.db
        .select({
          regionalId: patients.regionalId,
          familyName: patients.familyName,
          givenName: patients.givenName,
        })
        .from(patients)
        .where(eq(patients.id, patientIds.noRehab));
      const json = JSON.stringify(page);
      for (const secret of [
        patientIds.noRehab,
        outside!.regionalId,
        `${outside!.familyName} ${outside!.givenName}`,
      ])
        assert.ok(!json.includes(secret), secret);
      assert.ok(
        !JSON.stringify({ ...page, cases: page.cases.filter((c) => !c.redacted) }).includes(
          enrolments.noRehab,
        ),
        "its enrolment only on its own redacted line",
      );
      await changeAgenda(t.db, coordinator, {
        occurrenceId: next.id,
        enrolmentId: enrolments.shared,
        change: "add",
      });

      // an invitee reads the agenda alone: no tools, no audited read of them
      const gp = await pageAgenda("clinic.gp", next.id);
      assert.ok(gp.cases.some((c) => !c.redacted && c.enrolmentId === enrolments.shared));
      assert.equal(gp.candidates, null);
      assert.equal(gp.facilities, null);
      assert.deepEqual(await toolReads("clinic.gp"), []);
      // nor a manager who did not ask for them
      const plain = await getMeetingAgenda(t.db, coordinator, { occurrenceId: next.id });
      assert.equal(plain.candidates, null);
      assert.equal(plain.facilities, null);
      assert.equal((await toolReads("rehab.liaison")).length, readsBefore + 2);

      // a scheduled occurrence: cases to add, no decisions yet; a cancelled one, neither
      const later = await pageAgenda("rehab.liaison", following.id);
      assert.ok(later.candidates);
      assert.equal(later.facilities, null);
      await cancelOccurrence(t.db, coordinator, {
        meetingId,
        sequence: later.meeting.sequence,
        occurrenceId: following.id,
      });
      const cancelled = await pageAgenda("rehab.liaison", following.id);
      assert.equal(cancelled.occurrence.status, "cancelled");
      assert.equal(cancelled.candidates, null);
      assert.equal(cancelled.facilities, null);
      // the series cancelled: its open occurrence takes no more changes nor decisions
      await cancelMeeting(t.db, coordinator, { meetingId, sequence: cancelled.meeting.sequence });
      const ended = await pageAgenda("rehab.liaison", next.id);
      assert.equal(ended.meeting.status, "cancelled");
      assert.equal(ended.candidates, null);
      assert.equal(ended.facilities, null);
    });
  });
}
