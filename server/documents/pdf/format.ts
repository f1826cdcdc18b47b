/**
 * How documents print dates, ages, sizes and codes. Dates are shown in Asia/Tokyo
 * whatever the server's time zone, in the Western calendar with the Japanese era after
 * it: 2026年11月20日（令和8年）.
 */

export const DISPLAY_TIME_ZONE = "Asia/Tokyo";

/** A calendar date (no time zone). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const tokyoParts = new Intl.DateTimeFormat("en-US", {
  timeZone: DISPLAY_TIME_ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
});

const eraParts = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
  timeZone: "UTC",
  era: "long",
  year: "numeric",
});

/** The date an instant falls on in Tokyo. */
export function tokyoDate(instant: string | Date): CalendarDate {
  const parts = tokyoParts.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day") };
}

/** A YYYY-MM-DD date as given (birth dates, visit dates). */
export function parseDate(isoDate: string): CalendarDate {
  const [year, month, day] = isoDate.split("-").map(Number);
  return { year: year ?? NaN, month: month ?? NaN, day: day ?? NaN };
}

/** 2026年11月20日（令和8年）, or without the era (for table cells); the era year 1 reads 元年. */
export function formatDate(date: CalendarDate, { era: withEra = true } = {}): string {
  const western = `${date.year}年${date.month}月${date.day}日`;
  if (!withEra) return western;
  const parts = eraParts.formatToParts(new Date(Date.UTC(date.year, date.month - 1, date.day)));
  const era = parts.find((p) => p.type === "era")?.value ?? "";
  const eraYear = parts.find((p) => p.type === "year")?.value ?? "";
  return `${western}（${era}${eraYear === "1" ? "元" : eraYear}年）`;
}

/**
 * Days in hospital as Japanese hospitals count them (入院日数): the day of admission
 * and the day of discharge both count, so a stay from the 1st to the 3rd is 3 days.
 */
export function lengthOfStay(admission: CalendarDate, discharge: CalendarDate): number {
  const day = (d: CalendarDate) => Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
  return day(discharge) - day(admission) + 1;
}

/** Full years of age on a date. */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

/** 178.1 KB, as file managers show it (1 KB = 1,024 bytes). */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const MEDIA_TYPES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG画像",
  "image/jpeg": "JPEG画像",
  "image/tiff": "TIFF画像",
  "application/dicom": "DICOM画像",
  "text/plain": "テキスト",
};

export function formatMediaType(mediaType: string): string {
  return MEDIA_TYPES[mediaType] ?? mediaType;
}

const SEX: Record<"male" | "female" | "other" | "unknown", string> = {
  male: "男",
  female: "女",
  other: "その他",
  unknown: "不明",
};

export function formatSex(sex: keyof typeof SEX): string {
  return SEX[sex];
}
