import { authenticate } from "@/server/session/current-practitioner";
import { exportConferenceCalendar } from "@/server/domain/conferences/conference-schedule";
import { documentResponse } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A scheduled conference as an iCalendar file (RFC 5545) for one on its invite list: the invitation, or its cancellation. */
export async function GET(_req: Request, ctx: { params: Promise<{ conferenceId: string }> }) {
  try {
    const me = await authenticate();
    const ics = await call(exportConferenceCalendar, me, {
      conferenceId: (await ctx.params).conferenceId,
    });
    return documentResponse(ics.text, ics.mediaType, ics.fileName);
  } catch (e) {
    return routeError(e);
  }
}
