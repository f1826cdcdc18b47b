import { authenticate } from "@/server/session/current-practitioner";
import { openRecordItem } from "@/server/domain/records/open-record-item";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** Shown in the browser (images, PDF); anything else is saved. Both sandboxed and never sniffed. */
const INLINE = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"]);

/**
 * An image or document of the shared-record timeline (`?url=…&sig=…` as the
 * timeline listed it), streamed from the cache or from the facility as it
 * arrives: the body is never held whole, and the browser's pace is the read pace.
 */
export async function GET(req: Request, ctx: { params: Promise<{ patientId: string; facilityId: string }> }) {
  try {
    const me = await authenticate();
    const query = new URL(req.url).searchParams;
    const item = await call(openRecordItem, me, {
      ...(await ctx.params),
      url: query.get("url") ?? "",
      sig: query.get("sig") ?? "",
    });
    const headers = new Headers({
      "Content-Type": item.contentType,
      "Content-Disposition": INLINE.has(item.contentType) ? "inline" : 'attachment; filename="record"',
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "X-Record-Source": item.source,
    });
    if (item.size !== null) {
      headers.set("Content-Length", String(item.size));
      // Next.js drops Content-Length from a route handler's response (send-response.ts,
      // FORBIDDEN_HEADERS) and sends it chunked: the size travels here too, for the progress bar
      headers.set("X-Content-Length", String(item.size));
    }
    return new Response(item.body, { headers });
  } catch (e) {
    return routeError(e);
  }
}
