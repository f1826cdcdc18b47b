import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { and, desc, eq } from "drizzle-orm";
import { auditEvents, patients } from "../../server/db/schema";
import { renderMeetingMinutesPdf } from "../../server/documents/pdf/meeting-minutes-pdf";
import { joinMeeting } from "../../server/domain/pathway-meetings/join-meeting";
import { meetingMinutesDocument } from "../../server/domain/pathway-meetings/minutes-document";
import { recordDecision } from "../../server/domain/pathway-meetings/record-decision";
import { scheduleMeeting } from "../../server/domain/pathway-meetings/schedule-meeting";
import { enrolPatient } from "../../server/domain/pathways/enrol-patient";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../helpers/db";
import { expectDomainError } from "../helpers/errors";
import { actor } from "../helpers/fixtures";
import { createPathwayNetwork, type PathwayNetwork } from "../helpers/pathway-network";
import { consentedPatient } from "../helpers/pathway-runs";
import { assertNotoSansJpSubsets, assertTitleInked, pdfRenderer, squeeze } from "../helpers/pdf";
import { tokyoAt } from "../helpers/tokyo";

const render = pdfRenderer();

const SHARED_DECISION =
  "回復期リハビリテーション病院への転院を調整し、嚥下評価の結果と食形態を転院先へ申し送る。家族への説明は来週の面談で行う";
const HIDDEN_DECISION = "自宅退院に向けて訪問看護の導入を手配する";

