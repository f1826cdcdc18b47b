import { NextResponse } from "next/server";
import { authenticate } from "@/server/session/current-practitioner";
import { openRecordViewer } from "@/server/domain/records/open-record-viewer";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** カルテを開く: the audited link-out to a facility's own record viewer (303 to its address). */
export async function GET(
  _req: Request,
  ctx: { params: Promise<{ patientId: string; facilityId: string }> },
) {
  try {
    const me = await authenticate();
    const url = await call(openRecordViewer, me, await ctx.params);
    return NextResponse.redirect(url, { status: 303, headers: { "Cache-Control": "private, no-store" } });
  } catch (e) {
    return routeError(e);
  }
}
