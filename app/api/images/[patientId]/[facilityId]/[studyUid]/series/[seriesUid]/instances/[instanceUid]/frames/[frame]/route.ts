import { authenticate } from "@/server/session/current-practitioner";
import { openImagingFrame } from "@/server/domain/images/open-imaging-item";
import { imagingResponse } from "@/app/lib/imaging-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

type Params = {
  patientId: string;
  facilityId: string;
  studyUid: string;
  seriesUid: string;
  instanceUid: string;
  frame: string;
};

/** One frame's pixels (WADO-RS, multipart as the PACS sent it), streamed, for the viewer's image loader. */
export async function GET(req: Request, ctx: { params: Promise<Params> }) {
  try {
    const me = await authenticate();
    const sig = new URL(req.url).searchParams.get("sig") ?? "";
    return imagingResponse(await call(openImagingFrame, me, { ...(await ctx.params), sig }));
  } catch (e) {
    return routeError(e);
  }
}
