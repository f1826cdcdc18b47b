import { authenticate } from "@/server/session/current-practitioner";
import { getCareTeamPhoto } from "@/server/domain/care-team/care-team-photos";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** One photo of a care team post (`?size=thumbnail` for its thumbnail), for an active member inside consent; audited. */
export async function GET(
  req: Request,
  ctx: { params: Promise<{ patientId: string; attachmentId: string }> },
) {
  try {
    const me = await authenticate();
    const { patientId, attachmentId } = await ctx.params;
    const size = new URL(req.url).searchParams.get("size") === "thumbnail" ? "thumbnail" : "full";
    const file = await call(getCareTeamPhoto, me, patientId, attachmentId, size);
    return new Response(new Uint8Array(file.content), {
      headers: {
        "Content-Type": file.mediaType,
        "Content-Length": String(file.byteSize),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
      },
    });
  } catch (e) {
    return routeError(e);
  }
}
