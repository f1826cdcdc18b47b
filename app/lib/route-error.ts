import { NextResponse } from "next/server";
import { isDomainError } from "@/server/errors";
import { log } from "@/server/log";

/** Route handlers map DomainErrors to their status once, here; anything else is a logged 500 without details. */
export function routeError(e: unknown): NextResponse {
  if (isDomainError(e)) return NextResponse.json({ error: e.toJSON() }, { status: e.httpStatus });
  log.error({ err: e }, "[route] unexpected error");
  return NextResponse.json(
    { error: { code: "INTERNAL", message: "Internal error", fields: [] } },
    { status: 500 },
  );
}
