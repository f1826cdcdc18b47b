import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { asc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import {
  facilities,
  pathwayMeetingFacilities,
  pathwayMeetingInvitees,
  pathwayMeetingOccurrences,
  pathwayMeetings,
} from "../../server/db/schema";
import { getMeetingSeries } from "../../server/domain/pathway-meetings/get-meeting-series";
import { updateMeeting } from "../../server/domain/pathway-meetings/update-meeting";
import { LOCALE_COOKIE } from "../../app/i18n";
import { demoActor, startApp, type RunningApp } from "../helpers/app";
import { assertFitsWidth, launchChromium } from "../helpers/browser";
import { calendarEvents as events } from "../helpers/icalendar";
import { signedInPage } from "../helpers/sign-in";

const REHAB = "南陽リハビリテーション病院";
const TITLE = "脳卒中地域連携パス会議（第2木曜）";

const pad = (n: number) => String(n).padStart(2, "0");

/** The second Thursdays of the coming months, from next month on (so always ahead of today). */
function secondThursdays(count: number): { iso: string; ja: string }[] {
  const now = new Date(Date.now() + 9 * 3_600_000);
  let year = now.getUTCFullYear();
  let month = now.getUTCMonth() + 1;
  const out: { iso: string; ja: string }[] = [];
  while (out.length < count) {
    if (month > 11) {
      month = 0;
      year += 1;
    }
    const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
    const day = 1 + ((4 - firstWeekday + 7) % 7) + 7;
    out.push({ iso: `${year}-${pad(month + 1)}-${pad(day)}`, ja: `${year}年${month + 1}月${day}日(木)` });
    month += 1;
  }
  return out;
}

/**
 * A hospital coordinator on a phone schedules 地域連携パス会議 through the UI:
 * every second Thursday at 18:30 Tokyo, three times, inviting a GP found in the
 * directory and the rehabilitation hospital. Bad rules are refused on their
 * field; the series is moved to 19:00 (SEQUENCE 1, in the .ics too); one
 * occurrence is cancelled; the GP sees it marked and subscribes a calendar,
 * then turns the subscription off.
 */
describe("pathway meetings: scheduling, changing and subscribing through the pages (Debian Chromium, 390 px)", () => {
  let app: RunningApp;
  let browser: Browser;
  let suzuki: Page;
  let yamada: Page;
  let meetingId: string;
  const dates = secondThursdays(3);

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    suzuki = await signedInPage(browser, app, "liaison.suzuki", 390);
    yamada = await signedInPage(browser, app, "gp.yamada", 390);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a GP with no meetings sees the empty list, and no scheduling button", async () => {
    await yamada.goto(`${app.url}/pathway-meetings`, { waitUntil: "commit" });
    await yamada.getByTestId("meeting-list-empty").waitFor();
    assert.equal(await yamada.getByTestId("schedule-meeting").count(), 0);
    await yamada.goto(`${app.url}/pathway-meetings/new`, { waitUntil: "commit" });
    await yamada.getByTestId("meeting-not-allowed").waitFor();
  });

  it("the coordinator schedules every second Thursday 18:30, 3 times; bad rules are refused on their field", async () => {
    const page = suzuki;
    await page.goto(`${app.url}/pathway-meetings`, { waitUntil: "commit" });
    await page.getByTestId("schedule-meeting").click();
    await page.waitForURL(`${app.url}/pathway-meetings/new`);
    await page.getByTestId("meeting-form").waitFor();

    await page.getByLabel("会議名").fill(TITLE);
    await page.getByLabel("対象のパス").selectOption("stroke");
    await page.getByLabel("初回の日付").fill(dates[0]!.iso);
    await page.getByLabel("開始時刻（日本時間）").fill("18:30");
    await page.getByLabel("長さ（分）").fill("90");
    await page.getByLabel("場所").fill("米沢中央病院 第1会議室 / オンライン");
    await page.locator("#meeting-pattern").selectOption("monthly");
    // the first date's weekday and its place in the month are taken as the default
    assert.equal(await page.locator("#meeting-ordinal").inputValue(), "2");
    assert.equal(await page.locator("#meeting-weekday").inputValue(), "TH");
    await page.getByLabel("回数", { exact: true }).fill("3");
    assert.equal(await page.getByTestId("built-rrule").textContent(), "FREQ=MONTHLY;COUNT=3;BYDAY=2TH");
    const preview = page.getByTestId("preview-date");
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="preview-date"]').length === n,
      3,
    );
    assert.deepEqual(
      await preview.allTextContents(),
      dates.map((d) => `${d.ja} 18:30–20:00`),
    );

    // the save's own answer, not the live preview's (whose input has no place field): the preview shows the error already
    const submitAndWaitForTheSave = async () => {
      const saved = page.waitForResponse(
        (r) => r.request().method() === "POST" && (r.request().postData() ?? "").includes('"location"'),
      );
      await page.getByTestId("meeting-submit").click();
      await saved;
    };

    // a last date before the first: refused on the recurrence, before and on saving
    await page.getByLabel("終了日で終える").check();
    await page.getByLabel("終了日", { exact: true }).fill("2026-01-01");
    await page.getByTestId("error-rrule").filter({ hasText: "UNTIL" }).waitFor();
    await submitAndWaitForTheSave();
    await page.getByTestId("error-rrule").filter({ hasText: "UNTIL" }).waitFor();
    assert.match(page.url(), /\/pathway-meetings\/new$/, "still on the form");

    // a raw rule that never ends
    await page.locator("#meeting-pattern").selectOption("custom");
    await page.locator("#meeting-rrule").fill("FREQ=MONTHLY;BYDAY=2TH");
    await page.getByTestId("error-rrule").filter({ hasText: "COUNT" }).waitFor();
    await submitAndWaitForTheSave();
    await page.getByTestId("error-rrule").filter({ hasText: "COUNT" }).waitFor();
    assert.match(page.url(), /\/pathway-meetings\/new$/, "still on the form");
    assert.equal((await app.database.db.select().from(pathwayMeetings)).length, 0, "nothing was saved");

    await page.locator("#meeting-pattern").selectOption("monthly");
    await page.getByLabel("回数で終える").check();
    await page.getByLabel("回数", { exact: true }).fill("3");
    await page.waitForFunction(() => !document.querySelector('[data-testid="error-rrule"]'));

    // gp.yamada from the directory, 南陽リハビリテーション病院 as a facility
    await page.getByLabel("名前・施設名・ログインIDで検索").fill("gp.yamada");
    await page.getByRole("button", { name: "検索", exact: true }).click();
    await page.getByTestId("directory-results").getByRole("button", { name: "追加" }).click();
    await page.getByTestId("invitee").filter({ hasText: "山田 誠" }).waitFor();
    await page.getByLabel("施設名で絞り込む").fill("南陽リハ");
    await page.getByTestId("facility-option").filter({ hasText: REHAB }).getByRole("checkbox").check();
    await assertFitsWidth(page, "the form fits a 390px screen");

    await page.getByTestId("meeting-submit").click();
    await page.waitForURL(/\/pathway-meetings\/[0-9a-f-]{36}$/);
    meetingId = page.url().split("/").pop()!;
    await page.getByTestId("meeting-occurrences").waitFor();
    assert.equal(await page.getByTestId("series-occurrence").count(), 3);
    assert.equal(await page.getByTestId("meeting-sequence").textContent(), "0");
    assert.equal(await page.getByTestId("meeting-schedule").textContent(), "毎月第2木曜 18:30–20:00、3回");
    await assertFitsWidth(page, "the series page fits a 390px screen");

    const db = app.database.db;
    const yamadaActor = await demoActor(app, "gp.yamada");
    const [rehab] = await db.select({ id: facilities.id }).from(facilities).where(eq(facilities.name, REHAB));
    const invited = await db
      .select({ id: pathwayMeetingInvitees.practitionerId })
      .from(pathwayMeetingInvitees)
      .where(eq(pathwayMeetingInvitees.meetingId, meetingId));
    assert.deepEqual(
      invited.map((i) => i.id),
      [yamadaActor.practitionerId],
    );
    const invitedFacilities = await db
      .select({ id: pathwayMeetingFacilities.facilityId })
      .from(pathwayMeetingFacilities)
      .where(eq(pathwayMeetingFacilities.meetingId, meetingId));
    assert.deepEqual(
      invitedFacilities.map((f) => f.id),
      [rehab!.id],
    );
    const [stored] = await db.select().from(pathwayMeetings).where(eq(pathwayMeetings.id, meetingId));
    assert.equal(stored?.rrule, "FREQ=MONTHLY;COUNT=3;BYDAY=2TH");
    assert.equal(stored?.startsAt.toISOString(), new Date(`${dates[0]!.iso}T18:30:00+09:00`).toISOString());
  });

  it("moves the series to 19:00: version 1 on the page and SEQUENCE 1 at 19:00 Tokyo in the .ics", async () => {
    const page = suzuki;
    await page.getByTestId("meeting-edit").click();
    await page.waitForURL(`${app.url}/pathway-meetings/${meetingId}/edit`);
    await page.getByTestId("meeting-form").waitFor();
    assert.equal(await page.getByLabel("会議名").inputValue(), TITLE);
    assert.equal(await page.locator("#meeting-pattern").inputValue(), "monthly");
    assert.equal(await page.getByTestId("invitee").count(), 1);
    await page.getByLabel("開始時刻（日本時間）").fill("19:00");
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="preview-date"]')?.textContent?.includes("19:00–20:30"),
    );
    await page.getByTestId("meeting-submit").click();
    await page.waitForURL(`${app.url}/pathway-meetings/${meetingId}`);
    await page.getByTestId("meeting-sequence").filter({ hasText: "1" }).waitFor();
    assert.equal(await page.getByTestId("meeting-schedule").textContent(), "毎月第2木曜 19:00–20:30、3回");

    const href = await page.getByTestId("meeting-ics").getAttribute("href");
    assert.equal(href, `/api/pathway-meetings/${meetingId}/meeting.ics`);
    const res = await page.request.get(`${app.url}${href}`);
    assert.equal(res.status(), 200);
    const [event] = events(await res.text());
    assert.equal(Number(event?.sequence), 1);
    assert.equal(event?.start.tz, "Asia/Tokyo");
    assert.equal(event?.start.toISOString(), new Date(`${dates[0]!.iso}T19:00:00+09:00`).toISOString());
  });

  it("cancels one occurrence; the series goes on", async () => {
    const page = suzuki;
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("series-occurrence").nth(1).getByTestId("cancel-occurrence").click();
    await page.locator('[data-testid="series-occurrence"][data-status="cancelled"]').waitFor();
    await page.getByTestId("meeting-sequence").filter({ hasText: "2" }).waitFor();
    const occurrences = await app.database.db
      .select({ startsAt: pathwayMeetingOccurrences.startsAt, status: pathwayMeetingOccurrences.status })
      .from(pathwayMeetingOccurrences)
      .where(eq(pathwayMeetingOccurrences.meetingId, meetingId))
      .orderBy(asc(pathwayMeetingOccurrences.startsAt));
    assert.deepEqual(
      occurrences.map((o) => o.status),
      ["scheduled", "cancelled", "scheduled"],
    );
    assert.equal(
      occurrences[1]!.startsAt.toISOString(),
      new Date(`${dates[1]!.iso}T19:00:00+09:00`).toISOString(),
    );
  });

  it("a change made meanwhile by someone else is reported on saving, not overwritten", async () => {
    const page = suzuki;
    await page.goto(`${app.url}/pathway-meetings/${meetingId}/edit`, { waitUntil: "commit" });
    await page.getByTestId("schedule-preview").waitFor();
    // a colleague at the same liaison office moves the room while the form is open
    const series = await getMeetingSeries(app.database.db, await demoActor(app, "liaison.suzuki"), {
      meetingId,
    });
    await updateMeeting(app.database.db, await demoActor(app, "liaison.suzuki"), {
      meetingId,
      sequence: series.meeting.sequence,
      title: series.meeting.title,
      pathway: series.meeting.pathway,
      location: "第2会議室",
      startsAt: series.meeting.startsAt.toISOString(),
      durationMinutes: series.meeting.durationMinutes,
      rrule: series.meeting.rrule,
      invitees: series.invitees.map((p) => p.id),
      facilityIds: series.facilities.map((f) => f.id),
    });
    await page.getByLabel("場所").fill("第3会議室");
    await page.getByTestId("meeting-submit").click();
    await page.getByTestId("error-conflict").waitFor();
    const [stored] = await app.database.db
      .select()
      .from(pathwayMeetings)
      .where(eq(pathwayMeetings.id, meetingId));
    assert.equal(stored?.location, "第2会議室", "the colleague's change stands");
    assert.equal(stored?.sequence, 3);
  });

  it("the invited GP sees the meeting with the cancelled occurrence marked, then subscribes and unsubscribes a calendar", async () => {
    const page = yamada;
    await page.goto(`${app.url}/pathway-meetings`, { waitUntil: "commit" });
    await page.getByTestId("meeting-list").waitFor();
    const rows = page.getByTestId("meeting-occurrence");
    assert.equal(await rows.count(), 3);
    assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status"))), [
      "scheduled",
      "cancelled",
      "scheduled",
    ]);
    assert.equal(await rows.nth(1).getByTestId("occurrence-cancelled").textContent(), "中止");
    assert.equal(await rows.first().getByTestId("occurrence-link").textContent(), TITLE);
    await assertFitsWidth(page, "the list fits a 390px screen");

    await page.getByTestId("calendar-feed-link").click();
    await page.waitForURL(`${app.url}/pathway-meetings/calendar`);
    await page.getByTestId("calendar-feed-none").waitFor();
    await page.getByTestId("calendar-feed-issue").click();
    const url = await page.getByTestId("calendar-feed-url").inputValue();
    assert.match(url, new RegExp(`^${app.url}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    await page.getByTestId("calendar-feed-state").waitFor();
    await assertFitsWidth(page, "the calendar page fits a 390px screen");

    const live = await fetch(url);
    assert.equal(live.status, 200);
    assert.match(live.headers.get("content-type") ?? "", /^text\/calendar/);
    const [event] = events(await live.text());
    assert.equal(event?.summary, TITLE);

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("calendar-feed-revoke").click();
    await page.getByTestId("calendar-feed-none").waitFor();
    assert.equal((await fetch(url)).status, 404);
  });
  it("the GP reads the list and the series in English, on a phone", async () => {
    const page = yamada;
    await page.context().addCookies([{ name: LOCALE_COOKIE, value: "en", url: app.url }]);
    try {
      await page.goto(`${app.url}/pathway-meetings`, { waitUntil: "commit" });
      await page.getByTestId("meeting-list").waitFor();
      const rows = page.getByTestId("meeting-occurrence");
      assert.equal(await rows.nth(1).getByTestId("occurrence-cancelled").textContent(), "Cancelled");
      await rows.first().getByTestId("occurrence-link").click();
      await page.waitForURL(/\/occurrences\//);
      assert.equal(await page.getByTestId("occurrence-status").textContent(), "Scheduled");
      // the room opens 30 minutes before the start, and the button says when
      await page
        .getByTestId("join-meeting")
        .getByRole("button", { name: /^Opens at .* \(30 minutes before the start\)$/ })
        .waitFor();
      await assertFitsWidth(page, "the occurrence in English fits a 390px screen");

      await page.goto(`${app.url}/pathway-meetings/${meetingId}`, { waitUntil: "commit" });
      await page.getByTestId("meeting-schedule").waitFor();
      assert.equal(
        await page.getByTestId("meeting-schedule").textContent(),
        "Monthly on the 2nd Thu, 19:00–20:30, 3 times",
      );
      // the app's own words are English; the title and names are the users' data and stay as written
      assert.doesNotMatch((await page.locator("main").textContent())!, /毎月|回目|予定|招待|中止/);
      await assertFitsWidth(page, "the series in English fits a 390px screen");
    } finally {
      await page.context().addCookies([{ name: LOCALE_COOKIE, value: "ja", url: app.url }]);
    }
  });

  it("the coordinator cancels the whole meeting with a reason: the page says so, and calendars get the cancellation", async () => {
    const page = suzuki;
    await page.goto(`${app.url}/pathway-meetings/${meetingId}`, { waitUntil: "commit" });
    await page.getByTestId("cancel-series").locator("summary").click();
    await page.getByLabel("中止の理由").fill("年度末で会議体を再編するため");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("cancel-series-confirm").click();
    await page.getByTestId("meeting-cancelled").filter({ hasText: "年度末で会議体を再編するため" }).waitFor();
    assert.equal(await page.getByTestId("meeting-edit").count(), 0, "a cancelled meeting is not edited");
    assert.equal(await page.getByTestId("cancel-occurrence").count(), 0);
    assert.deepEqual(
      await page
        .getByTestId("series-occurrence")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-status"))),
      ["cancelled", "cancelled", "cancelled"],
    );
    const res = await page.request.get(`${app.url}/api/pathway-meetings/${meetingId}/meeting.ics`);
    assert.match(res.headers()["content-type"] ?? "", /method=CANCEL/);
    const [event] = events(await res.text());
    assert.equal(event?.status, "CANCELLED");
    await assertFitsWidth(page, "the cancelled series fits a 390px screen");
  });
});
