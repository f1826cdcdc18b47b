import { NextResponse } from "next/server";
import { authenticate } from "@/server/session/current-practitioner";
import { warmConferenceRecords } from "@/server/domain/records/warm-conference-records";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** 資料を事前取得: a member of the conference warms the cache with its agenda patients' shared records. */
export async function POST(_req: Request, ctx: { params: Promise<{ conferenceId: string }> }) {
  try {
    const me = await authenticate();
    const summary = await call(warmConferenceRecords, me, await ctx.params);
    return NextResponse.json(summary, { headers: { "Cache-Control": "private, no-store" } });
  } catch (e) {
    return routeError(e);
  }
}
