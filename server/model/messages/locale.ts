/**
 * The reader's language, from the cookie the language switch sets (Japanese
 * unless it says English). Kept apart from the catalogs, so client components
 * can import the cookie's name without them.
 */
export const LOCALE_COOKIE_NAME = "okinet.lang";
export type MessageLocale = "ja" | "en";

/** The locale of a raw request or socket handshake, from its Cookie header. */
export function localeFromCookieHeader(header: string | null | undefined): MessageLocale {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === LOCALE_COOKIE_NAME) {
      return part.slice(eq + 1).trim() === "en" ? "en" : "ja";
    }
  }
  return "ja";
}
