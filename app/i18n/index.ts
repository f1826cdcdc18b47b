import { cookies } from "next/headers";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { formatDate as formatDocumentDate, parseDate } from "@/server/documents/pdf/format";
import { LOCALE_COOKIE_NAME } from "@/app/ui/locale-cookie";
import { translate, unpackMessage, type MessageKey, type MessageParams } from "@/server/model/messages";
import { common } from "./messages/common";
import { signin } from "./messages/signin";
import { patients } from "./messages/patients";
import { admin } from "./messages/admin";
import { audit } from "./messages/audit";
import { conferences } from "./messages/conferences";
import { account } from "./messages/account";
import { referrals } from "./messages/referrals";
import { summaries } from "./messages/summaries";
import { records } from "./messages/records";
import { images } from "./messages/images";
import { pathways } from "./messages/pathways";
import { pathwayMeetings } from "./messages/pathway-meetings";
import { pathwayMeetingAgenda } from "./messages/pathway-meeting-agenda";
import { careTeam } from "./messages/care-team";
import { nursingInstructions } from "./messages/nursing-instructions";
import { readings } from "./messages/readings";
import { careDocuments } from "./messages/care-documents";

/**
 * The one i18n mechanism: typed message objects per area, Japanese first and
 * English second, the locale from a cookie (Japanese by default). A key missing
 * in English is a type error, not a blank on screen.
 */
export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = LOCALE_COOKIE_NAME;

export function messagesFor(locale: Locale) {
  return {
    common: common[locale],
    signin: signin[locale],
    patients: patients[locale],
    admin: admin[locale],
    audit: audit[locale],
    conferences: conferences[locale],
    account: account[locale],
    referrals: referrals[locale],
    summaries: summaries[locale],
    records: records[locale],
    images: images[locale],
    pathways: pathways[locale],
    pathwayMeetings: pathwayMeetings[locale],
    pathwayMeetingAgenda: pathwayMeetingAgenda[locale],
    careTeam: careTeam[locale],
    nursingInstructions: nursingInstructions[locale],
    readings: readings[locale],
    careDocuments: careDocuments[locale],
  };
}
export type Messages = ReturnType<typeof messagesFor>;

export async function getLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return value === "en" ? "en" : "ja";
}

/** The locale outside a request (a script, a unit test): Japanese. */
export async function requestLocale(): Promise<Locale> {
  try {
    return await getLocale();
  } catch {
    return "ja";
  }
}

/** A domain message (a DomainError, a field issue, or a bare key) in one language. */
export type MessageLike = { message: string; params?: MessageParams } | MessageKey;

export function translateMessage(locale: Locale, m: MessageLike): string {
  if (typeof m === "string") return translate(locale, { key: m });
  const { key, params } = unpackMessage(m.message);
  return translate(locale, { key, params: m.params ?? params });
}

export async function getI18n() {
  const locale = await getLocale();
  return { locale, t: messagesFor(locale), tr: (m: MessageLike) => translateMessage(locale, m) };
}

/** A page's title from the domain catalog, in the reader's language: `export const generateMetadata = titled("titles.referrals");` */
export function titled(key: MessageKey) {
  return async () => ({ title: translateMessage(await getLocale(), key) });
}

// One formatter per language, made once: toLocaleString with options builds a new
// Intl.DateTimeFormat on every call, which a list of 50 referrals felt (issue 16).
const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: dateTimeFormat("ja-JP"),
  en: dateTimeFormat("en-GB"),
};

function dateTimeFormat(tag: string) {
  return new Intl.DateTimeFormat(tag, {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** Dates are stored in UTC and shown in Asia/Tokyo. */
export function formatDateTime(value: Date | string, locale: Locale) {
  const at = new Date(value);
  // as toLocaleString says it (format() would throw)
  return Number.isNaN(at.getTime()) ? "Invalid Date" : dateTimeFormats[locale].format(at);
}

export function formatDate(value: string, locale: Locale) {
  const [y, m, d] = value.split("-");
  return locale === "ja" ? `${y}年${Number(m)}月${Number(d)}日` : `${d}/${m}/${y}`;
}

/**
 * A birth date as Japanese users read it, with the era year after the Western
 * date (1948年3月5日（昭和23年）), as the letters and summaries print it;
 * in English the plain date.
 */
export function formatBirthDate(value: string, locale: Locale) {
  return locale === "ja" ? formatDocumentDate(parseDate(value)) : formatDate(value, locale);
}

export function ageOn(birthDate: string, today = new Date()) {
  const tokyo = tokyoDateKey(today);
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = tokyo.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
