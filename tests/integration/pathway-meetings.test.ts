import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import {
  auditEvents,
  calendarFeedTokens,
  conferenceAgendaItems,
  conferenceParticipants,
  conferences,
  notifications,
  pathwayMeetingAttendance,
  pathwayMeetingOccurrences,
  pathwayMeetings,
} from "../../server/db/schema";
import { getConference } from "../../server/domain/conferences/get-conference";
import { onNotification, type NotificationPush } from "../../server/domain/notifications/notification-bus";
import { cancelMeeting, cancelOccurrence } from "../../server/domain/pathway-meetings/cancel-meeting";
import { changeAgenda } from "../../server/domain/pathway-meetings/change-agenda";
import { joinMeeting } from "../../server/domain/pathway-meetings/join-meeting";
import { listUpcomingMeetings } from "../../server/domain/pathway-meetings/list-meetings";
import {
  exportMeetingCalendar,
  getCalendarFeed,
  issueCalendarFeed,
  readCalendarFeed,
  revokeCalendarFeed,
} from "../../server/domain/pathway-meetings/meeting-calendar";
import { getMeetingAgenda } from "../../server/domain/pathway-meetings/meeting-agenda";
import { recordDecision } from "../../server/domain/pathway-meetings/record-decision";
import { listNotifications } from "../../server/domain/notifications/list-notifications";
import { scheduleMeeting } from "../../server/domain/pathway-meetings/schedule-meeting";
import { updateMeeting } from "../../server/domain/pathway-meetings/update-meeting";
import { warmUpMeeting } from "../../server/domain/pathway-meetings/warm-up-meeting";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { getPathwaySheet } from "../../server/domain/pathways/get-pathway-sheet";
import { recordVariance } from "../../server/domain/pathways/record-variance";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { calendarEvents as events } from "../helpers/icalendar";
import { actor } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";
import { consentedPatient } from "../helpers/pathway-runs";
import { tokyoAt } from "../helpers/tokyo";

