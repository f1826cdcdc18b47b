import { tokyoDateKey } from "../../app/lib/tokyo-time";

/** The Japan-time calendar day `days` from today there (YYYY-MM-DD), whatever TZ the tests run in. */
export const tokyoDay = (days = 0): string => tokyoDateKey(Date.now() + days * 86_400_000);

/** A wall-clock time on that day in Japan, as an instant with its offset: "2026-12-10T18:30:00+09:00". */
export const tokyoAt = (days: number, time = "18:30"): string => `${tokyoDay(days)}T${time}:00+09:00`;
