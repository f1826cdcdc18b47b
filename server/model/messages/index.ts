import { en } from "./en";
import { ja } from "./ja";
import type { MessageLocale } from "./locale";

export { LOCALE_COOKIE_NAME, localeFromCookieHeader, type MessageLocale } from "./locale";

/**
 * The domain speaks in message keys and parameters, never in sentences: a
 * refusal is `msg("referralLetter.enterTheDiagnosis")` or
 * `msg("pathwayStatus.cannotTransition", { status, transition })`, and the app
 * turns it into one language at its boundary (translate, with the request's
 * locale). Log lines and audit details carry codes and ids, never these texts.
 */
export type MessageKey = keyof typeof ja;
/** A parameter is a value shown as is, or a name that has both languages (a template's label). */
export type MessageParam = string | number | Readonly<Record<MessageLocale, string>>;
export type MessageParams = Readonly<Record<string, MessageParam>>;

declare const encoded: unique symbol;
/**
 * A key with its parameters packed into one string, so it also travels as a zod
 * message; DomainError and parseInput unpack it. Only msg() makes one.
 */
export type Msg = string & { readonly [encoded]: true };
export type MessageInput = MessageKey | Msg;

/** A message unpacked: what the wire carries (error.message and each field's message). */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

const SEPARATOR = "\u241f"; // SYMBOL FOR UNIT SEPARATOR: never in a key, never in a catalog text
const CATALOGS: Record<MessageLocale, Record<MessageKey, string>> = { ja, en };

/** The one way the domain writes a user-facing message. */
export function msg(key: MessageKey, params?: MessageParams): Msg {
  return (params && Object.keys(params).length ? `${key}${SEPARATOR}${JSON.stringify(params)}` : key) as Msg;
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(ja, value);
}

/** Unpacks msg()'s string; anything else (a library's own message, say) becomes the generic "check this value". */
export function unpackMessage(text: string): Message {
  const at = text.indexOf(SEPARATOR);
  const key = at < 0 ? text : text.slice(0, at);
  if (!isMessageKey(key)) return { key: "validation.invalidValue" };
  if (at < 0) return { key };
  try {
    return { key, params: JSON.parse(text.slice(at + 1)) as MessageParams };
  } catch {
    return { key };
  }
}

/** One message in one language, its {placeholders} filled from params. */
export function translate(locale: MessageLocale, message: Message): string {
  const text = CATALOGS[locale][message.key] ?? CATALOGS[locale]["validation.invalidValue"];
  const params = message.params ?? {};
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "object" ? value[locale] : String(value);
  });
}
