import { authenticate } from "@/server/session/current-practitioner";
import { renderMeetingMinutesPdf } from "@/server/documents/pdf/meeting-minutes-pdf";
import { meetingMinutesDocument } from "@/server/domain/pathway-meetings/minutes-document";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/**
 * 議事録: an occurrence's minutes as an A4 PDF for one of those at the meeting, each
 * case inside the reader's consent or one redacted line; audited as an export. An
 * occurrence of another meeting than the address's is not found.
 */
export async function GET(
  _req: Request,
  ctx: { params: Promise<{ meetingId: string; occurrenceId: string }> },
) {
  try {
    const me = await authenticate();
    const { meetingId, occurrenceId } = await ctx.params;
    const doc = await call(meetingMinutesDocument, me, { meetingId, occurrenceId });
    const heldOn = tokyoDateKey(doc.occurrence.startsAt);
    // no patient name in the file name: download lists and sync folders show it
    return pdfDocument(await renderMeetingMinutesPdf(doc), `パス会議議事録-${heldOn}.pdf`);
  } catch (e) {
    return routeError(e);
  }
}
