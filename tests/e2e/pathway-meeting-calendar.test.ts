import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { revokeCalendarFeed, issueCalendarFeed } from "../../server/domain/pathway-meetings/meeting-calendar";
import { cancelMeeting } from "../../server/domain/pathway-meetings/cancel-meeting";
import { scheduleMeeting } from "../../server/domain/pathway-meetings/schedule-meeting";
import { demoActor, startApp, type RunningApp } from "../helpers/app";
import { launchChromium } from "../helpers/browser";
import { calendarEvents as events } from "../helpers/icalendar";
import { signedInPage } from "../helpers/sign-in";

/**
 * Pathway-meeting invitations as a calendar application sees them, through the
 * running app: the .ics a signed-in invitee downloads, and the per-user feed a
 * calendar polls by its secret address (no session), which follows a
 * cancellation and stops answering once revoked. Read back with node-ical.
 */
describe("pathway meetings in any calendar: the .ics download and the feed URL (running app)", () => {
  let app: RunningApp;
  let browser: Browser;
  let gp: Page;
  let meetingId: string;
  let feedPath: string;

  before(async () => {
    app = await startApp();
    browser = await launchChromium();
    const coordinator = await demoActor(app, "liaison.suzuki");
    const yamada = await demoActor(app, "gp.yamada");
    const scheduled = await scheduleMeeting(app.database.db, coordinator, {
      title: "脳卒中地域連携パス会議",
      pathway: "stroke",
      location: "米沢中央病院 第1会議室 / オンライン",
      startsAt: "2027-01-14T18:30:00+09:00",
      durationMinutes: 90,
      rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
      invitees: [yamada.practitionerId],
    });
    meetingId = scheduled.meetingId;
    feedPath = (await issueCalendarFeed(app.database.db, yamada)).path;
    gp = await signedInPage(browser, app, "gp.yamada");
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("an invitee downloads the invitation: one recurring event at 18:30 in Tokyo, in Japanese", async () => {
    const res = await gp.request.get(`${app.url}/api/pathway-meetings/${meetingId}/meeting.ics`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()["content-type"] ?? "", /^text\/calendar; charset=utf-8; method=REQUEST/);
    const text = await res.text();
    assert.match(text, /\r\n/, "CRLF line endings");
    const [event, ...more] = events(text);
    assert.ok(event, "one event");
    assert.equal(more.length, 0);
    assert.equal(event.summary, "脳卒中地域連携パス会議");
    assert.equal(event.start.toISOString(), "2027-01-14T09:30:00.000Z");
    assert.equal(event.start.tz, "Asia/Tokyo");
    const dates = event.rrule!.all().map((d) => d.toISOString().slice(0, 10));
    assert.deepEqual(dates, ["2027-01-14", "2027-02-11", "2027-03-11"]);
    // someone not invited gets nothing
    const outsider = await signedInPage(browser, app, "ph.ito");
    const refused = await outsider.request.get(`${app.url}/api/pathway-meetings/${meetingId}/meeting.ics`);
    assert.equal(refused.status(), 404);
  });

  it("the feed answers a calendar without a session, follows a cancellation, and stops once revoked", async () => {
    const poll = () => fetch(`${app.url}${feedPath}`);
    const first = await poll();
    assert.equal(first.status, 200);
    assert.match(first.headers.get("content-type") ?? "", /^text\/calendar/);
    // the address is the credential: it must never travel on to another site as a referrer
    assert.ok(["same-origin", "no-referrer"].includes(first.headers.get("referrer-policy") ?? ""));
    const [event] = events(await first.text());
    assert.equal(event?.uid !== undefined && event.summary, "脳卒中地域連携パス会議");
    const uid = event!.uid;

    const coordinator = await demoActor(app, "liaison.suzuki");
    await cancelMeeting(app.database.db, coordinator, { meetingId, sequence: Number(event!.sequence ?? 0) });
    const [cancelled] = events(await (await poll()).text());
    assert.equal(cancelled?.uid, uid, "the same UID, so the calendar updates the event it has");
    assert.equal(cancelled?.status, "CANCELLED");
    assert.ok(Number(cancelled?.sequence) > Number(event!.sequence ?? 0), "SEQUENCE went up");

    await revokeCalendarFeed(app.database.db, await demoActor(app, "gp.yamada"));
    assert.equal((await poll()).status, 404);
    assert.equal((await fetch(`${app.url}/calendar/not-a-token.ics`)).status, 404);
  });
});
