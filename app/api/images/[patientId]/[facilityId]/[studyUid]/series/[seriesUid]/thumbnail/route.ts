import { authenticate } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import { openImagingThumbnail } from "@/server/domain/images/open-imaging-item";
import { imagingResponse } from "@/app/lib/imaging-response";
import { routeError } from "@/app/lib/route-error";

export const dynamic = "force-dynamic";

type Params = { patientId: string; facilityId: string; studyUid: string; seriesUid: string };

/** A small rendered image of the series (WADO-RS rendered), for the viewer's series list. */
export async function GET(req: Request, ctx: { params: Promise<Params> }) {
  try {
    const me = await authenticate();
    const sig = new URL(req.url).searchParams.get("sig") ?? "";
    return imagingResponse(await openImagingThumbnail(await getDb(), me, { ...(await ctx.params), sig }));
  } catch (e) {
    return routeError(e);
  }
}
