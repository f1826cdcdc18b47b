import ICAL from "ical.js";
import { DomainError, type FieldIssueInput, msg, type Msg } from "../../errors";
import {
  formatWallTime,
  isKnownTimeZone,
  wallTimeIn,
  zonedToUtc,
  type WallTime,
} from "../../model/zoned-time";

/**
 * A pathway meeting's schedule: the first start (an instant with its offset),
 * the time zone its rule runs in, and an RFC 5545 recurrence rule, expanded to
 * the occurrences' instants. ical.js (Mozilla's iCalendar library) steps
 * through the rule on wall-clock dates; the instants come from Intl's
 * time-zone data, so the result never depends on the server's TZ.
 *
 * Refused, each on the field to change: a start without an offset
 * (time-zone-less input), an unknown time zone, a rule that never ends (COUNT
 * or UNTIL is required), runs past MAX_SPAN_YEARS or MAX_OCCURRENCES, produces
 * no dates, or does not include its own start; and rule parts a meeting does
 * not need (BYSETPOS, BYHOUR ...), so what is stored is what every calendar
 * application expands the same way.
 */

export const MAX_OCCURRENCES = 60;
export const MAX_SPAN_YEARS = 5;
/** The network's meetings are in Japan; the VTIMEZONE written for them is Tokyo's (no daylight saving). */
export const SUPPORTED_TIME_ZONES = ["Asia/Tokyo"] as const;

export interface ScheduleInput {
  /** ISO 8601 with an offset: 2026-12-10T18:30:00+09:00 */
  startsAt: string;
  timeZone: string;
  /** RRULE value (FREQ=MONTHLY;BYDAY=2TH;COUNT=3), with or without "RRULE:"; null for a one-off meeting */
  rrule: string | null;
  durationMinutes: number;
}

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

export interface Schedule {
  startsAt: Date;
  timeZone: string;
  /** normalised: parts in a fixed order, UNTIL in UTC */
  rrule: string | null;
  durationMinutes: number;
  occurrences: Occurrence[];
}

const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
type Frequency = (typeof FREQUENCIES)[number];
const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;
type Weekday = (typeof WEEKDAYS)[number];
const PARTS = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYDAY", "WKST"] as const;
type Part = (typeof PARTS)[number];

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  count: number | null;
  /** the last instant an occurrence may start */
  until: Date | null;
  byMonth: number[];
  byMonthDay: number[];
  byDay: { ordinal: number | null; weekday: Weekday }[];
  wkst: Weekday | null;
}

const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

const rruleIssue = (message: Msg): FieldIssueInput => ({ field: "rrule", message });

/** Checks and expands a schedule, or throws one VALIDATION error naming every field at fault. */
export function planSchedule(input: ScheduleInput): Schedule {
  const issues: FieldIssueInput[] = [];
  const timeZone = input.timeZone.trim();
  if (!isKnownTimeZone(timeZone)) {
    issues.push({
      field: "timeZone",
      message: msg("pathwayMeetings.unknownTimeZoneGiveIANA", { timeZone }),
    });
  } else if (!(SUPPORTED_TIME_ZONES as readonly string[]).includes(timeZone)) {
    issues.push({
      field: "timeZone",
      message: msg("pathwayMeetings.meetingsScheduledAsiaTokyo", { timeZone }),
    });
  }
  const start = parseInstant(input.startsAt, issues);
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 15 || input.durationMinutes > 480) {
    issues.push({
      field: "durationMinutes",
      message: msg("pathwayMeetings.meetingLasts15Minutes8"),
    });
  }
  if (issues.length || !start) throw invalid(issues);

  const duration = input.durationMinutes * 60_000;
  const local = wallTimeIn(start, timeZone);
  if (!input.rrule || input.rrule.trim() === "") {
    return {
      startsAt: start,
      timeZone,
      rrule: null,
      durationMinutes: input.durationMinutes,
      occurrences: [{ startsAt: start, endsAt: new Date(start.getTime() + duration) }],
    };
  }
  const rule = parseRecurrenceRule(input.rrule, timeZone, issues);
  if (!rule) throw invalid(issues);
  const starts = expandRule(rule, start, timeZone, issues);
  if (issues.length) throw invalid(issues);
  if (starts[0]?.getTime() !== start.getTime()) {
    throw invalid([
      {
        field: "startsAt",
        message: msg("pathwayMeetings.startNotOneRulesDates", {
          formatWallTime: formatWallTime(local),
          timeZone,
        }),
      },
    ]);
  }
  return {
    startsAt: start,
    timeZone,
    rrule: formatRule(rule),
    durationMinutes: input.durationMinutes,
    occurrences: starts.map((s) => ({ startsAt: s, endsAt: new Date(s.getTime() + duration) })),
  };
}

