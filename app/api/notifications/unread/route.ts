import { NextResponse } from "next/server";
import { authenticate } from "@/server/session/current-practitioner";
import { countUnread } from "@/server/domain/notifications/list-notifications";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** The bell's count: unread notifications of the signed-in practitioner, from the database. */
export async function GET() {
  try {
    const me = await authenticate();
    const unread = await call(countUnread, me);
    return NextResponse.json({ unread }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (e) {
    return routeError(e);
  }
}
