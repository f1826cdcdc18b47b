import { authenticate } from "@/server/session/current-practitioner";
import { exportPathwayStatisticsCsv } from "@/server/domain/pathways/export-pathway-statistics";
import { documentResponse } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/**
 * The region's pathway statistics as CSV (UTF-8 with a BOM, for Excel in
 * Japan), for ?pathway=&from=&to=; a bad query is a 400 naming the field.
 */
export async function GET(req: Request) {
  try {
    const me = await authenticate();
    const query = Object.fromEntries(
      [...new URL(req.url).searchParams].filter(([key, value]) => value !== "" && key !== ""),
    );
    const csv = await call(exportPathwayStatisticsCsv, me, query);
    return documentResponse(
      csv.text,
      csv.mediaType,
      csv.fileName.replace(/^pathway-statistics/, "地域連携パス成績"),
    );
  } catch (e) {
    return routeError(e);
  }
}