function parseInstant(text: string, issues: FieldIssueInput[]): Date | null {
  const value = text.trim();
  if (LOCAL_DATE_TIME.test(value)) {
    issues.push({
      field: "startsAt",
      message: msg("pathwayMeetings.dateTimeNoOffsetGive"),
    });
    return null;
  }
  const ms = INSTANT_WITH_OFFSET.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) {
    issues.push({
      field: "startsAt",
      message: msg("pathwayMeetings.giveDateTimeAsISO"),
    });
    return null;
  }
  const start = new Date(ms);
  if (start.getUTCSeconds() !== 0 || start.getUTCMilliseconds() !== 0) {
    issues.push({ field: "startsAt", message: msg("pathwayMeetings.startWholeMinute") });
    return null;
  }
  if (start.getUTCFullYear() < 2000 || start.getUTCFullYear() > 2100) {
    issues.push({
      field: "startsAt",
      message: msg("pathwayMeetings.between20002100"),
    });
    return null;
  }
  return start;
}

/** Parses the rule text into its parts, or records why not (on "rrule") and returns null. */
export function parseRecurrenceRule(
  text: string,
  timeZone: string,
  issues: FieldIssueInput[],
): RecurrenceRule | null {
  const before = issues.length;
  const body = text
    .trim()
    .replace(/^RRULE:/i, "")
    .toUpperCase();
  const parts = new Map<Part, string>();
  for (const piece of body.split(";")) {
    const [key, value, extra] = piece.split("=");
    if (!key || value === undefined || value === "" || extra !== undefined) {
      issues.push(rruleIssue(msg("pathwayMeetings.malformedRulePart", { piece })));
      continue;
    }
    if (!(PARTS as readonly string[]).includes(key)) {
      issues.push(rruleIssue(msg("pathwayMeetings.notSupportedMeetings", { key, join: PARTS.join(", ") })));
      continue;
    }
    if (parts.has(key as Part)) issues.push(rruleIssue(msg("pathwayMeetings.appearsTwice", { key })));
    parts.set(key as Part, value);
  }
  const freq = parts.get("FREQ");
  if (!freq) issues.push(rruleIssue(msg("pathwayMeetings.fREQMissing")));
  else if (!(FREQUENCIES as readonly string[]).includes(freq)) {
    issues.push(rruleIssue(msg("pathwayMeetings.meetingsRepeatDailyWeeklyMonthly", { freq })));
  }
  const count = parts.get("COUNT");
  const untilText = parts.get("UNTIL");
  if (!count && !untilText) {
    issues.push(rruleIssue(msg("pathwayMeetings.ruleNeverEndsRefusedGive")));
  }
  if (count && untilText) {
    issues.push(rruleIssue(msg("pathwayMeetings.giveCOUNTUNTILNotBoth")));
  }
  const integer = (value: string | undefined, min: number, max: number, name: string) => {
    if (value === undefined) return null;
    const n = /^[+-]?\d{1,3}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max || n === 0) {
      issues.push(rruleIssue(msg("pathwayMeetings.must", { name, min, max, value })));
      return null;
    }
    return n;
  };
  const list = (value: string | undefined) => (value === undefined ? [] : value.split(","));
  const countValue = integer(count, 1, MAX_OCCURRENCES, "COUNT");
  const interval = integer(parts.get("INTERVAL"), 1, 99, "INTERVAL") ?? 1;
  const byMonth = list(parts.get("BYMONTH")).map((m) => integer(m, 1, 12, "BYMONTH"));
  const byMonthDay = list(parts.get("BYMONTHDAY")).map((d) => integer(d, -31, 31, "BYMONTHDAY"));
  const byDay = list(parts.get("BYDAY")).map((entry) => {
    const match = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/.exec(entry);
    if (!match) {
      issues.push(rruleIssue(msg("pathwayMeetings.malformedBYDAY", { entry })));
      return null;
    }
    return { ordinal: match[1] ? integer(match[1], -5, 5, "BYDAY") : null, weekday: match[2] as Weekday };
  });
  const wkst = parts.get("WKST");
  if (wkst && !(WEEKDAYS as readonly string[]).includes(wkst)) {
    issues.push(rruleIssue(msg("pathwayMeetings.malformedWKST", { wkst })));
  }
  const until = untilText ? parseUntil(untilText, timeZone, issues) : null;
  if (issues.length > before) return null;

  const rule: RecurrenceRule = {
    freq: freq as Frequency,
    interval,
    count: countValue,
    until,
    byMonth: byMonth as number[],
    byMonthDay: byMonthDay as number[],
    byDay: byDay as RecurrenceRule["byDay"],
    wkst: (wkst as Weekday | undefined) ?? null,
  };
  if (rule.byMonthDay.length && (rule.freq === "DAILY" || rule.freq === "WEEKLY")) {
    issues.push(rruleIssue(msg("pathwayMeetings.bYMONTHDAYBelongsMonthlyYearlyRules")));
  }
  const ordinals = rule.byDay.some((d) => d.ordinal !== null);
  if (ordinals && (rule.freq === "DAILY" || rule.freq === "WEEKLY")) {
    issues.push(rruleIssue(msg("pathwayMeetings.ordinalWeekday2THBelongsMonthly")));
  }
  if (ordinals && rule.freq === "YEARLY" && rule.byMonth.length === 0) {
    issues.push(rruleIssue(msg("pathwayMeetings.yearlyOrdinalWeekdayNeedsBYMONTH")));
  }
  if (
    rule.byMonthDay.length &&
    (rule.freq === "MONTHLY" || rule.freq === "YEARLY") &&
    !monthDaysPossible(rule)
  ) {
    issues.push(rruleIssue(msg("pathwayMeetings.ruleProducesNoDatesSuch")));
  }
  return issues.length > before ? null : rule;
}

