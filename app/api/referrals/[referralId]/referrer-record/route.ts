import { NextResponse } from "next/server";
import { authenticate } from "@/server/session/current-practitioner";
import { referrerRecordLink } from "@/server/domain/referrals/referrer-record-link";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** 紹介元のカルテを開く: the audited link-out to the referring facility's record viewer. */
export async function GET(_req: Request, ctx: { params: Promise<{ referralId: string }> }) {
  try {
    const me = await authenticate();
    const url = await call(referrerRecordLink, me, (await ctx.params).referralId);
    return NextResponse.redirect(url, { status: 302, headers: { "Cache-Control": "private, no-store" } });
  } catch (e) {
    return routeError(e);
  }
}
