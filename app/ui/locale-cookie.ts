/** Shared by the server's i18n and client components (which must not import next/headers). */
export const LOCALE_COOKIE_NAME = "okinet.lang";
export type ClientLocale = "ja" | "en";
