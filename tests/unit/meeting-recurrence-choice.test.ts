import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildRecurrenceRule,
  readRecurrenceChoice,
  weekdayOfDate,
  type RecurrenceChoice,
} from "../../server/domain/pathway-meetings/recurrence-choice";
import { planSchedule } from "../../server/domain/pathway-meetings/recurrence";

const count = (n: number) => ({ by: "count", count: n }) as const;

describe("the scheduling form's recurrence chooser and the RRULE it stands for", () => {
  const cases: [RecurrenceChoice, string | null][] = [
    [{ pattern: { kind: "once" }, end: count(3) }, null],
    [
      { pattern: { kind: "weekly", everyWeeks: 1, weekday: "TH" }, end: count(4) },
      "FREQ=WEEKLY;COUNT=4;BYDAY=TH",
    ],
    [
      { pattern: { kind: "weekly", everyWeeks: 2, weekday: "TU" }, end: count(6) },
      "FREQ=WEEKLY;INTERVAL=2;COUNT=6;BYDAY=TU",
    ],
    [
      { pattern: { kind: "monthly", ordinal: 2, weekday: "TH" }, end: count(3) },
      "FREQ=MONTHLY;COUNT=3;BYDAY=2TH",
    ],
    [
      { pattern: { kind: "monthly", ordinal: -1, weekday: "FR" }, end: { by: "until", until: "2027-06-30" } },
      "FREQ=MONTHLY;UNTIL=20270630;BYDAY=-1FR",
    ],
    [
      { pattern: { kind: "months", months: [9, 1, 5], ordinal: 3, weekday: "WE" }, end: count(6) },
      "FREQ=YEARLY;COUNT=6;BYMONTH=1,5,9;BYDAY=3WE",
    ],
    [{ pattern: { kind: "custom", rrule: " FREQ=DAILY;COUNT=2 " }, end: count(1) }, "FREQ=DAILY;COUNT=2"],
  ];

  it("builds the RFC 5545 rule for each choice", () => {
    for (const [choice, rule] of cases)
      assert.equal(buildRecurrenceRule(choice), rule, JSON.stringify(choice));
  });

  it("reads the stored (normalised) rule back into the same choice for the edit form", () => {
    for (const [choice] of cases.filter(([c]) => c.pattern.kind !== "once" && c.pattern.kind !== "custom")) {
      const stored = planSchedule({
        startsAt:
          choice.pattern.kind === "months"
            ? "2027-01-20T18:30:00+09:00"
            : choice.pattern.kind === "monthly" && choice.pattern.ordinal === -1
              ? "2026-12-25T18:30:00+09:00"
              : choice.pattern.kind === "monthly"
                ? "2026-12-10T18:30:00+09:00"
                : choice.pattern.kind === "weekly" && choice.pattern.weekday === "TU"
                  ? "2026-12-08T18:30:00+09:00"
                  : "2026-12-10T18:30:00+09:00",
        timeZone: "Asia/Tokyo",
        durationMinutes: 90,
        rrule: buildRecurrenceRule(choice),
      }).rrule;
      const read = readRecurrenceChoice(stored);
      const expected =
        choice.pattern.kind === "months"
          ? {
              ...choice,
              pattern: { ...choice.pattern, months: [...choice.pattern.months].sort((a, b) => a - b) },
            }
          : choice;
      assert.deepEqual(read, expected, stored ?? "");
    }
    assert.deepEqual(readRecurrenceChoice(null).pattern, { kind: "once" });
  });

  it("keeps a rule no choice expresses as written", () => {
    for (const rule of [
      "FREQ=DAILY;COUNT=5",
      "FREQ=MONTHLY;COUNT=3;BYMONTHDAY=10",
      "FREQ=MONTHLY;COUNT=3;BYDAY=TH",
    ]) {
      assert.deepEqual(readRecurrenceChoice(rule).pattern, { kind: "custom", rrule: rule });
    }
  });

  it("derives the weekday and its place in the month from the first date", () => {
    assert.deepEqual(weekdayOfDate("2026-12-10"), { weekday: "TH", ordinal: 2, last: false });
    assert.deepEqual(weekdayOfDate("2026-12-31"), { weekday: "TH", ordinal: -1, last: true });
    assert.deepEqual(weekdayOfDate("2026-12-24"), { weekday: "TH", ordinal: 4, last: false });
    assert.deepEqual(weekdayOfDate("2027-02-22"), { weekday: "MO", ordinal: 4, last: true });
  });
});
