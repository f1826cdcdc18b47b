import { isDomainError } from "@/server/errors";
import { describeError } from "@/server/log-redact";
import { requestLocale, translateError, translateMessage, type TranslatedError } from "@/app/i18n";

/**
 * What a server action returns: data, or an error with a code and per-field
 * messages, already in the reader's language (the domain speaks in keys; they
 * are translated here, on the server). Never `any`.
 */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: TranslatedError };

export type FieldErrors = Partial<Record<string, string>>;

/** Runs one use case for a server action: expected outcomes become results, the unexpected is logged without input. */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    if (isDomainError(e)) return { ok: false, error: translateError(await requestLocale(), e.toJSON()) };
    // Next.js signals redirects and notFound by throwing; let them through.
    if (e && typeof e === "object" && "digest" in e && String(e.digest).startsWith("NEXT_")) throw e;
    console.error(`[action] unexpected error: ${describeError(e)}`);
    return {
      ok: false,
      error: {
        code: "INTERNAL",
        message: translateMessage(await requestLocale(), "common.somethingWentWrong"),
        fields: [],
      },
    };
  }
}

export function fieldErrors(result: ActionResult<unknown> | null | undefined): FieldErrors {
  if (!result || result.ok) return {};
  return Object.fromEntries(result.error.fields.map((f) => [f.field, f.message]));
}
