import { authenticate } from "@/server/session/current-practitioner";
import { openImagingMetadata } from "@/server/domain/images/open-imaging-item";
import { imagingResponse } from "@/app/lib/imaging-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

type Params = { patientId: string; facilityId: string; studyUid: string; seriesUid: string };

/** WADO-RS series metadata (DICOM JSON) of a study opened in the viewer (`?sig=` from the study list). */
export async function GET(req: Request, ctx: { params: Promise<Params> }) {
  try {
    const me = await authenticate();
    const sig = new URL(req.url).searchParams.get("sig") ?? "";
    return imagingResponse(await call(openImagingMetadata, me, { ...(await ctx.params), sig }));
  } catch (e) {
    return routeError(e);
  }
}
