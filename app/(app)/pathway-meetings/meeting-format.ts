import type { Locale } from "@/app/i18n";
import type { PathwayMeetingsMessages } from "@/app/i18n/messages/pathway-meetings";
import { readRecurrenceChoice } from "@/server/domain/pathway-meetings/recurrence-choice";

/**
 * A meeting's dates and schedule in words, always in Japan time whatever the
 * browser's or the server's zone: used by the pages and by the form's preview
 * (a client component), so nothing here reaches the server.
 */

const TOKYO = "Asia/Tokyo";

const dayFormat = {
  ja: new Intl.DateTimeFormat("ja-JP", {
    timeZone: TOKYO,
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "short",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: TOKYO,
    year: "numeric",
    month: "short",
    day: "numeric",
    weekday: "short",
  }),
};
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TOKYO,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** 2026年12月10日(木) / Thu, 10 Dec 2026 */
export function formatMeetingDay(at: Date | string, locale: Locale): string {
  return dayFormat[locale].format(new Date(at));
}

/** 18:30 */
export const formatMeetingTime = (at: Date | string) => timeFormat.format(new Date(at));

/** 2026年12月10日(木) 18:30–20:00 */
export function formatMeetingSpan(start: Date | string, end: Date | string, locale: Locale): string {
  return `${formatMeetingDay(start, locale)} ${formatMeetingTime(start)}–${formatMeetingTime(end)}`;
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ""));

/**
 * 毎月第2木曜 18:30–20:00、3回 / Monthly on the 2nd Thu, 18:30–20:00, 3 times.
 * A rule the chooser cannot express is shown as written.
 */
export function describeSchedule(
  rrule: string | null,
  firstStart: Date | string,
  durationMinutes: number,
  m: PathwayMeetingsMessages,
  locale: Locale,
): string {
  const start = new Date(firstStart);
  const end = new Date(start.getTime() + durationMinutes * 60_000);
  const time = `${formatMeetingTime(start)}–${formatMeetingTime(end)}`;
  const { pattern, end: until } = readRecurrenceChoice(rrule);
  const w = m.words;
  const ordinal = (o: number) => m.form.ordinals[String(o)] ?? String(o);
  const day = (code: string) => m.weekdays[code] ?? code;
  let what: string;
  switch (pattern.kind) {
    case "once":
      return `${formatMeetingDay(start, locale)} ${time}`;
    case "weekly":
      what = fill(pattern.everyWeeks === 2 ? w.biweekly : w.weekly, { day: day(pattern.weekday) });
      break;
    case "monthly":
      what = fill(w.monthly, { ordinal: ordinal(pattern.ordinal), day: day(pattern.weekday) });
      break;
    case "months":
      what = fill(w.months, {
        months: pattern.months.map((n) => w.monthNames[n - 1] ?? String(n)).join(w.monthsJoin),
        ordinal: ordinal(pattern.ordinal),
        day: day(pattern.weekday),
      });
      break;
    case "custom":
      return `${w.custom}: ${pattern.rrule}（${time}）`;
  }
  const ends =
    until.by === "count"
      ? fill(w.count, { n: until.count })
      : fill(w.until, { date: formatMeetingDay(`${until.until}T12:00:00+09:00`, locale) });
  return locale === "ja" ? `${what} ${time}、${ends}` : `${what}, ${time}, ${ends}`;
}
