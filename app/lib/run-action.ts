import { isDomainError, translateError } from "@/server/errors";
import { describeError } from "@/server/log-redact";
import { requestLocale, translateMessage } from "@/app/i18n";
import type { ActionResult } from "./action-result";

/**
 * Runs one use case for a server action: expected outcomes become results,
 * their messages in the reader's language (the locale cookie); the unexpected
 * is logged without input.
 */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    // Next.js signals redirects and notFound by throwing; let them through.
    if (e && typeof e === "object" && "digest" in e && String(e.digest).startsWith("NEXT_")) throw e;
    const locale = await requestLocale();
    if (isDomainError(e)) return { ok: false, error: translateError(locale, e.toJSON()) };
    console.error(`[action] unexpected error: ${describeError(e)}`);
    return {
      ok: false,
      error: {
        code: "INTERNAL",
        message: translateMessage(locale, "common.somethingWentWrong"),
        fields: [],
      },
    };
  }
}
