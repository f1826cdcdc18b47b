import { authenticate } from "@/server/session/current-practitioner";
import { openKeyImage } from "@/server/domain/readings/open-key-image";
import { imagingResponse } from "@/app/lib/imaging-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A key image of a reading report as the PACS renders it with its window, for the report page. */
export async function GET(
  _req: Request,
  ctx: { params: Promise<{ readingId: string; keyImageId: string }> },
) {
  try {
    const me = await authenticate();
    return imagingResponse(await call(openKeyImage, me, await ctx.params));
  } catch (e) {
    return routeError(e);
  }
}
