import {
  translate,
  unpackMessage,
  type MessageLocale,
  type MessageParams,
} from "../../server/model/messages";

type MessageLike = string | { message: string; params?: MessageParams };

/**
 * A domain message (a DomainError, a field issue, msg()'s packed string) as a
 * reader sees it: the domain speaks in keys, tests assert on the text.
 */
export function textOf(m: MessageLike, locale: MessageLocale = "ja"): string {
  const packed = typeof m === "string" ? m : m.message;
  const { key, params } = unpackMessage(packed);
  return translate(locale, { key, params: (typeof m === "string" ? undefined : m.params) ?? params });
}
