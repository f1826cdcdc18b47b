import type { z } from "zod";
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

/** The fields a schema refuses in a value, sorted, as dotted paths ("services.0.provider"). */
export const fieldsOf = (schema: z.ZodType, value: unknown): string[] => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.path.join(".")).sort();
};

/** The text of a schema's refusal on one field ("" when that field passes). */
export const messageOf = (schema: z.ZodType, value: unknown, field: string): string => {
  const r = schema.safeParse(value);
  const issue = r.success ? undefined : r.error.issues.find((i) => i.path.join(".") === field);
  return issue ? textOf(issue.message) : "";
};