function parseUntil(value: string, timeZone: string, issues: FieldIssueInput[]): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!m) {
    issues.push(rruleIssue(msg("pathwayMeetings.malformedUNTIL", { value })));
    return null;
  }
  const [, y, mo, d, h, mi, s, z] = m;
  const wall: WallTime = { year: +y!, month: +mo!, day: +d!, hour: 23, minute: 59, second: 59 };
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (check.getUTCMonth() !== wall.month - 1 || check.getUTCDate() !== wall.day) {
    issues.push(rruleIssue(msg("pathwayMeetings.uNTILNotRealDate", { value })));
    return null;
  }
  if (h === undefined) return zonedToUtc(wall, timeZone); // a date: through the end of that day, there
  if (!z) {
    issues.push(rruleIssue(msg("pathwayMeetings.uNTILNoTimeZoneGive", { value })));
    return null;
  }
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, +h, +mi!, +s!));
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether some month the rule allows has one of its month days (30 February never comes). */
function monthDaysPossible(rule: RecurrenceRule): boolean {
  const months = rule.byMonth.length ? rule.byMonth : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  return months.some((m) => rule.byMonthDay.some((d) => Math.abs(d) <= daysInMonth(2024, m)));
}

/**
 * The rule's occurrence instants from the start, within its COUNT or UNTIL and
 * never past MAX_SPAN_YEARS. Each date ical.js yields is checked against the
 * rule again (a guard against a library quirk turning 30 February into 2 March).
 */
