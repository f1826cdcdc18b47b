import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ical from "node-ical";
import {
  foldLine,
  MAX_LINE_OCTETS,
  meetingCalendar,
  meetingUid,
  PRODUCT_ID,
} from "../../server/domain/pathway-meetings/icalendar";
import { planSchedule } from "../../server/domain/pathway-meetings/recurrence";
import { parseCalendar as parse } from "../helpers/icalendar";
import { SAMPLE_MEETING } from "../helpers/pathway-meeting-fixtures";

const octets = (s: string) => new TextEncoder().encode(s).length;
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");

describe(`iCalendar output, read back with node-ical (process TZ=${process.env.TZ ?? "unset"})`, () => {
  const text = meetingCalendar([SAMPLE_MEETING], "REQUEST");

  it("ends every line in CRLF and folds at 75 octets without splitting a UTF-8 character", () => {
    assert.ok(text.endsWith("\r\n"));
    assert.ok(!/[^\r]\n/.test(text) && !/\r[^\n]/.test(text), "a bare LF or CR");
    const lines = text.slice(0, -2).split("\r\n");
    for (const line of lines) {
      assert.ok(octets(line) <= MAX_LINE_OCTETS, `${octets(line)} octets: ${line}`);
      assert.ok(!line.includes("\uFFFD"));
    }
    // the Japanese title is long enough to need folding, and comes back whole when unfolded
    const summary = lines.findIndex((l) => l.startsWith("SUMMARY:"));
    assert.ok(lines[summary + 1]?.startsWith(" "), "SUMMARY was not folded");
    assert.ok(unfold(text).includes(`\r\nSUMMARY:${SAMPLE_MEETING.title}\r\n`));
    // and the whole byte stream is valid UTF-8
    const bytes = new TextEncoder().encode(text);
    assert.equal(new TextDecoder("utf-8", { fatal: true }).decode(bytes), text);
  });

  it("folds one line at a time: ASCII, three-octet Japanese, four-octet characters", () => {
    const ascii = `DESCRIPTION:${"a".repeat(200)}`;
    const folded = foldLine(ascii).split("\r\n");
    assert.deepEqual(
      folded.map((l) => octets(l)),
      [75, 75, 1 + (212 - 75 - 74)],
    );
    assert.equal(folded.map((l, i) => (i ? l.slice(1) : l)).join(""), ascii);
    for (const body of ["会議".repeat(60), "🏥".repeat(40), `x${"会".repeat(50)}`]) {
      const line = `SUMMARY:${body}`;
      const parts = foldLine(line).split("\r\n");
      assert.ok(parts.every((p) => octets(p) <= 75));
      assert.ok(parts.slice(1).every((p) => p.startsWith(" ")));
      assert.equal(parts.map((l, i) => (i ? l.slice(1) : l)).join(""), line);
    }
    assert.equal(foldLine("SHORT:ok"), "SHORT:ok");
  });

  it("reads back field by field: UID, SEQUENCE, DTSTART with its TZID, RRULE, EXDATE, STATUS, SUMMARY", () => {
    const { events, zones } = parse(text);
    assert.equal(events.length, 1);
    const event = events[0]!;
    assert.equal(event.uid, meetingUid(SAMPLE_MEETING.id));
    assert.equal(event.uid, `${SAMPLE_MEETING.id}@pathway-meetings.okinet-collab`);
    assert.equal(event.sequence, 3);
    assert.equal(event.method, "REQUEST");
    assert.equal(event.start.tz, "Asia/Tokyo");
    assert.equal(event.start.toISOString(), "2026-12-10T09:30:00.000Z");
    assert.equal(event.end?.toISOString(), "2026-12-10T11:00:00.000Z");
    assert.equal(event.dtstamp.toISOString(), "2026-11-20T03:04:05.000Z");
    assert.match(unfold(text), /\r\nDTSTART;TZID=Asia\/Tokyo:20261210T183000\r\n/);
    assert.match(unfold(text), /\r\nDTEND;TZID=Asia\/Tokyo:20261210T200000\r\n/);
    assert.match(unfold(text), /\r\nRRULE:FREQ=MONTHLY;COUNT=4;BYDAY=2TH\r\n/);
    assert.match(unfold(text), /\r\nEXDATE;TZID=Asia\/Tokyo:20270114T183000\r\n/);
    assert.ok(event.rrule);
    assert.match(event.rrule.toString(), /FREQ=MONTHLY/);
    assert.match(event.rrule.toString(), /COUNT=4/);
    assert.deepEqual(
      [...new Set(Object.values(event.exdate ?? {}).map((d) => d.toISOString()))],
      ["2027-01-14T09:30:00.000Z"],
    );
    assert.equal(event.status, "CONFIRMED");
    assert.equal(event.summary, SAMPLE_MEETING.title);
    assert.equal(event.location, SAMPLE_MEETING.location);
    assert.equal(typeof event.description, "string");
    assert.match(
      event.description as string,
      /^議題: 症例検討, 退院調整; バリアンス分析\n\n議題（症例）は会議のページで確認してください。/,
    );
    assert.deepEqual(event.organizer, {
      params: { CN: "鈴木 由美" },
      val: "urn:uuid:11111111-1111-4111-8111-111111111111",
    });
    const attendees = [event.attendee ?? []].flat() as { params: Record<string, unknown>; val: string }[];
    assert.deepEqual(
      attendees.map((a) => [a.val, a.params.CN, a.params.CUTYPE, a.params.ROLE, a.params.PARTSTAT]),
      [
        [
          "urn:uuid:22222222-2222-4222-8222-222222222222",
          "南陽リハビリテーション病院",
          "GROUP",
          "REQ-PARTICIPANT",
          "NEEDS-ACTION",
        ],
        [
          "urn:uuid:33333333-3333-4333-8333-333333333333",
          "山田 誠",
          "INDIVIDUAL",
          "REQ-PARTICIPANT",
          "NEEDS-ACTION",
        ],
      ],
    );
    assert.equal(zones.length, 1);
    assert.equal(zones[0]?.tzid, "Asia/Tokyo");
    assert.match(text, /\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:\+0900\r\nTZOFFSETTO:\+0900\r\nTZNAME:JST\r\n/);
    assert.match(
      text,
      new RegExp(`^BEGIN:VCALENDAR\\r\\nPRODID:${PRODUCT_ID.replace(/[/]/g, "\\/")}\\r\\nVERSION:2.0\\r\\n`),
    );
  });

  it("expands, in the other parser, to our occurrences minus the cancelled one", () => {
    const [event] = parse(text).events;
    const theirs = ical
      .expandRecurringEvent(event!, {
        from: new Date("2026-01-01T00:00:00Z"),
        to: new Date("2028-01-01T00:00:00Z"),
      })
      .map((i) => i.start.toISOString());
    const ours = planSchedule({
      startsAt: "2026-12-10T18:30:00+09:00",
      timeZone: "Asia/Tokyo",
      rrule: SAMPLE_MEETING.rrule,
      durationMinutes: SAMPLE_MEETING.durationMinutes,
    })
      .occurrences.map((o) => o.startsAt.toISOString())
      .filter((s) => s !== "2027-01-14T09:30:00.000Z");
    assert.deepEqual(theirs, ours);
    assert.deepEqual(ours, [
      "2026-12-10T09:30:00.000Z",
      "2027-02-11T09:30:00.000Z",
      "2027-03-11T09:30:00.000Z",
    ]);
  });

  it("writes a cancellation: METHOD:CANCEL, STATUS:CANCELLED, the same UID and a higher SEQUENCE", () => {
    const cancelled = meetingCalendar([{ ...SAMPLE_MEETING, status: "cancelled", sequence: 4 }], "CANCEL");
    const [event] = parse(cancelled).events;
    assert.equal(event?.uid, meetingUid(SAMPLE_MEETING.id));
    assert.equal(event?.sequence, 4);
    assert.equal(event?.status, "CANCELLED");
    assert.equal(event?.method, "CANCEL");
    assert.match(cancelled, /\r\nMETHOD:CANCEL\r\n/);
  });

  it("writes a feed of several meetings with one VTIMEZONE and a calendar name", () => {
    const feed = meetingCalendar(
      [
        SAMPLE_MEETING,
        {
          ...SAMPLE_MEETING,
          id: "8f0c7e1e-5a0b-4c55-9d7e-1b2c3d4e5f61",
          rrule: null,
          cancelledOccurrences: [],
          sequence: 0,
        },
      ],
      "PUBLISH",
      { name: "地域連携パス会議 / Pathway meetings" },
    );
    const { events, zones } = parse(feed);
    assert.equal(zones.length, 1);
    assert.deepEqual(
      events.map((e) => [e.uid, Boolean(e.rrule)]),
      [
        [meetingUid(SAMPLE_MEETING.id), true],
        [meetingUid("8f0c7e1e-5a0b-4c55-9d7e-1b2c3d4e5f61"), false],
      ],
    );
    assert.match(unfold(feed), /\r\nX-WR-CALNAME:地域連携パス会議 \/ Pathway meetings\r\n/);
    assert.match(feed, /\r\nMETHOD:PUBLISH\r\n/);
  });
});
