import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pathwayMeetings } from "../../app/i18n/messages/pathway-meetings";
import { describeSchedule, formatMeetingSpan } from "../../app/(app)/pathway-meetings/meeting-format";
import { tokyoDateKey } from "../../app/lib/tokyo-time";

/**
 * The meeting pages' dates and schedule in words are Japan time whatever the
 * process's TZ (CI runs this file under Asia/Tokyo and UTC alike).
 */
describe(`pathway meeting dates and schedules in words, Japan time (TZ=${process.env.TZ ?? "unset"})`, () => {
  const ja = pathwayMeetings.ja;
  const en = pathwayMeetings.en;
  const first = new Date("2026-12-10T09:30:00Z"); // 18:30 in Tokyo

  it("writes a date and its span with the weekday, in Tokyo", () => {
    const end = new Date(first.getTime() + 90 * 60_000);
    assert.equal(formatMeetingSpan(first, end, "ja"), "2026年12月10日(木) 18:30–20:00");
    assert.equal(formatMeetingSpan(first, end, "en"), "Thu, 10 Dec 2026 18:30–20:00");
    // 23:30 UTC is already the next day in Tokyo
    assert.equal(tokyoDateKey(new Date("2026-12-10T15:30:00Z")), "2026-12-11");
  });

  it("says the schedule in words in both languages", () => {
    const cases: [string | null, string, string][] = [
      [
        "FREQ=MONTHLY;COUNT=3;BYDAY=2TH",
        "毎月第2木曜 18:30–20:00、3回",
        "Monthly on the 2nd Thu, 18:30–20:00, 3 times",
      ],
      [
        "FREQ=WEEKLY;INTERVAL=2;COUNT=6;BYDAY=TH",
        "隔週木曜 18:30–20:00、6回",
        "Every other Thu, 18:30–20:00, 6 times",
      ],
      [
        "FREQ=YEARLY;COUNT=3;BYMONTH=1,5,9;BYDAY=2TH",
        "1月・5月・9月の第2木曜 18:30–20:00、3回",
        "2nd Thu of Jan, May, Sep, 18:30–20:00, 3 times",
      ],
      [
        "FREQ=MONTHLY;UNTIL=20270630T145959Z;BYDAY=-1FR",
        "毎月最終金曜 18:30–20:00、2027年6月30日(水)まで",
        "Monthly on the Last Fri, 18:30–20:00, until Wed, 30 Jun 2027",
      ],
      [null, "2026年12月10日(木) 18:30–20:00", "Thu, 10 Dec 2026 18:30–20:00"],
    ];
    for (const [rule, inJapanese, inEnglish] of cases) {
      assert.equal(describeSchedule(rule, first, 90, ja, "ja"), inJapanese);
      assert.equal(describeSchedule(rule, first, 90, en, "en"), inEnglish);
    }
    assert.equal(
      describeSchedule("FREQ=DAILY;COUNT=5", first, 90, ja, "ja"),
      "繰り返し規則: FREQ=DAILY;COUNT=5（18:30–20:00）",
    );
  });
});
