import type { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from "./model/text";
import type { MessageInput } from "./model/messages";
import { DomainError } from "./errors";

/**
 * Parses input at a boundary; bad input becomes a VALIDATION error naming each
 * field. A control character anywhere in what passed (a field no text schema
 * covers, such as JSON measures) is refused here too, with its path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    const field = findControlCharacter(result.data);
    if (field) {
      throw new DomainError("VALIDATION", CONTROL_CHARACTER_MESSAGE, [
        { field, message: CONTROL_CHARACTER_MESSAGE },
      ]);
    }
    return result.data;
  }
  // a zod message is msg()'s key (and parameters); zod's own English defaults become "check this value"
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "(input)",
    // unpacked (and checked) by DomainError
    message: issue.message as MessageInput,
  }));
  // the error's own message is the first field's, so a form that shows one line names the problem
  throw new DomainError("VALIDATION", fields[0]?.message ?? "validation.checkTheFields", fields);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from URLs: callers treat a malformed one as not found, never as a database error. */
export const isUuid = (value: string) => UUID.test(value);
