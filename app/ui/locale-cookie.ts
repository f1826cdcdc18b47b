/** Shared by the server's i18n and client components (which must not import next/headers). */
export { LOCALE_COOKIE_NAME } from "@/server/model/messages/locale";
export type ClientLocale = "ja" | "en";
