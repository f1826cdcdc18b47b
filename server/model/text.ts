import { z } from "zod";
import { msg } from "../errors";

/**
 * The one rule for text that people type, shared by every domain schema (and
 * through parseInput by every socket event): control characters never reach
 * the database or another person's screen. U+0000 alone made Postgres fail a
 * whole request; the others are invisible, reorder a line or break a PDF.
 * Tab, line feed and carriage return are text only where a field has lines.
 */
// eslint-disable-next-line no-control-regex -- the control characters are the point
const CONTROL_IN_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- the control characters are the point
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

export const CONTROL_CHARACTER_MESSAGE = msg("text.containsControlCharacterNotAllowed");
export const LINE_BREAK_MESSAGE = msg("text.lineBreaksNotAllowedHere");

type StringParams = Parameters<typeof z.string>[0];

/** Free text with lines (notes, questions, clinical text): tab and line breaks allowed, other controls refused. */
export const plainText = (params?: StringParams) =>
  z.string(params).refine((v) => !CONTROL_IN_LINES.test(v), CONTROL_CHARACTER_MESSAGE);

/** One line (names, titles, codes, addresses): every control character refused, line breaks too. */
export const singleLineText = (params?: StringParams) =>
  z
    .string(params)
    .refine((v) => !CONTROL_IN_LINES.test(v), CONTROL_CHARACTER_MESSAGE)
    .refine((v) => !CONTROL_IN_LINE.test(v), LINE_BREAK_MESSAGE);

/**
 * The backstop for what no field schema describes (JSON measures, unknown
 * keys kept by a loose object): the first string, or object key, holding a
 * character that no text field allows, with its path.
 */
export function findControlCharacter(value: unknown, path: (string | number)[] = []): string | null {
  // nearly every input is clean: walked once without building a path, and again to name it only if not
  return hasControlCharacter(value) ? locateControlCharacter(value, path) : null;
}

function hasControlCharacter(value: unknown): boolean {
  if (typeof value === "string") return CONTROL_IN_LINES.test(value);
  if (Array.isArray(value)) return value.some(hasControlCharacter);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key of Object.keys(value)) {
      if (CONTROL_IN_LINES.test(key) || hasControlCharacter((value as Record<string, unknown>)[key]))
        return true;
    }
  }
  return false;
}

function locateControlCharacter(value: unknown, path: (string | number)[]): string | null {
  if (typeof value === "string") return CONTROL_IN_LINES.test(value) ? path.join(".") || "(input)" : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = locateControlCharacter(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (CONTROL_IN_LINES.test(key)) return [...path, key.replace(CONTROL_IN_LINES, "?")].join(".");
      const found = locateControlCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
