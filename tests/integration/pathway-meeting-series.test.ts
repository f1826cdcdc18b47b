import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents } from "../../server/db/schema";
import { cancelOccurrence } from "../../server/domain/pathway-meetings/cancel-meeting";
import { getMeetingSeries } from "../../server/domain/pathway-meetings/get-meeting-series";
import { meetingFormOptions } from "../../server/domain/pathway-meetings/meeting-form-options";
import { previewSchedule } from "../../server/domain/pathway-meetings/preview-schedule";
import { buildRecurrenceRule } from "../../server/domain/pathway-meetings/recurrence-choice";
import { scheduleMeeting } from "../../server/domain/pathway-meetings/schedule-meeting";
import { updateMeeting } from "../../server/domain/pathway-meetings/update-meeting";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";

for (const backend of BACKENDS) {
  describe(`pathway meeting series pages' reads: the series, the form's options, the schedule preview (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    const as = (loginId: string) => actor(n, loginId);
    let meetingId: string;

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      const rrule = buildRecurrenceRule({
        pattern: { kind: "monthly", ordinal: 2, weekday: "TH" },
        end: { by: "count", count: 3 },
      });
      const scheduled = await scheduleMeeting(t.db, as("hosp.liaison"), {
        title: "脳卒中地域連携パス会議",
        pathway: "stroke",
        location: "第1会議室",
        description: "回復期への転院症例の確認",
        startsAt: "2027-01-14T18:30:00+09:00",
        durationMinutes: 90,
        rrule,
        invitees: [as("clinic.gp").practitionerId],
        facilityIds: [n.pathwayFacilities.rehab],
      });
      meetingId = scheduled.meetingId;
    });
    after(async () => {
      await t.close();
    });

    it("gives the organizer the series as the form needs it: Tokyo wall time, rule, invitations, occurrences", async () => {
      const series = await getMeetingSeries(t.db, as("hosp.liaison"), { meetingId });
      assert.deepEqual(series.me, { role: "organizer", manage: true });
      assert.equal(series.meeting.title, "脳卒中地域連携パス会議");
      assert.equal(series.meeting.pathway, "stroke");
      assert.equal(series.meeting.firstStart, "2027-01-14T18:30");
      assert.equal(series.meeting.durationMinutes, 90);
      assert.equal(series.meeting.rrule, "FREQ=MONTHLY;COUNT=3;BYDAY=2TH");
      assert.equal(series.meeting.sequence, 0);
      assert.equal(series.meeting.status, "scheduled");
      assert.equal(series.meeting.organizer.name, "試験 hosp.liaison");
      assert.equal(series.meeting.organizer.facilityName, "テスト総合病院");
      assert.deepEqual(
        series.occurrences.map((o) => [o.startsAt.toISOString(), o.endsAt.toISOString(), o.status]),
        [
          ["2027-01-14T09:30:00.000Z", "2027-01-14T11:00:00.000Z", "scheduled"],
          ["2027-02-11T09:30:00.000Z", "2027-02-11T11:00:00.000Z", "scheduled"],
          ["2027-03-11T09:30:00.000Z", "2027-03-11T11:00:00.000Z", "scheduled"],
        ],
      );
      assert.deepEqual(
        series.invitees.map((p) => [p.id, p.profession]),
        [[as("clinic.gp").practitionerId, as("clinic.gp").profession]],
      );
      assert.deepEqual(
        series.facilities.map((f) => [f.id, f.name]),
        [[n.pathwayFacilities.rehab, "テスト回復期リハビリテーション病院"]],
      );
    });

    it("gives invitees (by name and by facility) the series without the right to change it", async () => {
      const gp = await getMeetingSeries(t.db, as("clinic.gp"), { meetingId });
      assert.deepEqual(gp.me, { role: "invitee", manage: false });
      const therapist = await getMeetingSeries(t.db, as("rehab.therapist"), { meetingId });
      assert.deepEqual(therapist.me, { role: "invitee", manage: false });
      assert.equal(therapist.occurrences.length, 3);
    });

    it("tells someone not invited nothing, and audits the attempt", async () => {
      for (const loginId of ["outsider.liaison", "pharm.pharmacist"]) {
        await assert.rejects(
          getMeetingSeries(t.db, as(loginId), { meetingId }),
          expectDomainError("NOT_FOUND"),
        );
      }
      await assert.rejects(
        getMeetingSeries(t.db, as("outsider.liaison"), { meetingId: "not-a-uuid" }),
        expectDomainError("VALIDATION", "meetingId"),
      );
      const denied = await t.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "pathway_meeting.view"),
            eq(auditEvents.outcome, "denied"),
            eq(auditEvents.actorId, as("outsider.liaison").practitionerId),
          ),
        );
      assert.deepEqual(
        denied.map((d) => d.details),
        [{ meetingId, reason: "not_invited" }],
      );
    });

    it("follows a change: the sequence, the new time, a cancelled occurrence", async () => {
      const before = await getMeetingSeries(t.db, as("hosp.liaison"), { meetingId });
      await updateMeeting(t.db, as("hosp.liaison"), {
        meetingId,
        sequence: before.meeting.sequence,
        title: before.meeting.title,
        pathway: before.meeting.pathway,
        description: before.meeting.description,
        location: before.meeting.location,
        startsAt: "2027-01-14T19:00:00+09:00",
        durationMinutes: before.meeting.durationMinutes,
        rrule: before.meeting.rrule,
        invitees: before.invitees.map((p) => p.id),
        facilityIds: before.facilities.map((f) => f.id),
      });
      const moved = await getMeetingSeries(t.db, as("hosp.liaison"), { meetingId });
      assert.equal(moved.meeting.sequence, 1);
      assert.equal(moved.meeting.firstStart, "2027-01-14T19:00");
      await cancelOccurrence(t.db, as("hosp.liaison"), {
        meetingId,
        sequence: 1,
        occurrenceId: moved.occurrences[1]!.id,
        note: "学会のため",
      });
      const after = await getMeetingSeries(t.db, as("clinic.gp"), { meetingId });
      assert.equal(after.meeting.sequence, 2);
      assert.deepEqual(
        after.occurrences.map((o) => [o.startsAt.toISOString(), o.status, o.cancelNote]),
        [
          ["2027-01-14T10:00:00.000Z", "scheduled", ""],
          ["2027-02-11T10:00:00.000Z", "cancelled", "学会のため"],
          ["2027-03-11T10:00:00.000Z", "scheduled", ""],
        ],
      );
    });

    it("offers coordinators the active facilities to invite; others may not schedule", async () => {
      await t.db.execute(sql`update facilities set active = false where id = ${n.facilities.outsider}`);
      const coordinator = await meetingFormOptions(t.db, as("hosp.liaison"));
      assert.equal(coordinator.maySchedule, true);
      const ids = coordinator.facilities.map((f) => f.id);
      assert.ok(ids.includes(n.pathwayFacilities.rehab));
      assert.ok(!ids.includes(n.facilities.outsider), "an inactive facility is not offered");
      assert.equal((await meetingFormOptions(t.db, as("clinic.gp"))).maySchedule, false);
    });
  });
}

describe("the schedule preview: the planner's own dates, or its refusal on the field", () => {
  it("lists every second Thursday at 18:30 in Tokyo", () => {
    const preview = previewSchedule({
      startsAt: "2026-12-10T18:30:00+09:00",
      durationMinutes: "90",
      rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
    });
    assert.equal(preview.total, 3);
    assert.equal(preview.rrule, "FREQ=MONTHLY;COUNT=3;BYDAY=2TH");
    assert.deepEqual(
      preview.occurrences.map((o) => o.startsAt.toISOString()),
      ["2026-12-10T09:30:00.000Z", "2027-01-14T09:30:00.000Z", "2027-02-11T09:30:00.000Z"],
    );
  });

  it("shows at most 12 dates of a long series, with the total", () => {
    const preview = previewSchedule({
      startsAt: "2026-12-03T18:30:00+09:00",
      rrule: "FREQ=WEEKLY;BYDAY=TH;COUNT=40",
    });
    assert.equal(preview.total, 40);
    assert.equal(preview.occurrences.length, 12);
  });

  it("a one-off meeting is its one date", () => {
    const preview = previewSchedule({ startsAt: "2026-12-10T18:30:00+09:00", rrule: "" });
    assert.equal(preview.total, 1);
    assert.equal(preview.rrule, null);
  });

  it("refuses what scheduling refuses, on the same field", () => {
    const cases = [
      [{ rrule: "FREQ=MONTHLY;BYDAY=2TH" }, "rrule"],
      [{ rrule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20261201" }, "rrule"],
      [{ startsAt: "2026-12-11T18:30:00+09:00" }, "startsAt"],
      [{ startsAt: "2026-12-10T18:30:00" }, "startsAt"],
      [{ durationMinutes: 5 }, "durationMinutes"],
    ] as const;
    for (const [change, field] of cases) {
      assert.throws(
        () =>
          previewSchedule({
            startsAt: "2026-12-10T18:30:00+09:00",
            rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
            ...change,
          }),
        expectDomainError("VALIDATION", field),
        JSON.stringify(change),
      );
    }
  });
});
