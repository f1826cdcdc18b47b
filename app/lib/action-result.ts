import { isDomainError, type ErrorCode, type FieldIssue } from "@/server/errors";
import { describeError } from "@/server/log-redact";

/** What a server action returns: data, or an error with a code and per-field messages. Never `any`. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode | "INTERNAL"; message: string; fields: FieldIssue[] } };

export type FieldErrors = Partial<Record<string, string>>;

/** Runs one use case for a server action: expected outcomes become results, the unexpected is logged without input. */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    if (isDomainError(e)) return { ok: false, error: e.toJSON() };
    // Next.js signals redirects and notFound by throwing; let them through.
    if (e && typeof e === "object" && "digest" in e && String(e.digest).startsWith("NEXT_")) throw e;
    console.error(`[action] unexpected error: ${describeError(e)}`);
    return {
      ok: false,
      error: { code: "INTERNAL", message: "処理できませんでした / Something went wrong", fields: [] },
    };
  }
}

export function fieldErrors(result: ActionResult<unknown> | null | undefined): FieldErrors {
  if (!result || result.ok) return {};
  return Object.fromEntries(result.error.fields.map((f) => [f.field, f.message]));
}
