import { z } from "zod";
import { msg } from "../../errors";
import { plainText, singleLineText } from "../text";
import { isCalendarDay } from "./care-document-status";

/** The field builders every care document's content shares: trimmed text with a length limit, days, choices. */
export const text = (max: number) =>
  plainText().trim().max(max, msg("careDocument.mostCharacters", { max })).default("");
export const line = (max: number) =>
  singleLineText().trim().max(max, msg("careDocument.mostCharacters", { max })).default("");

/** A calendar day YYYY-MM-DD that exists; empty in a draft. */
export const day = () =>
  z
    .string(msg("careDocument.giveDateAsYYYYMMDD"))
    .trim()
    .refine((v) => v === "" || isCalendarDay(v), msg("careDocument.giveDateAsYYYYMMDD"))
    .default("");

/** One of a closed list, or not chosen yet (null). */
export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .enum(values, msg("careDocument.chooseFromList"))
    .nullish()
    .transform((v) => v ?? null);

/** Adds "required" issues for the named empty fields of a content object. */
export function requireFields(
  content: Record<string, unknown>,
  ctx: z.RefinementCtx,
  fields: readonly string[],
): void {
  for (const field of fields) {
    const v = content[field];
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) {
      ctx.addIssue({ code: "custom", path: [field], message: msg("careDocument.required") });
    }
  }
}
