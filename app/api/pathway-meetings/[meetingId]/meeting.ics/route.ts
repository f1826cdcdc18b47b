import { authenticate } from "@/server/session/current-practitioner";
import { exportMeetingCalendar } from "@/server/domain/pathway-meetings/meeting-calendar";
import { documentResponse } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A pathway meeting as an iCalendar file (RFC 5545) for one of its invitees: the invitation, or its cancellation. */
export async function GET(_req: Request, ctx: { params: Promise<{ meetingId: string }> }) {
  try {
    const me = await authenticate();
    const ics = await call(exportMeetingCalendar, me, { meetingId: (await ctx.params).meetingId });
    return documentResponse(ics.text, ics.mediaType, ics.fileName);
  } catch (e) {
    return routeError(e);
  }
}
