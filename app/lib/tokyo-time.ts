/**
 * A form's datetime-local value ("2026-12-10T18:30", seconds optional) is a
 * Japan time; the domain wants an instant with its offset and refuses one
 * without. Anything else is passed on as it is, for the domain to refuse on
 * its field.
 */
export function tokyoInstant(local: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return `${local}:00+09:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(local)) return `${local}+09:00`;
  return local;
}

// made once: toLocaleDateString with options builds a new Intl.DateTimeFormat on every call
const tokyoDate = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo" });

/** The Japan-time date an instant falls on (YYYY-MM-DD): to group a list by day, name a file, or fill a date input. */
export const tokyoDateKey = (at: Date | string | number = Date.now()) => {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? "Invalid Date" : tokyoDate.format(d);
};

/** An instant as a datetime-local value in Japan time ("2026-12-10T18:30"), to fill a form's date-time input. */
export const tokyoDateTimeLocal = (d: Date) =>
  d.toLocaleString("sv-SE", { timeZone: "Asia/Tokyo" }).slice(0, 16).replace(" ", "T");
