import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { DomainError } from "../../server/errors";
import {
  MAX_OCCURRENCES,
  planSchedule,
  type ScheduleInput,
} from "../../server/domain/pathway-meetings/recurrence";
import { isKnownTimeZone, wallTimeIn, zonedToUtc } from "../../server/model/zoned-time";
import { fingerprint, SCHEDULES } from "../helpers/pathway-meeting-fixtures";
import { textOf } from "../helpers/messages";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/** The same schedules and calendar, computed by a child process under another TZ. */
async function fingerprintUnder(tz: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", path.join(root, "tests/helpers/pathway-meeting-fingerprint.ts")],
    { cwd: root, env: { ...process.env, TZ: tz } },
  );
  return stdout;
}

const base: ScheduleInput = {
  startsAt: "2026-12-10T18:30:00+09:00",
  timeZone: "Asia/Tokyo",
  rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
  durationMinutes: 90,
};

/** The schedule is refused with VALIDATION on `field`, with a message matching `message`. */
function refused(change: Partial<ScheduleInput>, field: string, message: RegExp) {
  assert.throws(
    () => planSchedule({ ...base, ...change }),
    (e: unknown) => {
      assert.ok(e instanceof DomainError, String(e));
      assert.equal(e.code, "VALIDATION");
      const issue = e.fields.find((f) => f.field === field);
      assert.ok(issue, `no message on ${field}: ${JSON.stringify(e.fields)}`);
      assert.match(textOf(issue), message);
      return true;
    },
  );
}

