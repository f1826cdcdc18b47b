/**
 * The schedule as a coordinator chooses it (一回のみ, 毎週, 隔週, 毎月 第n 曜日,
 * 年に数回, or a raw RRULE), and the RFC 5545 rule it stands for. Pure, so the
 * form builds and previews the rule as it is chosen; planSchedule still
 * checks whatever arrives. readRecurrenceChoice turns a stored rule back
 * into the chooser for the edit form; a rule no choice expresses stays raw.
 */

export const WEEKDAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];
/** 第1〜第4, and -1: the last (最終) such weekday of the month */
export const WEEK_ORDINALS = [1, 2, 3, 4, -1] as const;
export type WeekOrdinal = (typeof WEEK_ORDINALS)[number];

export type RecurrencePattern =
  | { kind: "once" }
  | { kind: "weekly"; everyWeeks: 1 | 2; weekday: WeekdayCode }
  | { kind: "monthly"; ordinal: WeekOrdinal; weekday: WeekdayCode }
  | { kind: "months"; months: number[]; ordinal: WeekOrdinal; weekday: WeekdayCode }
  | { kind: "custom"; rrule: string };

/** How the series ends: after a number of occurrences (回数), or on a date in the meeting's zone (終了日). */
export type RecurrenceEnd = { by: "count"; count: number } | { by: "until"; until: string };

export interface RecurrenceChoice {
  pattern: RecurrencePattern;
  end: RecurrenceEnd;
}

/** The rule for a choice: null for a one-off meeting, the text as typed for a raw rule. */
export function buildRecurrenceRule({ pattern, end }: RecurrenceChoice): string | null {
  if (pattern.kind === "once") return null;
  if (pattern.kind === "custom") return pattern.rrule.trim() || null;
  const parts: string[] = [];
  switch (pattern.kind) {
    case "weekly":
      parts.push("FREQ=WEEKLY");
      if (pattern.everyWeeks !== 1) parts.push(`INTERVAL=${pattern.everyWeeks}`);
      break;
    case "monthly":
      parts.push("FREQ=MONTHLY");
      break;
    case "months":
      parts.push("FREQ=YEARLY");
      break;
  }
  if (end.by === "count") parts.push(`COUNT=${end.count}`);
  // a date alone: through the end of that day in the meeting's zone (planSchedule reads it so)
  else parts.push(`UNTIL=${end.until.replaceAll("-", "")}`);
  if (pattern.kind === "months") parts.push(`BYMONTH=${[...pattern.months].sort((a, b) => a - b).join(",")}`);
  parts.push(
    pattern.kind === "weekly" ? `BYDAY=${pattern.weekday}` : `BYDAY=${pattern.ordinal}${pattern.weekday}`,
  );
  return parts.join(";");
}

/** The weekday and its place in the month of a date ("2026-12-10": 第2木曜), to default the chooser from the first date. */
export function weekdayOfDate(date: string): { weekday: WeekdayCode; ordinal: WeekOrdinal; last: boolean } {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d));
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const nth = Math.ceil(d / 7);
  return {
    weekday: WEEKDAY_CODES[at.getUTCDay()]!,
    // a fifth weekday is only ever "the last"
    ordinal: nth >= 5 ? -1 : (nth as WeekOrdinal),
    last: d + 7 > daysInMonth,
  };
}

const isWeekday = (v: string): v is WeekdayCode => (WEEKDAY_CODES as readonly string[]).includes(v);

/**
 * A stored (normalised) rule back as a choice, for the edit form. UNTIL is
 * stored in UTC; the form shows the Tokyo date it falls on.
 */
export function readRecurrenceChoice(rrule: string | null, timeZoneOffsetHours = 9): RecurrenceChoice {
  const fallbackEnd: RecurrenceEnd = { by: "count", count: 12 };
  if (!rrule) return { pattern: { kind: "once" }, end: fallbackEnd };
  const custom: RecurrenceChoice = { pattern: { kind: "custom", rrule }, end: fallbackEnd };
  const parts = new Map(
    rrule
      .replace(/^RRULE:/i, "")
      .split(";")
      .map((p) => p.split("=") as [string, string]),
  );
  const known = new Set(["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYDAY"]);
  if ([...parts.keys()].some((k) => !known.has(k))) return custom;
  const end = readEnd(parts.get("COUNT"), parts.get("UNTIL"), timeZoneOffsetHours);
  const byDay = parts.get("BYDAY") ?? "";
  const interval = Number(parts.get("INTERVAL") ?? "1");
  const dayMatch = /^(-1|[1-4])?(SU|MO|TU|WE|TH|FR|SA)$/.exec(byDay);
  if (!end || !dayMatch || !isWeekday(dayMatch[2]!)) return custom;
  const weekday = dayMatch[2];
  const ordinal = dayMatch[1] ? (Number(dayMatch[1]) as WeekOrdinal) : null;
  const freq = parts.get("FREQ");
  if (freq === "WEEKLY" && ordinal === null && (interval === 1 || interval === 2) && !parts.has("BYMONTH")) {
    return { pattern: { kind: "weekly", everyWeeks: interval, weekday }, end };
  }
  if (freq === "MONTHLY" && ordinal !== null && interval === 1 && !parts.has("BYMONTH")) {
    return { pattern: { kind: "monthly", ordinal, weekday }, end };
  }
  const months = (parts.get("BYMONTH") ?? "").split(",").map(Number);
  if (
    freq === "YEARLY" &&
    ordinal !== null &&
    interval === 1 &&
    months.length > 0 &&
    months.every((m) => Number.isInteger(m) && m >= 1 && m <= 12)
  ) {
    return { pattern: { kind: "months", months, ordinal, weekday }, end };
  }
  return custom;
}

function readEnd(
  count: string | undefined,
  until: string | undefined,
  offsetHours: number,
): RecurrenceEnd | null {
  if (count && /^\d+$/.test(count)) return { by: "count", count: Number(count) };
  if (!until) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(until);
  if (!m) return null;
  const [, y, mo, d, h] = m;
  if (h === undefined) return { by: "until", until: `${y}-${mo}-${d}` };
  const local = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +m[5]!, +m[6]!) + offsetHours * 3_600_000);
  return { by: "until", until: local.toISOString().slice(0, 10) };
}
