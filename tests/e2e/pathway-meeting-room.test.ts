import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { and, asc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import {
  auditEvents,
  facilities,
  pathwayEnrolments,
  pathwayMeetingAgendaChanges,
  pathwayMeetingDecisions,
  pathwayMeetingInvitees,
  pathwayMeetingOccurrences,
  notifications,
  patients,
  practitioners,
} from "../../server/db/schema";
import { recordVariance } from "../../server/domain/pathways/record-variance";
import { demoActor, demoPatientIds, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { joinFromDeviceCheck } from "../helpers/conference";
import { eventually } from "../helpers/eventually";
import { PdfFile, squeeze } from "../helpers/pdf";
import { signedInPage } from "../helpers/sign-in";
import { tokyoDay } from "../helpers/tokyo";

const REHAB = "南陽リハビリテーション病院";
const CLINIC = "長井さくら内科クリニック";

/** The first start a whole minute about ten minutes from now, as a coordinator types it in Tokyo. */
function tokyoInTenMinutes(): string {
  const start = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
  return `${new Date(start + 9 * 3_600_000).toISOString().slice(0, 16)}:00+09:00`;
}

/**
 * A pathway meeting through the running app, in Debian Chromium: the liaison
 * office schedules it through the form; 山田花子's stroke case (enrolled,
 * and a variance since) puts itself on the agenda; the
 * rehabilitation hospital's therapist, outside her consent, sees the line
 * redacted, on the occurrence page and in the room; the GP, inside it, sees
 * her case and why, on a phone; the liaison office removes and re-adds the
 * case, opens the room from the meeting and records a decision in it (a
 * facility outside her consent refused on its field), stored linked to her
 * enrolment; attendance lists who came; the minutes PDF prints her case
 * for the liaison office and the redacted line for the therapist.
 */
describe("a pathway meeting's occurrence and its room: redacted cases, joining, the minutes (Debian Chromium)", () => {
  let app: RunningApp;
  let browser: Browser;
  let meetingId: string;
  let occurrenceId: string;
  let nextWeekId: string;
  let enrolmentId: string;
  let regionalId: string;
  let patientId: string;
  let conferenceUrl: string;
  const pages: Record<string, Page> = {};
  const occurrenceUrl = () => `${app.url}/pathway-meetings/${meetingId}/occurrences/${occurrenceId}`;

  // each demo user signs in once: a second sign-in within the same TOTP step would be refused as a replay
  const pageFor = async (loginId: string, width = 1280) => {
    const page = await signedInPage(browser, app, loginId, width);
    pages[loginId] = page;
    return page;
  };
  const openOccurrence = async (page: Page) => {
    await page.goto(occurrenceUrl(), { waitUntil: "commit" });
    await page.getByTestId("pathway-agenda").waitFor();
  };
  const noPatientOn = async (page: Page, where: string) => {
    const html = await page.content();
    for (const trace of ["花子", "ハナコ", regionalId, enrolmentId]) {
      assert.ok(!html.includes(trace), `${where}: ${trace} must not reach a reader outside her consent`);
    }
  };

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    const db = app.database.db;
    const { consented } = await demoPatientIds(app);
    patientId = consented;
    const [enrolment] = await db
      .select({ id: pathwayEnrolments.id, version: pathwayEnrolments.version })
      .from(pathwayEnrolments)
      .where(eq(pathwayEnrolments.patientId, consented));
    enrolmentId = enrolment!.id;
    regionalId = (await db.select().from(patients).where(eq(patients.id, consented)))[0]!.regionalId;
    // the seed enrolled her at 米沢中央病院; a variance since then puts her on the agenda twice over
    await recordVariance(db, await demoActor(app, "dr.sato"), {
      enrolmentId,
      version: enrolment!.version,
      category: "patient",
      occurredOn: tokyoDay(),
      description: "嚥下障害のため経口摂取の開始が遅れた",
    });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("the liaison office schedules a weekly meeting through the form, inviting the GP and the therapist", async () => {
    const suzuki = await pageFor("liaison.suzuki");
    await suzuki.goto(`${app.url}/pathway-meetings`, { waitUntil: "commit" });
    await suzuki.getByTestId("schedule-meeting").click();
    await suzuki.waitForURL(`${app.url}/pathway-meetings/new`);
    await suzuki.getByTestId("meeting-form").waitFor();
    const start = tokyoInTenMinutes();
    await suzuki.getByLabel("会議名").fill("脳卒中地域連携パス会議");
    await suzuki.getByLabel("対象のパス").selectOption("stroke");
    await suzuki.getByLabel("初回の日付").fill(start.slice(0, 10));
    await suzuki.getByLabel("開始時刻（日本時間）").fill(start.slice(11, 16));
    await suzuki.getByLabel("長さ（分）").fill("60");
    await suzuki.getByLabel("場所").fill("オンライン");
    await suzuki.locator("#meeting-pattern").selectOption("weekly");
    await suzuki.getByLabel("回数", { exact: true }).fill("3");
    assert.match((await suzuki.getByTestId("built-rrule").textContent())!, /^FREQ=WEEKLY;COUNT=3/);
    for (const [loginId, name] of [
      ["gp.yamada", "山田 誠"],
      ["pt.nakamura", "中村"],
    ] as const) {
      await suzuki.getByLabel("名前・施設名・ログインIDで検索").fill(loginId);
      await suzuki.getByRole("button", { name: "検索", exact: true }).click();
      await suzuki.getByTestId("directory-results").getByRole("button", { name: "追加" }).first().click();
      await suzuki.getByTestId("invitee").filter({ hasText: name }).waitFor();
    }
    await suzuki.getByTestId("meeting-submit").click();
    await suzuki.waitForURL(/\/pathway-meetings\/[0-9a-f-]{36}$/);
    meetingId = suzuki.url().split("/").pop()!;
    await suzuki.getByTestId("meeting-occurrences").waitFor();
    assert.equal(await suzuki.getByTestId("series-occurrence").count(), 3);
    const occurrences = await app.database.db
      .select()
      .from(pathwayMeetingOccurrences)
      .where(eq(pathwayMeetingOccurrences.meetingId, meetingId))
      .orderBy(asc(pathwayMeetingOccurrences.startsAt));
    assert.equal(occurrences[0]!.startsAt.toISOString(), new Date(start).toISOString());
    [occurrenceId, nextWeekId] = [occurrences[0]!.id, occurrences[1]!.id];
    const invited = await app.database.db
      .select()
      .from(pathwayMeetingInvitees)
      .where(eq(pathwayMeetingInvitees.meetingId, meetingId));
    assert.equal(invited.length, 2);
  });

  it("the therapist outside her consent sees the case as a grey line, no name anywhere on the page", async () => {
    const nakamura = await pageFor("pt.nakamura");
    await openOccurrence(nakamura);
    assert.match((await nakamura.getByTestId("occurrence-title").textContent())!, /脳卒中地域連携パス会議/);
    const redacted = nakamura.getByTestId("agenda-case-redacted");
    assert.equal(await redacted.count(), 1);
    assert.match((await redacted.textContent())!, /同意の範囲外のため非表示/);
    assert.equal(await nakamura.getByTestId("agenda-case").count(), 0);
    assert.equal(
      await nakamura.getByTestId("agenda-remove").count(),
      0,
      "an invitee does not change the agenda",
    );
    await noPatientOn(nakamura, "occurrence page");
    // next week's room is not open yet: the button says when it opens
    await nakamura.goto(`${app.url}/pathway-meetings/${meetingId}/occurrences/${nextWeekId}`, {
      waitUntil: "commit",
    });
    const later = nakamura.getByTestId("join-meeting").getByRole("button");
    await later.waitFor();
    assert.ok(await later.isDisabled());
    assert.match((await later.textContent())!, /から参加できます/);
  });

  it("the GP inside her consent sees her case and why it is on the agenda, on a phone", async () => {
    const gp = await pageFor("gp.yamada", 390);
    await openOccurrence(gp);
    const yamada = gp.getByTestId("agenda-case");
    await yamada.waitFor();
    const text = (await yamada.textContent())!;
    assert.match(text, /山田 花子/);
    assert.match(text, /ヤマダ ハナコ/);
    assert.match(text, new RegExp(regionalId));
    assert.match(text, /脳卒中/);
    assert.match(text, /米沢中央病院/);
    const reasons = (await yamada.getByTestId("agenda-reasons").textContent())!;
    assert.match(reasons, /段階の変更/);
    assert.match(reasons, /逸脱 1件/);
    assert.match(text, /逸脱の記録/, "the changes in the window");
    assert.equal(
      await yamada.getByRole("link", { name: "山田 花子" }).getAttribute("href"),
      `/pathways/${enrolmentId}`,
    );
    assert.equal(await gp.getByTestId("agenda-case-redacted").count(), 0);
    assert.equal(await gp.getByTestId("agenda-add").count(), 0);
    await assertFitsWidth(gp, "occurrence page on a phone");
  });

  it("the liaison office removes the case, adds it back, and opens the room from the meeting", async () => {
    const suzuki = pages["liaison.suzuki"]!;
    await openOccurrence(suzuki);
    const yamada = suzuki.getByTestId("agenda-case");
    await yamada.getByTestId("agenda-remove").click();
    await yamada.waitFor({ state: "detached" });
    await suzuki.getByText("議題の症例はありません。").waitFor();

    const add = suzuki.getByTestId("agenda-add");
    await add.locator("summary").click();
    await add.getByLabel("症例を選んでください").selectOption(enrolmentId);
    await add.getByRole("button", { name: "議題に追加" }).click();
    await suzuki.getByTestId("agenda-case").waitFor();
    assert.match((await suzuki.getByTestId("agenda-reasons").textContent())!, /追加/);
    const [change] = await app.database.db
      .select()
      .from(pathwayMeetingAgendaChanges)
      .where(eq(pathwayMeetingAgendaChanges.occurrenceId, occurrenceId));
    assert.equal(change?.change, "added");
    assert.equal(change?.enrolmentId, enrolmentId);

    await suzuki.getByTestId("join-meeting").getByRole("button", { name: "会議に参加" }).click();
    await suzuki.waitForURL(/\/conferences\/[0-9a-f-]{36}$/);
    conferenceUrl = suzuki.url();
    await joinFromDeviceCheck(suzuki);
    const room = suzuki.getByTestId("room");
    await room.waitFor();
    // the agenda is beside the video, in the room itself
    await room.getByTestId("pathway-agenda").getByTestId("agenda-case").waitFor();
    assert.equal(
      await suzuki.getByTestId("to-occurrence").getAttribute("href"),
      `/pathway-meetings/${meetingId}/occurrences/${occurrenceId}`,
    );
    // the join did not wait for it, but her records were fetched into the cache meanwhile
    const suzukiId = (await demoActor(app, "liaison.suzuki")).practitionerId;
    await eventually("the agenda cases' records warmed for the coordinator", async () => {
      const warmed = await app.database.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "pathway_meeting.warm_up"), eq(auditEvents.actorId, suzukiId)));
      return warmed.some((w) => JSON.stringify(w.details.patientIds) === JSON.stringify([patientId]));
    });
  });

  it("records a decision in the room: a facility outside her consent refused on its field, then stored on her enrolment", async () => {
    const suzuki = pages["liaison.suzuki"]!;
    const form = suzuki.getByTestId("room").getByTestId("decision-form");
    await form.locator("summary").click();
    await form.getByLabel("決定事項").fill("回復期リハビリテーション病院への転院を調整する");
    const facility = form.getByLabel("担当施設");
    const rehabOption = facility.locator("option", { hasText: REHAB });
    assert.match((await rehabOption.textContent())!, /同意の範囲外/, "marked before it is chosen");
    await facility.selectOption({ label: (await rehabOption.textContent())! });
    const due = tokyoDay(1);
    await form.getByLabel("期限（任意）").fill(due);
    await form.getByRole("button", { name: "記録する" }).click();
    const fieldError = form.locator(`#decision-${enrolmentId}-responsibleFacilityId-error`);
    await fieldError.waitFor();
    assert.match((await fieldError.textContent())!, /同意の範囲に含まれていません/);
    assert.equal((await app.database.db.select().from(pathwayMeetingDecisions)).length, 0, "nothing stored");

    await facility.selectOption({ label: CLINIC });
    await form.getByRole("button", { name: "記録する" }).click();
    const decision = suzuki.getByTestId("room").getByTestId("agenda-decision");
    await decision.waitFor();
    assert.match((await decision.textContent())!, /転院を調整する/);
    assert.match((await decision.textContent())!, new RegExp(CLINIC));

    const [clinic] = await app.database.db
      .select({ id: facilities.id })
      .from(facilities)
      .where(eq(facilities.name, CLINIC));
    const stored = await app.database.db
      .select()
      .from(pathwayMeetingDecisions)
      .where(
        and(
          eq(pathwayMeetingDecisions.occurrenceId, occurrenceId),
          eq(pathwayMeetingDecisions.enrolmentId, enrolmentId),
        ),
      );
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.responsibleFacilityId, clinic!.id);
    assert.equal(stored[0]?.dueOn, due);
    assert.equal(stored[0]?.decision, "回復期リハビリテーション病院への転院を調整する");
  });

  it("the therapist joins from the meeting and still sees the case redacted in the room", async () => {
    const nakamura = pages["pt.nakamura"]!;
    await openOccurrence(nakamura);
    await nakamura.getByTestId("join-meeting").getByRole("button", { name: "会議に参加" }).click();
    await nakamura.waitForURL(conferenceUrl);
    await joinFromDeviceCheck(nakamura);
    const room = nakamura.getByTestId("room");
    await room.waitFor();
    const agenda = room.getByTestId("pathway-agenda");
    await agenda.getByTestId("agenda-case-redacted").waitFor();
    assert.equal(await agenda.getByTestId("agenda-case").count(), 0);
    assert.equal(await agenda.getByTestId("decision-form").count(), 0);
    await noPatientOn(nakamura, "room");
  });

  it("attendance on the occurrence page lists the liaison office and the therapist", async () => {
    const suzuki = pages["liaison.suzuki"]!;
    await openOccurrence(suzuki);
    const attendees = suzuki.getByTestId("attendance").getByTestId("attendee");
    assert.equal(await attendees.count(), 2);
    const text = (await suzuki.getByTestId("attendance").textContent())!;
    assert.match(text, /鈴木 由美/);
    assert.match(text, /米沢中央病院/);
    assert.match(text, /中村 翔太/);
    assert.match(text, new RegExp(REHAB));
    assert.match((await suzuki.getByTestId("occurrence-status").textContent())!, /開催中/);
  });

  it("those in the room see a decision recorded on the occurrence page at once, without reloading, each within consent", async () => {
    const gp = pages["gp.yamada"]!;
    await openOccurrence(gp);
    await gp.getByTestId("join-meeting").getByRole("button", { name: "会議に参加" }).click();
    await gp.waitForURL(conferenceUrl);
    await joinFromDeviceCheck(gp);
    const gpAgenda = gp.getByTestId("room").getByTestId("pathway-agenda");
    await gpAgenda.getByTestId("agenda-decision").filter({ hasText: "転院を調整する" }).waitFor();
    // a mark on the GP's page that a reload would wipe: the agenda must change under it, not the page
    await gp.evaluate(() => ((window as unknown as { stayed?: boolean }).stayed = true));

    const nakamura = pages["pt.nakamura"]!;
    // the therapist's room is rendered anew too (a server component payload, fetched by router.refresh)
    const nakamuraRefresh = nakamura.waitForResponse(
      (r) => r.url().startsWith(conferenceUrl) && r.request().headers()["rsc"] === "1",
    );
    const suzuki = pages["liaison.suzuki"]!;
    const form = suzuki.getByTestId("decision-form");
    await form.locator("summary").click();
    await form.getByLabel("決定事項").fill("退院前カンファランスで訪問看護の導入を確認する");
    await form.getByLabel("担当施設").selectOption({ label: CLINIC });
    await form.getByRole("button", { name: "記録する" }).click();
    await suzuki.getByTestId("agenda-decision").filter({ hasText: "訪問看護" }).waitFor();

    await gpAgenda.getByTestId("agenda-decision").filter({ hasText: "訪問看護" }).waitFor();
    assert.equal(
      await gp.evaluate(() => (window as unknown as { stayed?: boolean }).stayed),
      true,
      "not reloaded",
    );
    assert.equal(await gp.getByTestId("room").count(), 1, "still in the room");
    // the therapist's room was rendered anew after the decision, and still holds nothing of the patient
    await nakamuraRefresh;
    await nakamura.getByTestId("room").getByTestId("agenda-case-redacted").waitFor();
    await noPatientOn(nakamura, "room after the push");
  });

  it("the minutes PDF from the occurrence page: the coordinator's with her case and its decisions, the therapist's with the line redacted", async () => {
    const minutesOf = async (page: Page) => {
      await openOccurrence(page);
      const link = page.getByTestId("minutes-pdf");
      assert.match((await link.textContent())!, /議事録PDF/);
      const href = (await link.getAttribute("href"))!;
      assert.equal(href, `/api/pathway-meetings/${meetingId}/occurrences/${occurrenceId}/minutes.pdf`);
      const response = await page.request.get(`${app.url}${href}`);
      assert.equal(response.status(), 200);
      assert.equal(response.headers()["content-type"], "application/pdf");
      // no patient name in the file name
      const disposition = decodeURIComponent(response.headers()["content-disposition"] ?? "");
      assert.match(disposition, /filename/);
      assert.ok(!disposition.includes("山田"), disposition);
      return PdfFile.write(new Uint8Array(await response.body()));
    };
    const suzuki = await minutesOf(pages["liaison.suzuki"]!);
    const nakamura = await minutesOf(pages["pt.nakamura"]!);
    try {
      const coordinator = squeeze(await suzuki.text());
      for (const expected of [
        "パス会議議事録",
        "脳卒中地域連携パス会議",
        "山田花子",
        regionalId,
        "回復期リハビリテーション病院への転院を調整する",
        "退院前カンファランスで訪問看護の導入を確認する",
        CLINIC,
        "鈴木由美",
        "中村翔太",
      ]) {
        assert.ok(coordinator.includes(expected), `coordinator's minutes: ${expected}`);
      }
      const therapist = squeeze(await nakamura.text());
      assert.ok(
        therapist.includes(squeeze("同意の範囲外のため非表示 / Hidden: outside the patient's consent")),
      );
      assert.ok(therapist.includes("鈴木由美"), "the attendance is the same for everyone");
      for (const trace of ["花子", "ハナコ", regionalId, enrolmentId, "転院を調整する", "訪問看護"]) {
        assert.ok(!therapist.includes(trace), `therapist's minutes: ${trace} must not be there`);
      }
    } finally {
      await suzuki.remove();
      await nakamura.remove();
    }
    // each export audited, with the patients it showed
    const exported = await app.database.db
      .select({
        actorId: auditEvents.actorId,
        patientId: auditEvents.patientId,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .where(eq(auditEvents.action, "pathway_meeting.minutes_export"));
    const suzukiId = (await demoActor(app, "liaison.suzuki")).practitionerId;
    const nakamuraId = (await demoActor(app, "pt.nakamura")).practitionerId;
    assert.deepEqual(exported.find((e) => e.actorId === suzukiId)?.details.patientIds, [patientId]);
    assert.deepEqual(exported.find((e) => e.actorId === nakamuraId)?.details.patientIds, []);
    // a malformed occurrence is named; another meeting's address finds nothing
    const gp = pages["gp.yamada"]!;
    const malformed = await gp.request.get(
      `${app.url}/api/pathway-meetings/${meetingId}/occurrences/not-an-id/minutes.pdf`,
    );
    assert.equal(malformed.status(), 400);
    assert.match(JSON.stringify(await malformed.json()), /occurrenceId/);
    const elsewhere = await gp.request.get(
      `${app.url}/api/pathway-meetings/${randomUUID()}/occurrences/${occurrenceId}/minutes.pdf`,
    );
    assert.equal(elsewhere.status(), 404);
  });
  it("the clinic named 担当施設 is told: the GP's notification leads to the sheet, where its decisions are marked as hers", async () => {
    const gp = pages["gp.yamada"]!;
    await gp.goto(`${app.url}/notifications`, { waitUntil: "commit" });
    const lines = gp.getByTestId("notification").filter({ hasText: "貴施設が担当する決定事項" });
    await lines.first().waitFor();
    assert.equal(await lines.count(), 2, "one per decision for her clinic");
    assert.match((await lines.first().textContent())!, /山田 花子/);
    assert.match((await lines.first().textContent())!, /脳卒中地域連携パス会議/);
    assert.equal(await lines.first().getByRole("link").getAttribute("href"), `/pathways/${enrolmentId}`);
    await lines.first().getByRole("link").click();
    await gp.waitForURL(`${app.url}/pathways/${enrolmentId}`);
    const ours = gp.locator('[data-testid="pathway-decision"][data-ours="true"]');
    await ours.first().waitFor();
    assert.equal(await ours.count(), 2);
    assert.match((await ours.first().textContent())!, /自施設の担当/);
    await assertFitsWidth(gp, "the sheet with its decisions fits a 390px screen");

    // only the clinic was told: the rehabilitation hospital, refused as 担当施設, has no such notification
    const told = await app.database.db
      .selectDistinct({ facilityId: practitioners.facilityId })
      .from(notifications)
      .innerJoin(practitioners, eq(practitioners.id, notifications.recipientId))
      .where(eq(notifications.kind, "meeting_decision_assigned"));
    const [clinic] = await app.database.db
      .select({ id: facilities.id })
      .from(facilities)
      .where(eq(facilities.name, CLINIC));
    assert.deepEqual(
      told.map((r) => r.facilityId),
      [clinic!.id],
    );
  });
});
