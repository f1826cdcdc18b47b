import { NextResponse } from "next/server";
import { isDomainError, translateError } from "@/server/errors";
import { log } from "@/server/log";
import { requestLocale, translateMessage } from "@/app/i18n";

/**
 * Route handlers map DomainErrors to their status once, here, with the message
 * in the reader's language; anything else is a logged 500 without details.
 */
export async function routeError(e: unknown): Promise<NextResponse> {
  const locale = await requestLocale();
  if (isDomainError(e)) {
    return NextResponse.json({ error: translateError(locale, e.toJSON()) }, { status: e.httpStatus });
  }
  log.error({ err: e }, "[route] unexpected error");
  return NextResponse.json(
    {
      error: { code: "INTERNAL", message: translateMessage(locale, "common.somethingWentWrong"), fields: [] },
    },
    { status: 500 },
  );
}
