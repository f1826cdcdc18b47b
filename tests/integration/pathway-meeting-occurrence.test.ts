import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents } from "../../server/db/schema";
import { changeAgenda } from "../../server/domain/pathway-meetings/change-agenda";
import { findConferenceOccurrence } from "../../server/domain/pathway-meetings/conference-occurrence";
import { joinMeeting } from "../../server/domain/pathway-meetings/join-meeting";
import { listAgendaCandidates } from "../../server/domain/pathway-meetings/list-agenda-candidates";
import { listDecisionFacilities } from "../../server/domain/pathway-meetings/list-decision-facilities";
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

/** 18:30 in Tokyo, `days` from today there. */
function tokyoAt1830(days: number): string {
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const day = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T18:30:00+09:00`;
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

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      const doctor = as("hosp.doctor");
      const noRehab = await consentedPatient(t.db, n, 300, [n.facilities.clinic, n.pathwayFacilities.care]);
      const hip = await consentedPatient(t.db, n, 301);
      const ended = await consentedPatient(t.db, n, 302);
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
        startsAt: tokyoAt1830(-7),
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

    it("offers the coordinator the active cases of the meeting's pathway inside their consent, not on the agenda", async () => {
      const coordinator = as("rehab.liaison");
      // the next occurrence's agenda already holds every stroke case that changed
      assert.deepEqual(await listAgendaCandidates(t.db, coordinator, { occurrenceId: next.id }), []);
      // the following one's history is empty: its candidates are the active stroke cases rehab may see
      const offered = await listAgendaCandidates(t.db, coordinator, { occurrenceId: following.id });
      assert.deepEqual(
        offered.map((c) => c.enrolmentId),
        [enrolments.shared],
        "not the case outside rehab's consent, not the hip fracture, not the withdrawn one",
      );
      const [yamada] = offered;
      assert.equal(yamada?.name, "山田 花子");
      assert.equal(yamada?.pathway, "stroke");
      assert.equal(yamada?.pathwayName.ja, "脳卒中地域連携パス");
      assert.ok(yamada?.currentStage?.facilityName, "the current stage's facility");
      assert.match(yamada?.regionalId ?? "", /\S/);
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
      assert.deepEqual(await listAgendaCandidates(t.db, coordinator, { occurrenceId: following.id }), []);
      // a case removed from the next occurrence is offered back
      await changeAgenda(t.db, coordinator, {
        occurrenceId: next.id,
        enrolmentId: enrolments.shared,
        change: "remove",
      });
      assert.deepEqual(
        (await listAgendaCandidates(t.db, coordinator, { occurrenceId: next.id })).map((c) => c.enrolmentId),
        [enrolments.shared],
      );
      await changeAgenda(t.db, coordinator, {
        occurrenceId: next.id,
        enrolmentId: enrolments.shared,
        change: "add",
      });
    });

    it("offers the candidates only to the meeting's managers", async () => {
      await assert.rejects(
        listAgendaCandidates(t.db, as("clinic.gp"), { occurrenceId: following.id }),
        expectDomainError("FORBIDDEN"),
      );
      // a coordinator at another facility, invited by name, does not manage it either
      await assert.rejects(
        listAgendaCandidates(t.db, as("hosp.liaison"), { occurrenceId: following.id }),
        expectDomainError("FORBIDDEN"),
      );
      await assert.rejects(
        listAgendaCandidates(t.db, as("outsider.gp"), { occurrenceId: following.id }),
        expectDomainError("NOT_FOUND"),
      );
    });

    it("gives the 担当施設 choices: the case's pathway facilities first, the network, and who is inside its consent", async () => {
      const coordinator = as("rehab.liaison");
      const choices = await listDecisionFacilities(t.db, coordinator, { occurrenceId: next.id });
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
      await assert.rejects(
        listDecisionFacilities(t.db, as("clinic.gp"), { occurrenceId: next.id }),
        expectDomainError("FORBIDDEN"),
      );
    });

    it("finds the occurrence of a pathway meeting's room, for those at the meeting only", async () => {
      const opened = await joinMeeting(
        t.db,
        as("rehab.liaison"),
        { occurrenceId: next.id },
        { now: new Date(next.startsAt.getTime() - 10 * 60_000) },
      );
      const { conferenceId } = opened;
      assert.deepEqual(await findConferenceOccurrence(t.db, as("rehab.liaison"), { conferenceId }), {
        meetingId,
        occurrenceId: next.id,
        manage: true,
      });
      assert.deepEqual(await findConferenceOccurrence(t.db, as("clinic.gp"), { conferenceId }), {
        meetingId,
        occurrenceId: next.id,
        manage: false,
      });
      // the room then shows the occurrence's agenda, redacted per reader
      const gp = await getMeetingAgenda(t.db, as("clinic.gp"), { occurrenceId: next.id });
      assert.equal(gp.occurrence.conferenceId, conferenceId);
      assert.ok(gp.cases.some((c) => !c.redacted && c.enrolmentId === enrolments.shared));
      const rehab = await getMeetingAgenda(t.db, as("rehab.liaison"), { occurrenceId: next.id });
      assert.ok(rehab.cases.some((c) => c.redacted && c.enrolmentId === enrolments.noRehab));

      await assert.rejects(
        findConferenceOccurrence(t.db, as("outsider.gp"), { conferenceId }),
        expectDomainError("NOT_FOUND"),
      );
      assert.equal(
        await findConferenceOccurrence(t.db, as("rehab.liaison"), { conferenceId: randomUUID() }),
        null,
        "any other conference has no occurrence",
      );
      await assert.rejects(
        findConferenceOccurrence(t.db, as("rehab.liaison"), { conferenceId: "room-1" }),
        expectDomainError("VALIDATION", "conferenceId"),
      );
    });
  });
}
