import { z } from "zod";
import { DomainError, msg } from "@/server/errors";
import { parseInput } from "@/server/validation";

/**
 * A server action is an endpoint anyone signed in can call with any value, not
 * only the props its form passes. The glue checks the shape it touches itself
 * (an object, the fields it transforms) before reading it; the use case's own
 * schema then parses the whole of it.
 */
export function formInput(value: unknown): FormData {
  if (value instanceof FormData) return value;
  throw new DomainError("VALIDATION", msg("lib.expectedSubmittedForm"), [
    { field: "(input)", message: msg("lib.expectedSubmittedForm") },
  ]);
}

/** The action's argument as the object its wrapper reads, or a refusal naming the field. */
export function actionInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return parseInput(schema, value);
}

/** A form's text field: a string, or absent (a File or nothing is not text). */
export const formText = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/** Every text value of a repeated field. */
export const formTexts = (form: FormData, name: string) =>
  form.getAll(name).filter((v): v is string => typeof v === "string");

/** Passes through what the use case's schema parses; the glue only needs it to be an object. */
export const anyObject = z.looseObject({});

const optionalText = z.string(msg("lib.expectedText")).optional();
/** A text field the glue itself transforms (a date input, a list): a string or absent. */
export const wireText = optionalText;
/** An id the glue uses to re-render a page: a string; the use case checks it is a real id. */
export const wireId = z.string(msg("lib.expectedId"));