for (const backend of BACKENDS) {
  describe(`the minutes (議事録) of a pathway-meeting occurrence as a PDF, per reader (${backend})`, () => {
    let t: TestDatabase;
    let n: PathwayNetwork;
    const as = (loginId: string) => actor(n, loginId);
    let meetingId: string;
    let occurrenceId: string;
    /** 連携太郎400: inside the clinic's consent, outside the rehabilitation hospital's */
    let hiddenPatientId: string;
    let hiddenEnrolmentId: string;
    let hiddenRegionalId: string;
    let sharedRegionalId: string;
    let dueOn: string;

    const minutes = (loginId: string, input: Record<string, unknown> = { occurrenceId }) =>
      meetingMinutesDocument(t.db, as(loginId), input);
    const exportsBy = (loginId: string) =>
      t.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "pathway_meeting.minutes_export"),
            eq(auditEvents.actorId, as(loginId).practitionerId),
          ),
        )
        .orderBy(desc(auditEvents.seq));

    before(async () => {
      t = await createTestDatabase(backend);
      n = await createPathwayNetwork(t.db);
      const doctor = as("hosp.doctor");
      hiddenPatientId = await consentedPatient(t.db, n, 400, [n.facilities.clinic, n.pathwayFacilities.care]);
      const shared = await enrolPatient(t.db, doctor, {
        patientId: n.patients.shared,
        pathway: "stroke",
        admittedOn: "2026-11-01",
      });
      const hidden = await enrolPatient(t.db, doctor, {
        patientId: hiddenPatientId,
        pathway: "stroke",
        admittedOn: "2026-11-02",
      });
      hiddenEnrolmentId = hidden.enrolmentId;
      const ids = await t.db.select({ id: patients.id, regionalId: patients.regionalId }).from(patients);
      hiddenRegionalId = ids.find((p) => p.id === hiddenPatientId)!.regionalId;
      sharedRegionalId = ids.find((p) => p.id === n.patients.shared)!.regionalId;

      const scheduled = await scheduleMeeting(t.db, as("hosp.liaison"), {
        title: "脳卒中地域連携パス会議（12月）",
        pathway: "stroke",
        location: "テスト総合病院 3階 第1会議室",
        startsAt: tokyoAt(1),
        invitees: [as("clinic.gp"), as("rehab.liaison")].map((a) => a.practitionerId),
      });
      meetingId = scheduled.meetingId;
      const occurrence = scheduled.occurrences[0]!;
      occurrenceId = occurrence.id;
      const during = (minutes: number) => ({
        now: new Date(occurrence.startsAt.getTime() + minutes * 60_000),
      });
      await joinMeeting(t.db, as("hosp.liaison"), { occurrenceId }, during(-5));
      await joinMeeting(t.db, as("rehab.liaison"), { occurrenceId }, during(2));
      await joinMeeting(t.db, as("clinic.gp"), { occurrenceId }, during(4));
      dueOn = new Date(occurrence.startsAt.getTime() + (9 + 24 * 7) * 3_600_000).toISOString().slice(0, 10);
      await recordDecision(t.db, as("hosp.liaison"), {
        occurrenceId,
        enrolmentId: shared.enrolmentId,
        decision: SHARED_DECISION,
        responsibleFacilityId: n.pathwayFacilities.rehab,
        dueOn,
      });
      await recordDecision(t.db, as("hosp.liaison"), {
        occurrenceId,
        enrolmentId: hidden.enrolmentId,
        decision: HIDDEN_DECISION,
        responsibleFacilityId: n.facilities.clinic,
      });
    });
    after(async () => {
      await t.close();
    });

    it("prints the meeting, who attended, and each case with its decisions for a reader inside every consent", async () => {
      const doc = await minutes("hosp.liaison");
      const pdf = await render(renderMeetingMinutesPdf(doc));
      const text = squeeze(await pdf.text());
      const [y, m, d] = dueOn.split("-").map(Number);
      for (const expected of [
        "パス会議議事録",
        "Minutes",
        "脳卒中地域連携パス会議（12月）",
        "テスト総合病院3階第1会議室",
        "18:30〜20:00",
        "開催",
        // attendance: the test practitioners are 試験 <loginId>
        "出席者",
        "試験hosp.liaison",
        "試験rehab.liaison",
        "試験clinic.gp",
        "テスト回復期リハビリテーション病院",
        // both cases
        "山田花子",
        "ヤマダハナコ",
        sharedRegionalId,
        "連携太郎400",
        hiddenRegionalId,
        squeeze(SHARED_DECISION),
        HIDDEN_DECISION,
        "担当施設",
        `${y}年${m}月${d}日`,
        "期限なし",
      ]) {
        assert.ok(text.includes(expected), `missing ${expected}`);
      }
      assert.ok(!text.includes("同意の範囲外のため非表示"), "nothing redacted for the organizer");
      await assertNotoSansJpSubsets(pdf);
      await assertTitleInked(pdf, "パス会議");
    });

    it("leaves a case outside the reader's consent one grey line: nothing of who, nor what was decided", async () => {
      const doc = await minutes("rehab.liaison");
      const pdf = await render(renderMeetingMinutesPdf(doc));
      const raw = await pdf.text();
      const text = squeeze(raw);
      for (const expected of [
        "パス会議議事録",
        "脳卒中地域連携パス会議（12月）",
        "試験hosp.liaison",
        "試験clinic.gp",
        "山田花子",
        sharedRegionalId,
        squeeze(SHARED_DECISION),
        "テスト回復期リハビリテーション病院",
        squeeze("同意の範囲外のため非表示 / Hidden: outside the patient's consent"),
      ]) {
        assert.ok(text.includes(expected), `missing ${expected}`);
      }
      for (const secret of [
        "連携太郎400",
        "太郎400",
        "レンケイ",
        hiddenRegionalId,
        hiddenPatientId,
        hiddenEnrolmentId,
        HIDDEN_DECISION,
        "訪問看護",
        "期限なし",
      ]) {
        assert.ok(!text.includes(squeeze(secret)), `${secret} must not reach a reader outside the consent`);
      }
      // nor does it reach the renderer, nor the file's metadata
      const json = JSON.stringify(doc);
      for (const secret of [
        hiddenPatientId,
        hiddenEnrolmentId,
        hiddenRegionalId,
        HIDDEN_DECISION,
        "レンケイ",
      ])
        assert.ok(!json.includes(secret), secret);
      const info = await pdf.info();
      assert.ok(!JSON.stringify(info).includes("山田"), "no patient in the metadata");

      // the export audited: ids only, the patients shown, no single patient on the row
      const [exported] = await exportsBy("rehab.liaison");
      assert.equal(exported?.outcome, "success");
      assert.equal(exported?.patientId, null);
      assert.deepEqual(exported?.details, {
        meetingId,
        occurrenceId,
        format: "pdf",
        patientIds: [n.patients.shared],
        redacted: 1,
      });
      // and the agenda's view as the page's, with the case redacted
      const [viewed] = await t.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "pathway_meeting.view"),
            eq(auditEvents.actorId, as("rehab.liaison").practitionerId),
          ),
        )
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      assert.equal(viewed?.details.redacted, 1);
    });

    it("refuses someone not at the meeting as if it did not exist, and audits the attempt", async () => {
      await assert.rejects(minutes("outsider.gp"), expectDomainError("NOT_FOUND"));
      const [denied] = await exportsBy("outsider.gp");
      assert.equal(denied?.outcome, "denied");
      assert.deepEqual(denied?.details, { meetingId, reason: "not_invited" });
      assert.equal(
        (await exportsBy("outsider.gp")).filter((e) => e.outcome === "success").length,
        0,
        "nothing exported",
      );
    });

    it("finds no occurrence of another meeting, and names a malformed id", async () => {
      const before = (await exportsBy("hosp.liaison")).length;
      await assert.rejects(
        minutes("hosp.liaison", { occurrenceId, meetingId: randomUUID() }),
        expectDomainError("NOT_FOUND"),
      );
      await assert.rejects(
        minutes("hosp.liaison", { occurrenceId: randomUUID() }),
        expectDomainError("NOT_FOUND"),
      );
      await assert.rejects(
        minutes("hosp.liaison", { occurrenceId: "not-an-id" }),
        expectDomainError("VALIDATION", "occurrenceId"),
      );
      await assert.rejects(
        minutes("hosp.liaison", { occurrenceId, meetingId: "meeting-1" }),
        expectDomainError("VALIDATION", "meetingId"),
      );
      assert.equal((await exportsBy("hosp.liaison")).length, before, "nothing exported");
      // the address's own meeting is fine
      const doc = await minutes("hosp.liaison", { occurrenceId, meetingId });
      assert.equal(doc.meeting.id, meetingId);
    });
  });
}