describe(`meeting recurrence (process TZ=${process.env.TZ ?? "unset"})`, () => {
  for (const schedule of SCHEDULES) {
    it(`expands ${schedule.name}`, () => {
      const plan = planSchedule(schedule.input);
      assert.deepEqual(
        plan.occurrences.map((o) => o.startsAt.toISOString()),
        schedule.expected,
      );
      for (const o of plan.occurrences) {
        assert.equal(o.endsAt.getTime() - o.startsAt.getTime(), schedule.input.durationMinutes * 60_000);
      }
    });
  }

  it("stores the rule normalised: a fixed order, the RRULE: prefix dropped, UNTIL as a UTC instant", () => {
    assert.equal(
      planSchedule({ ...base, rrule: "rrule:byday=2th;count=3;freq=monthly" }).rrule,
      "FREQ=MONTHLY;COUNT=3;BYDAY=2TH",
    );
    assert.equal(
      planSchedule({ ...base, rrule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20270211" }).rrule,
      "FREQ=MONTHLY;UNTIL=20270211T145959Z;BYDAY=2TH",
    );
    assert.equal(planSchedule({ ...base, rrule: "" }).rrule, null);
  });

  it("gives the same instants and calendar under Asia/Tokyo, America/New_York, Pacific/Chatham and UTC", async () => {
    const here = fingerprint();
    for (const tz of ["Asia/Tokyo", "America/New_York", "Pacific/Chatham", "UTC"]) {
      assert.equal(await fingerprintUnder(tz), here, `differs under TZ=${tz}`);
    }
  });

  it("refuses a start without an offset (time-zone-less input)", () => {
    refused({ startsAt: "2026-12-10T18:30:00" }, "startsAt", /タイムゾーン/);
    refused({ startsAt: "2026-12-10 18:30" }, "startsAt", /ISO 8601/);
    refused({ startsAt: "2026-12-10T18:30:30+09:00" }, "startsAt", /分単位/);
  });

  it("refuses unknown and unsupported time zones", () => {
    refused({ timeZone: "Asia/Edo" }, "timeZone", /不明なタイムゾーン/);
    refused({ timeZone: "JST" }, "timeZone", /不明なタイムゾーン/);
    refused({ timeZone: "" }, "timeZone", /不明なタイムゾーン/);
    refused({ timeZone: "America/New_York" }, "timeZone", /Asia\/Tokyo/);
  });

  it("refuses rules that never end, or run too long", () => {
    refused({ rrule: "FREQ=MONTHLY;BYDAY=2TH" }, "rrule", /終わりのない繰り返し/);
    refused({ rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=3;UNTIL=20271231" }, "rrule", /どちらか一方/);
    refused({ rrule: `FREQ=WEEKLY;COUNT=${MAX_OCCURRENCES + 1}` }, "rrule", /COUNT/);
    refused({ rrule: "FREQ=DAILY;UNTIL=20271231" }, "rrule", /60回まで/);
    refused({ rrule: "FREQ=YEARLY;UNTIL=20400101" }, "rrule", /5年以内/);
    refused({ rrule: "FREQ=MONTHLY;INTERVAL=24;BYDAY=2TH;COUNT=4" }, "rrule", /5年を超えます/);
  });

  it("refuses rules that produce no dates", () => {
    refused({ rrule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3" }, "rrule", /日付がありません/);
    refused({ rrule: "FREQ=MONTHLY;BYMONTH=4,6,9,11;BYMONTHDAY=31;COUNT=3" }, "rrule", /日付がありません/);
    refused({ rrule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20261201T000000Z" }, "rrule", /開始より前/);
    refused({ rrule: "FREQ=MONTHLY;BYMONTH=2;BYDAY=5MO;COUNT=2" }, "rrule", /5年以内にありません/);
  });

  it("refuses a start that is not one of the rule's dates", () => {
    refused({ startsAt: "2026-12-11T18:30:00+09:00" }, "startsAt", /繰り返し規則の日付ではありません/);
    refused(
      { startsAt: "2026-12-10T18:30:00+09:00", rrule: "FREQ=YEARLY;BYMONTH=2,6,10;BYDAY=2TH;COUNT=6" },
      "startsAt",
      /最初の回/,
    );
  });

  it("refuses malformed or unsupported rule parts, naming them", () => {
    refused({ rrule: "FREQ=HOURLY;COUNT=3" }, "rrule", /日・週・月・年単位/);
    refused({ rrule: "FREQ=MONTHLY;BYSETPOS=2;BYDAY=TH;COUNT=3" }, "rrule", /BYSETPOS/);
    refused({ rrule: "FREQ=MONTHLY;BYHOUR=9;COUNT=3" }, "rrule", /BYHOUR/);
    refused({ rrule: "FREQ=MONTHLY;BYDAY=9TH;COUNT=3" }, "rrule", /BYDAY/);
    refused({ rrule: "FREQ=MONTHLY;BYDAY=2XX;COUNT=3" }, "rrule", /BYDAY/);
    refused({ rrule: "FREQ=WEEKLY;BYDAY=2TH;COUNT=3" }, "rrule", /第2木曜日/);
    refused({ rrule: "FREQ=YEARLY;BYDAY=2TH;COUNT=3" }, "rrule", /BYMONTH/);
    refused({ rrule: "FREQ=DAILY;BYMONTHDAY=1;COUNT=3" }, "rrule", /BYMONTHDAY/);
    refused({ rrule: "FREQ=MONTHLY;COUNT=abc" }, "rrule", /COUNT/);
    refused({ rrule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20270230" }, "rrule", /存在しません/);
    refused(
      { rrule: "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20270601T000000" },
      "rrule",
      /UNTIL にタイムゾーンがありません/,
    );
    refused({ rrule: "FREQ=MONTHLY;COUNT=3;COUNT=4" }, "rrule", /2回/);
    refused({ rrule: "BYDAY=2TH;COUNT=3" }, "rrule", /FREQ がありません/);
    refused({ rrule: "FREQ=MONTHLY;;COUNT=3" }, "rrule", /書式/);
  });

  it("refuses an impossible length", () => {
    refused({ durationMinutes: 5 }, "durationMinutes", /15分/);
    refused({ durationMinutes: 24 * 60 }, "durationMinutes", /8時間/);
  });
});

describe(`wall-clock times in a named zone (process TZ=${process.env.TZ ?? "unset"})`, () => {
  it("reads and converts Tokyo's fixed +09:00", () => {
    const instant = zonedToUtc(
      { year: 2026, month: 12, day: 10, hour: 18, minute: 30, second: 0 },
      "Asia/Tokyo",
    );
    assert.equal(instant.toISOString(), "2026-12-10T09:30:00.000Z");
    assert.deepEqual(wallTimeIn(new Date("2026-12-31T15:00:00Z"), "Asia/Tokyo"), {
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
    });
  });

  it("handles a daylight-saving gap and overlap as RFC 5545 says (New York)", () => {
    const ny = (month: number, day: number, hour: number, minute: number) =>
      zonedToUtc({ year: 2026, month, day, hour, minute, second: 0 }, "America/New_York").toISOString();
    assert.equal(ny(7, 1, 18, 30), "2026-07-01T22:30:00.000Z");
    assert.equal(ny(12, 1, 18, 30), "2026-12-01T23:30:00.000Z");
    // 02:30 on 8 March does not exist: read with the offset before the gap (EST)
    assert.equal(ny(3, 8, 2, 30), "2026-03-08T07:30:00.000Z");
    // 01:30 on 1 November happens twice: the first (EDT)
    assert.equal(ny(11, 1, 1, 30), "2026-11-01T05:30:00.000Z");
  });

  it("knows IANA names only", () => {
    assert.equal(isKnownTimeZone("Asia/Tokyo"), true);
    assert.equal(isKnownTimeZone("America/Argentina/Buenos_Aires"), true);
    assert.equal(isKnownTimeZone("Asia/Edo"), false);
    assert.equal(isKnownTimeZone("../../etc/passwd"), false);
  });
});
