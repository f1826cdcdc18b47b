import type { TranslatedError } from "@/server/errors";

/**
 * What a server action returns: data, or an error with a code and per-field
 * messages, already in the reader's language (the domain speaks in keys;
 * runAction translates them on the server). Never `any`. Client components
 * import this file: it stays free of server-only imports.
 */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: TranslatedError };

export type FieldErrors = Partial<Record<string, string>>;

export function fieldErrors(result: ActionResult<unknown> | null | undefined): FieldErrors {
  if (!result || result.ok) return {};
  return Object.fromEntries(result.error.fields.map((f) => [f.field, f.message]));
}
