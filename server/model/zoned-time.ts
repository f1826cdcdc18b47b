/**
 * Wall-clock times in a named time zone and the instants they are, through
 * Intl's time-zone data only: nothing here reads the process's own time zone
 * (TZ), so a meeting at 18:30 in Tokyo is 09:30Z on any server.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Whether the IANA time-zone database knows this name as Area/Location (or
 * UTC): Asia/Tokyo yes; Asia/Edo no; JST no (an abbreviation ICU happens to
 * accept, ambiguous elsewhere).
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone !== "UTC" && !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(timeZone)) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time an instant shows in a time zone. */
export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    hour: part("hour"),
    minute: part("minute"),
    second: part("second"),
  };
}

const asUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The zone's offset from UTC at an instant, in milliseconds (Tokyo: +9 h). */
export function offsetAt(instant: Date, timeZone: string): number {
  return asUtc(wallTimeIn(instant, timeZone)) - Math.floor(instant.getTime() / 1000) * 1000;
}

const DAY = 86_400_000;

/**
 * The instant a wall-clock time in a zone is. A repeated time (the hour a
 * daylight-saving change repeats) is its first instant; a skipped one is read
 * with the offset before the gap, as RFC 5545 says. Japan has neither.
 */
export function zonedToUtc(wall: WallTime, timeZone: string): Date {
  const guess = asUtc(wall);
  const before = guess - offsetAt(new Date(guess - DAY), timeZone);
  const after = guess - offsetAt(new Date(guess + DAY), timeZone);
  const exact = [before, after]
    .filter((t) => asUtc(wallTimeIn(new Date(t), timeZone)) === guess)
    .sort((a, b) => a - b);
  return new Date(exact[0] ?? before);
}

/** 2026-12-10T18:30:00 (no zone): for the iCalendar local forms and messages. */
export function formatWallTime(w: WallTime): string {
  const p = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}