for (const backend of BACKENDS) {
  describe(`pathway meetings: scheduling, a self-building agenda inside consent, the room and the minutes (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    const as = (loginId: string) => actor(n, loginId);
    const pushes: NotificationPush[] = [];
    let stopListening: () => void;
    let series: {
      meetingId: string;
      sequence: number;
      occurrences: { id: string; startsAt: Date; endsAt: Date }[];
    };
    let previous: { id: string; startsAt: Date };
    let next: { id: string; startsAt: Date; endsAt: Date };
    let following: { id: string; startsAt: Date };
    const patients: Record<"shared" | "noClinic" | "hip", string> = { shared: "", noClinic: "", hip: "" };
    const enrolments: Record<"shared" | "noClinic" | "hip", string> = { shared: "", noClinic: "", hip: "" };

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      stopListening = onNotification((p) => pushes.push(p));
    });
    after(async () => {
      stopListening();
      await t.close();
    });

    it("refuses a bad schedule on the field to change", async () => {
      const coordinator = as("hosp.liaison");
      const base = {
        title: "脳卒中地域連携パス会議",
        startsAt: "2027-01-14T18:30:00+09:00",
        timeZone: "Asia/Tokyo",
        rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
      };
      await assert.rejects(scheduleMeeting(t.db, as("clinic.gp"), base), expectDomainError("FORBIDDEN"));
      const refused = [
        [{ rrule: "FREQ=MONTHLY;BYDAY=2TH" }, "rrule"],
        [{ rrule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3" }, "rrule"],
        [{ rrule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20261201T000000Z" }, "rrule"],
        [{ rrule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20270601T000000" }, "rrule"],
        [{ rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=500" }, "rrule"],
        [{ startsAt: "2027-01-14T18:30:00" }, "startsAt"],
        [{ startsAt: "2027-01-15T18:30:00+09:00" }, "startsAt"],
        [{ timeZone: "Asia/Edo" }, "timeZone"],
        [{ timeZone: "JST" }, "timeZone"],
        [{ invitees: ["00000000-0000-4000-8000-000000000000"] }, "invitees"],
        [{ title: "" }, "title"],
      ] as const;
      for (const [change, field] of refused) {
        await assert.rejects(
          scheduleMeeting(t.db, coordinator, { ...base, ...change }),
          expectDomainError("VALIDATION", field),
          JSON.stringify(change),
        );
      }
    });

    it("schedules every second Thursday at 18:30 in Tokyo, three times, and invites by name and facility", async () => {
      pushes.length = 0;
      const scheduled = await scheduleMeeting(t.db, as("hosp.liaison"), {
        title: "脳卒中地域連携パス会議",
        pathway: "stroke",
        location: "オンライン",
        startsAt: "2027-01-14T18:30:00+09:00",
        timeZone: "Asia/Tokyo",
        rrule: "RRULE:FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
        invitees: [as("clinic.gp").practitionerId],
        facilityIds: [n.pathwayFacilities.rehab, n.pathwayFacilities.care],
      });
      assert.equal(scheduled.rrule, "FREQ=MONTHLY;COUNT=3;BYDAY=2TH");
      assert.deepEqual(
        scheduled.occurrences.map((o) => o.startsAt.toISOString()),
        ["2027-01-14T09:30:00.000Z", "2027-02-11T09:30:00.000Z", "2027-03-11T09:30:00.000Z"],
      );
      assert.deepEqual(
        pushes.map((p) => [p.kind, p.pathwayMeetingId, [...p.recipientIds].sort()]),
        [
          [
            "meeting_invitation",
            scheduled.meetingId,
            [as("clinic.gp"), as("rehab.liaison"), as("care.manager")].map((a) => a.practitionerId).sort(),
          ],
        ],
      );
      // the invitation in the notification centre gives the meeting's title and links it
      const centre = await listNotifications(t.db, as("care.manager"));
      assert.deepEqual(
        centre.items.map((i) => [i.kind, i.event, i.pathwayMeetingId, i.meetingTitle]),
        [["meeting_invitation", "invited", scheduled.meetingId, "脳卒中地域連携パス会議"]],
      );
      const ics = await exportMeetingCalendar(t.db, as("care.manager"), { meetingId: scheduled.meetingId });
      const [event] = events(ics.text);
      assert.equal(ics.mediaType, "text/calendar; charset=utf-8; method=REQUEST");
      assert.equal(event?.summary, "脳卒中地域連携パス会議");
      assert.equal(event?.sequence, 0);
      assert.equal(event?.start.toISOString(), "2027-01-14T09:30:00.000Z");
      await assert.rejects(
        exportMeetingCalendar(t.db, as("outsider.gp"), { meetingId: scheduled.meetingId }),
        expectDomainError("NOT_FOUND"),
      );
    });

    it("builds the agenda from the pathway cases that changed since the previous occurrence", async () => {
      // a weekly series that began a week ago: one occurrence is behind us, the next ahead
      const scheduled = await scheduleMeeting(t.db, as("hosp.liaison"), {
        title: "地域連携パス会議（週例）",
        startsAt: tokyoAt(-7),
        rrule: "FREQ=WEEKLY;COUNT=4",
        invitees: [as("clinic.gp"), as("rehab.doctor"), as("outsider.gp")].map((a) => a.practitionerId),
        facilityIds: [n.pathwayFacilities.care],
      });
      series = scheduled;
      const now = Date.now();
      const at = scheduled.occurrences.findIndex((o) => o.startsAt.getTime() > now + 60_000);
      next = scheduled.occurrences[at]!;
      previous = scheduled.occurrences[at - 1]!;
      following = scheduled.occurrences[at + 1]!;

      patients.shared = n.patients.shared;
      patients.noClinic = await consentedPatient(t.db, n, 200, [
        n.pathwayFacilities.rehab,
        n.pathwayFacilities.care,
      ]);
      patients.hip = await consentedPatient(t.db, n, 201);
      const doctor = as("hosp.doctor");
      for (const [key, pathway] of [
        ["shared", "stroke"],
        ["noClinic", "stroke"],
        ["hip", "hip_fracture"],
      ] as const) {
        const enrolled = await enrolPatient(t.db, doctor, {
          patientId: patients[key],
          pathway,
          admittedOn: "2026-11-01",
        });
        enrolments[key] = enrolled.enrolmentId;
        if (key === "noClinic") {
          await recordVariance(t.db, doctor, {
            enrolmentId: enrolled.enrolmentId,
            version: enrolled.version,
            category: "care_team",
            occurredOn: "2026-11-02",
            description: "リハビリ開始の遅れ",
          });
        }
      }
      const agenda = await getMeetingAgenda(t.db, as("hosp.liaison"), { occurrenceId: next.id });
      assert.deepEqual(agenda.window, {
        since: previous.startsAt,
        until: next.startsAt,
        previousOccurrenceId: previous.id,
      });
      assert.ok(agenda.cases.every((c) => !c.redacted));
      const reasons = new Map(agenda.cases.map((c) => [c.enrolmentId, c.redacted ? null : c.reasons]));
      assert.deepEqual(reasons.get(enrolments.shared), { stageChanged: true, variances: 0, added: false });
      assert.deepEqual(reasons.get(enrolments.noClinic), { stageChanged: true, variances: 1, added: false });
      assert.deepEqual(reasons.get(enrolments.hip), { stageChanged: true, variances: 0, added: false });
      // by pathway (hip fracture before stroke), then when the pathway began
      assert.equal(agenda.cases.length, 3);
      assert.equal(agenda.cases[0]?.enrolmentId, enrolments.hip);
      // nothing changed before the previous occurrence, nor after the next one began
      assert.deepEqual(
        (await getMeetingAgenda(t.db, as("hosp.liaison"), { occurrenceId: previous.id })).cases,
        [],
      );
      assert.deepEqual(
        (await getMeetingAgenda(t.db, as("hosp.liaison"), { occurrenceId: following.id })).cases,
        [],
      );
    });

    it("redacts a case for a participant whose facility is outside that patient's consent, per reader", async () => {
      const view = async (loginId: string) =>
        (await getMeetingAgenda(t.db, as(loginId), { occurrenceId: next.id })).cases.map((c) =>
          c.redacted ? ["redacted", c.enrolmentId] : [c.name, c.enrolmentId],
        );
      const clinic = await view("clinic.gp");
      assert.equal(clinic.length, 3);
      assert.deepEqual(
        clinic.find((c) => c[1] === enrolments.noClinic),
        ["redacted", enrolments.noClinic],
      );
      assert.deepEqual(
        clinic.find((c) => c[1] === enrolments.shared),
        ["山田 花子", enrolments.shared],
      );
      assert.ok((await view("rehab.doctor")).every((c) => c[0] !== "redacted"));
      assert.ok((await view("outsider.gp")).every((c) => c[0] === "redacted"));
      const redacted = (await getMeetingAgenda(t.db, as("outsider.gp"), { occurrenceId: next.id })).cases[0]!;
      assert.deepEqual(Object.keys(redacted).sort(), ["enrolmentId", "position", "redacted"]);
      // someone not invited learns nothing, and the attempt is audited
      await assert.rejects(
        getMeetingAgenda(t.db, as("pharm.pharmacist"), { occurrenceId: next.id }),
        expectDomainError("NOT_FOUND"),
      );
      const [denied] = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "pathway_meeting.view"), eq(auditEvents.outcome, "denied")));
      assert.equal(denied?.actorId, as("pharm.pharmacist").practitionerId);
      const [shown] = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "pathway_meeting.view"),
            eq(auditEvents.actorId, as("clinic.gp").practitionerId),
          ),
        );
      assert.deepEqual(
        (shown?.details.patientIds as string[]).sort(),
        [patients.shared, patients.hip].sort(),
      );
    });

    it("lets the coordinator remove and add cases", async () => {
      await assert.rejects(
        changeAgenda(t.db, as("clinic.gp"), {
          occurrenceId: next.id,
          enrolmentId: enrolments.hip,
          change: "remove",
        }),
        expectDomainError("FORBIDDEN"),
      );
      await changeAgenda(t.db, as("hosp.liaison"), {
        occurrenceId: next.id,
        enrolmentId: enrolments.hip,
        change: "remove",
      });
      let ids = (await getMeetingAgenda(t.db, as("hosp.liaison"), { occurrenceId: next.id })).cases.map(
        (c) => c.enrolmentId,
      );
      assert.ok(!ids.includes(enrolments.hip));
      await changeAgenda(t.db, as("hosp.liaison"), {
        occurrenceId: following.id,
        enrolmentId: enrolments.shared,
        change: "add",
      });
      const later = await getMeetingAgenda(t.db, as("hosp.liaison"), { occurrenceId: following.id });
      assert.deepEqual(
        later.cases.map((c) => (c.redacted ? null : [c.enrolmentId, c.reasons])),
        [[enrolments.shared, { stageChanged: false, variances: 0, added: true }]],
      );
      await changeAgenda(t.db, as("hosp.liaison"), {
        occurrenceId: next.id,
        enrolmentId: enrolments.hip,
        change: "add",
      });
      ids = (await getMeetingAgenda(t.db, as("hosp.liaison"), { occurrenceId: next.id })).cases.map(
        (c) => c.enrolmentId,
      );
      assert.equal(ids.length, 3);
    });

    it("updates the meeting: SEQUENCE + 1, the invited told, the .ics says so", async () => {
      pushes.length = 0;
      const updated = await updateMeeting(t.db, as("hosp.liaison"), {
        meetingId: series.meetingId,
        sequence: series.sequence,
        title: "地域連携パス会議（週例・会場変更）",
        location: "米沢中央病院 3階会議室",
        durationMinutes: 120,
        startsAt: tokyoAt(-7),
        rrule: "FREQ=WEEKLY;COUNT=4",
        invitees: [as("clinic.gp"), as("rehab.doctor"), as("outsider.gp")].map((a) => a.practitionerId),
        facilityIds: [n.pathwayFacilities.care],
      });
      assert.equal(updated.sequence, series.sequence + 1);
      series.sequence = updated.sequence;
      assert.deepEqual(
        updated.occurrences.map((o) => [o.id, o.endsAt.getTime() - o.startsAt.getTime()]),
        series.occurrences.map((o) => [o.id, 120 * 60_000]),
      );
      assert.deepEqual(
        pushes.map((p) => [p.kind, p.event]),
        [["meeting_updated", "updated"]],
      );
      await assert.rejects(
        updateMeeting(t.db, as("hosp.liaison"), {
          meetingId: series.meetingId,
          sequence: series.sequence - 1,
          title: "x",
          startsAt: tokyoAt(-7),
          rrule: "FREQ=WEEKLY;COUNT=4",
        }),
        expectDomainError("CONFLICT", "sequence"),
      );
      const [event] = events(
        (await exportMeetingCalendar(t.db, as("clinic.gp"), { meetingId: series.meetingId })).text,
      );
      assert.equal(event?.sequence, 1);
      assert.equal(event?.location, "米沢中央病院 3階会議室");
    });

    it("warms the records of the cases each participant may see, and only those", async () => {
      const asked: string[][] = [];
      const fake = (_db: unknown, _actor: unknown, ids: readonly string[]) => {
        asked.push([...ids]);
        return Promise.resolve({ patients: ids.length });
      };
      const clinic = await warmUpMeeting(t.db, as("clinic.gp"), { occurrenceId: next.id }, fake);
      assert.deepEqual([...clinic.patientIds].sort(), [patients.shared, patients.hip].sort());
      assert.equal(clinic.skipped, 1);
      assert.deepEqual([...asked[0]!].sort(), [patients.shared, patients.hip].sort());
      await warmUpMeeting(t.db, as("outsider.gp"), { occurrenceId: next.id }, fake);
      assert.deepEqual(asked[1], []);
      // a care manager may not see clinical records: nothing is fetched for them
      await warmUpMeeting(t.db, as("care.manager"), { occurrenceId: next.id }, fake);
      assert.deepEqual(asked[2], []);
    });

    it("opens the conference room on the first join, lets the invited in, and records attendance", async () => {
      const at = (minutes: number) => ({ now: new Date(next.startsAt.getTime() + minutes * 60_000) });
      await assert.rejects(
        joinMeeting(t.db, as("clinic.gp"), { occurrenceId: next.id }, at(-120)),
        expectDomainError("CONFLICT"),
      );
      await assert.rejects(
        joinMeeting(t.db, as("pharm.pharmacist"), { occurrenceId: next.id }, at(0)),
        expectDomainError("NOT_FOUND"),
      );
      const asked: string[][] = [];
      const first = await joinMeeting(
        t.db,
        as("clinic.gp"),
        { occurrenceId: next.id },
        {
          ...at(-10),
          warmRecordCache: (_db, _actor, ids) => {
            asked.push([...ids]);
            return Promise.resolve();
          },
        },
      );
      assert.deepEqual(await first.warmUp, { ok: true, patientIds: asked[0] });
      assert.deepEqual([...asked[0]!].sort(), [patients.shared, patients.hip].sort());
      assert.equal(first.admission, "admitted");
      assert.equal(first.role, "participant");
      const [conference] = await t.db
        .select()
        .from(conferences)
        .where(eq(conferences.id, first.conferenceId));
      assert.equal(conference?.kind, "pathway_meeting");
      assert.equal(conference?.status, "open");
      assert.equal(conference?.hostId, as("hosp.liaison").practitionerId);
      assert.equal(conference?.scheduledStart?.getTime(), next.startsAt.getTime());
      const [occurrence] = await t.db
        .select()
        .from(pathwayMeetingOccurrences)
        .where(eq(pathwayMeetingOccurrences.id, next.id));
      assert.equal(occurrence?.status, "open");
      assert.equal(occurrence?.conferenceId, first.conferenceId);
      const agendaItems = await t.db
        .select({ patientId: conferenceAgendaItems.patientId })
        .from(conferenceAgendaItems)
        .where(eq(conferenceAgendaItems.conferenceId, first.conferenceId));
      assert.deepEqual(
        agendaItems.map((a) => a.patientId).sort(),
        [patients.shared, patients.noClinic, patients.hip].sort(),
      );
      // the conference shows the clinic the cases inside its consent, the other redacted
      const room = await getConference(t.db, as("clinic.gp"), { conferenceId: first.conferenceId });
      assert.equal(room.agenda.filter((a) => a.redacted).length, 1);

      const second = await joinMeeting(t.db, as("rehab.doctor"), { occurrenceId: next.id }, at(2));
      assert.equal(second.conferenceId, first.conferenceId);
      // invited through the facility: put on the list on arrival
      const third = await joinMeeting(t.db, as("care.manager"), { occurrenceId: next.id }, at(5));
      assert.equal(third.admission, "admitted");
      assert.equal(third.warmUp, null);
      const organizer = await joinMeeting(t.db, as("hosp.liaison"), { occurrenceId: next.id }, at(6));
      assert.equal(organizer.role, "host");
      await joinMeeting(t.db, as("clinic.gp"), { occurrenceId: next.id }, at(20));
      const attendance = await t.db
        .select()
        .from(pathwayMeetingAttendance)
        .where(eq(pathwayMeetingAttendance.occurrenceId, next.id));
      assert.deepEqual(
        attendance.map((a) => a.practitionerId).sort(),
        [as("clinic.gp"), as("rehab.doctor"), as("care.manager"), as("hosp.liaison")]
          .map((a) => a.practitionerId)
          .sort(),
      );
      const gp = attendance.find((a) => a.practitionerId === as("clinic.gp").practitionerId)!;
      assert.equal(gp.firstJoinedAt.getTime(), next.startsAt.getTime() - 10 * 60_000);
      assert.equal(gp.lastJoinedAt.getTime(), next.startsAt.getTime() + 20 * 60_000);
      assert.equal(gp.facilityId, n.facilities.clinic);
      const participants = await t.db
        .select({
          practitionerId: conferenceParticipants.practitionerId,
          admission: conferenceParticipants.admission,
        })
        .from(conferenceParticipants)
        .where(eq(conferenceParticipants.conferenceId, first.conferenceId));
      assert.ok(
        participants.some(
          (p) => p.practitionerId === as("care.manager").practitionerId && p.admission === "admitted",
        ),
      );
      const view = await getMeetingAgenda(t.db, as("hosp.liaison"), { occurrenceId: next.id });
      assert.equal(view.attendance.length, 4);
      assert.equal(view.occurrence.conferenceId, first.conferenceId);
      // the schedule of a series with a held occurrence stays
      await assert.rejects(
        updateMeeting(t.db, as("hosp.liaison"), {
          meetingId: series.meetingId,
          sequence: series.sequence,
          title: "地域連携パス会議（週例）",
          startsAt: tokyoAt(-6),
          rrule: "FREQ=WEEKLY;COUNT=4",
        }),
        expectDomainError("CONFLICT", "startsAt"),
      );
    });

    it("records structured minutes per case, linked to the patient's pathway", async () => {
      const decide = (loginId: string, input: object) =>
        recordDecision(t.db, as(loginId), {
          occurrenceId: next.id,
          enrolmentId: enrolments.shared,
          ...input,
        });
      const decision = {
        decision: "回復期リハビリテーション病院へ転院調整。嚥下評価を転院前に実施。",
        responsibleFacilityId: n.pathwayFacilities.rehab,
        dueOn: "2099-01-31",
      };
      pushes.length = 0;
      const assigned = () =>
        t.db.select().from(notifications).where(eq(notifications.kind, "meeting_decision_assigned"));
      await assert.rejects(decide("clinic.gp", decision), expectDomainError("FORBIDDEN"));
      await assert.rejects(
        decide("hosp.liaison", { ...decision, responsibleFacilityId: n.facilities.outsider }),
        expectDomainError("CONSENT_REQUIRED", "responsibleFacilityId"),
      );
      await assert.rejects(
        decide("hosp.liaison", { ...decision, dueOn: "2020-01-01" }),
        expectDomainError("VALIDATION", "dueOn"),
      );
      await assert.rejects(
        recordDecision(t.db, as("hosp.liaison"), {
          ...decision,
          occurrenceId: following.id,
          enrolmentId: enrolments.noClinic,
        }),
        expectDomainError("INVALID_TRANSITION"),
      );
      await assert.rejects(
        decide("hosp.liaison", { ...decision, decision: " " }),
        expectDomainError("VALIDATION", "decision"),
      );
      assert.deepEqual(await assigned(), [], "a refused decision tells nobody");
      assert.equal(pushes.length, 0, "and pushes nothing");
      const recorded = await decide("hosp.liaison", decision);
      // the responsible facility's desk (its liaison office) is told, linked to the pathway and the meeting
      const rehabDesk = as("rehab.liaison").practitionerId;
      assert.deepEqual(
        (await assigned()).map((r) => [
          r.recipientId,
          r.pathwayEnrolmentId,
          r.pathwayMeetingId,
          r.event,
          r.actorId,
        ]),
        [[rehabDesk, enrolments.shared, series.meetingId, "assigned", as("hosp.liaison").practitionerId]],
      );
      assert.deepEqual(
        pushes.map((p) => [p.kind, p.recipientIds, p.pathwayEnrolmentId, p.pathwayMeetingId]),
        [["meeting_decision_assigned", [rehabDesk], enrolments.shared, series.meetingId]],
      );
      const [line] = (await listNotifications(t.db, as("rehab.liaison"))).items.filter(
        (i) => i.kind === "meeting_decision_assigned",
      );
      assert.equal(line?.patientName, "山田 花子", "named: the facility is inside her consent");
      const [meetingRow] = await t.db
        .select({ title: pathwayMeetings.title })
        .from(pathwayMeetings)
        .where(eq(pathwayMeetings.id, series.meetingId));
      assert.equal(line?.meetingTitle, meetingRow?.title);
      const sheet = await getPathwaySheet(t.db, as("rehab.doctor"), enrolments.shared);
      assert.deepEqual(
        sheet.decisions.map((d) => [
          d.id,
          d.decision,
          d.responsibleFacilityId,
          d.dueOn,
          d.occurrenceId,
          d.meetingId,
        ]),
        [
          [
            recorded.decisionId,
            decision.decision,
            n.pathwayFacilities.rehab,
            "2099-01-31",
            next.id,
            series.meetingId,
          ],
        ],
      );
      const agenda = await getMeetingAgenda(t.db, as("rehab.doctor"), { occurrenceId: next.id });
      const shared = agenda.cases.find((c) => c.enrolmentId === enrolments.shared);
      assert.ok(shared && !shared.redacted);
      assert.equal(shared.decisions[0]?.responsibleFacilityName, "テスト回復期リハビリテーション病院");
    });

    it("cancels one occurrence (EXDATE, SEQUENCE + 1), then the series (METHOD:CANCEL, STATUS:CANCELLED)", async () => {
      pushes.length = 0;
      const one = await cancelOccurrence(t.db, as("hosp.liaison"), {
        meetingId: series.meetingId,
        sequence: series.sequence,
        occurrenceId: following.id,
        note: "祝日のため",
      });
      assert.equal(one.sequence, series.sequence + 1);
      series.sequence = one.sequence;
      assert.equal(pushes[0]?.kind, "meeting_cancelled");
      await assert.rejects(
        cancelOccurrence(t.db, as("hosp.liaison"), {
          meetingId: series.meetingId,
          sequence: series.sequence,
          occurrenceId: next.id,
        }),
        expectDomainError("INVALID_TRANSITION"),
      );
      await assert.rejects(
        joinMeeting(t.db, as("clinic.gp"), { occurrenceId: following.id }, { now: following.startsAt }),
        expectDomainError("INVALID_TRANSITION"),
      );
      const [event] = events(
        (await exportMeetingCalendar(t.db, as("clinic.gp"), { meetingId: series.meetingId })).text,
      );
      assert.equal(event?.sequence, 2);
      assert.equal(event?.status, "CONFIRMED");
      assert.deepEqual(
        [...new Set(Object.values(event?.exdate ?? {}).map((d) => d.toISOString()))],
        [following.startsAt.toISOString()],
      );
      const upcoming = await listUpcomingMeetings(t.db, as("clinic.gp"), {
        from: next.startsAt.toISOString(),
      });
      assert.ok(upcoming.some((u) => u.occurrenceId === following.id && u.status === "cancelled"));

      const cancelled = await cancelMeeting(t.db, as("hosp.liaison"), {
        meetingId: series.meetingId,
        sequence: series.sequence,
        note: "体制見直しのため",
      });
      assert.equal(cancelled.sequence, series.sequence + 1);
      const ics = await exportMeetingCalendar(t.db, as("clinic.gp"), { meetingId: series.meetingId });
      assert.match(ics.text, /\r\nMETHOD:CANCEL\r\n/);
      const [gone] = events(ics.text);
      assert.equal(gone?.status, "CANCELLED");
      assert.equal(gone?.sequence, 3);
      await assert.rejects(
        joinMeeting(t.db, as("clinic.gp"), { occurrenceId: next.id }, { now: next.startsAt }),
        expectDomainError("INVALID_TRANSITION"),
      );
      const rows = await t.db
        .select({ kind: notifications.kind, event: notifications.event })
        .from(notifications)
        .where(eq(notifications.pathwayMeetingId, series.meetingId));
      assert.ok(rows.some((r) => r.kind === "meeting_cancelled" && r.event === "cancelled"));
    });

    it("serves a calendar feed by a secret token, and refuses it once revoked", async () => {
      const gp = as("clinic.gp");
      const feed = await issueCalendarFeed(t.db, gp);
      assert.match(feed.path, /^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      const [stored] = await t.db
        .select()
        .from(calendarFeedTokens)
        .where(eq(calendarFeedTokens.id, feed.feedId));
      assert.notEqual(stored?.tokenHash, feed.token);
      assert.ok(!JSON.stringify(stored).includes(feed.token));
      const read = await readCalendarFeed(t.db, feed.token);
      const uids = events(read.text).map((e) => [e.uid, e.status]);
      assert.equal(uids.length, 2);
      assert.ok(
        uids.some(
          ([uid, status]) =>
            uid === `${series.meetingId}@pathway-meetings.okinet-collab` && status === "CANCELLED",
        ),
      );
      assert.ok((await getCalendarFeed(t.db, gp))?.lastUsedAt instanceof Date);
      // a patient's name never reaches a calendar
      assert.ok(!read.text.includes("山田"));
      const again = await issueCalendarFeed(t.db, gp);
      await assert.rejects(readCalendarFeed(t.db, feed.token), expectDomainError("NOT_FOUND"));
      await readCalendarFeed(t.db, again.token);
      assert.deepEqual(await revokeCalendarFeed(t.db, gp), { revoked: 1 });
      await assert.rejects(readCalendarFeed(t.db, again.token), expectDomainError("NOT_FOUND"));
      await assert.rejects(readCalendarFeed(t.db, "nonsense"), expectDomainError("NOT_FOUND"));
      assert.equal(await getCalendarFeed(t.db, gp), null);
      // the outsider's feed has the meeting it was invited to, nothing else
      const outsider = await issueCalendarFeed(t.db, as("outsider.gp"));
      assert.equal(events((await readCalendarFeed(t.db, outsider.token)).text).length, 1);
    });
  });
}