function expandRule(rule: RecurrenceRule, start: Date, timeZone: string, issues: FieldIssueInput[]): Date[] {
  const local = wallTimeIn(start, timeZone);
  const horizon = new Date(start);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + MAX_SPAN_YEARS);
  if (rule.until && rule.until < start) {
    issues.push(rruleIssue(msg("pathwayMeetings.uNTILBeforeStartRuleProduces")));
    return [];
  }
  if (rule.until && rule.until > horizon) {
    issues.push(rruleIssue(msg("pathwayMeetings.seriesMayRunMostYears", { MAX_SPAN_YEARS })));
    return [];
  }
  let iterator: ReturnType<ICAL.Recur["iterator"]>;
  try {
    // COUNT and UNTIL are applied below, on instants: ical.js steps on floating wall-clock dates only
    iterator = ICAL.Recur.fromString(formatRule({ ...rule, count: null, until: null })).iterator(
      ICAL.Time.fromData({ ...local, isDate: false }),
    );
  } catch (e) {
    issues.push(rruleIssue(msg("pathwayMeetings.ruleCannotRead", { message: (e as Error).message })));
    return [];
  }
  const out: Date[] = [];
  let reachedHorizon = false;
  for (let steps = 0; steps < 20_000; steps++) {
    let next: ICAL.Time | null;
    try {
      next = iterator.next();
    } catch (e) {
      issues.push(rruleIssue(msg("pathwayMeetings.ruleCannotRead", { message: (e as Error).message })));
      return [];
    }
    if (!next) break;
    const wall: WallTime = {
      year: next.year,
      month: next.month,
      day: next.day,
      hour: next.hour,
      minute: next.minute,
      second: next.second,
    };
    if (!occursOn(rule, wall, local)) continue;
    const instant = zonedToUtc(wall, timeZone);
    if (instant < start) continue;
    if (rule.until && instant > rule.until) break;
    if (instant > horizon) {
      reachedHorizon = true;
      break;
    }
    out.push(instant);
    if (rule.count && out.length >= rule.count) break;
    if (out.length > MAX_OCCURRENCES) break;
  }
  if (out.length === 0) {
    issues.push(rruleIssue(msg("pathwayMeetings.ruleProducesNoDatesWithin", { MAX_SPAN_YEARS })));
  } else if (out.length > MAX_OCCURRENCES) {
    issues.push(rruleIssue(msg("pathwayMeetings.mostOccurrences", { MAX_OCCURRENCES })));
  } else if (rule.count && out.length < rule.count && reachedHorizon) {
    issues.push(
      rruleIssue(msg("pathwayMeetings.occurrencesRunPastYears", { count: rule.count, MAX_SPAN_YEARS })),
    );
  }
  return out;
}

const weekdayOf = (w: Pick<WallTime, "year" | "month" | "day">): Weekday =>
  WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()]!;

/**
 * Whether a wall-clock date is one of the rule's (its BY parts, or what the
 * start implies where they are absent, as RFC 5545 reads them).
 */
export function occursOn(rule: RecurrenceRule, w: WallTime, start: WallTime): boolean {
  const dim = daysInMonth(w.year, w.month);
  if (w.hour !== start.hour || w.minute !== start.minute || w.second !== start.second) return false;
  if (rule.byMonth.length && !rule.byMonth.includes(w.month)) return false;
  if (rule.byMonthDay.length && !rule.byMonthDay.some((d) => (d > 0 ? d : dim + d + 1) === w.day))
    return false;
  if (rule.byDay.length) {
    const weekday = weekdayOf(w);
    const matches = rule.byDay.some(({ ordinal, weekday: wd }) => {
      if (wd !== weekday) return false;
      if (ordinal === null) return true;
      return ordinal > 0 ? Math.ceil(w.day / 7) === ordinal : Math.ceil((dim - w.day + 1) / 7) === -ordinal;
    });
    if (!matches) return false;
  }
  const none = !rule.byDay.length && !rule.byMonthDay.length;
  switch (rule.freq) {
    case "WEEKLY":
      return rule.byDay.length > 0 || weekdayOf(w) === weekdayOf(start);
    case "MONTHLY":
      return !none || w.day === start.day;
    case "YEARLY":
      if (none && !rule.byMonth.length) return w.month === start.month && w.day === start.day;
      if (none) return w.day === start.day;
      if (rule.byMonthDay.length && !rule.byMonth.length) return w.month === start.month;
      return true;
    default:
      return true;
  }
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");

/** The rule written back in a fixed part order, UNTIL in UTC: what is stored and put in the .ics. */
export function formatRule(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.count) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${stamp(rule.until)}`);
  if (rule.byMonth.length) parts.push(`BYMONTH=${rule.byMonth.join(",")}`);
  if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(",")}`);
  if (rule.byDay.length)
    parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ""}${d.weekday}`).join(",")}`);
  if (rule.wkst) parts.push(`WKST=${rule.wkst}`);
  return parts.join(";");
}

function invalid(issues: FieldIssueInput[]): DomainError {
  return new DomainError("VALIDATION", issues[0]?.message ?? "validation.checkTheFields", issues);
}
