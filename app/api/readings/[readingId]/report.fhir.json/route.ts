import { authenticate } from "@/server/session/current-practitioner";
import { readingReportBundle } from "@/server/documents/fhir/reading-report-bundle";
import { readingReportDocument } from "@/server/domain/readings/reading-documents";
import { ReadingVersionQuery } from "@/server/domain/readings/readings.schema";
import { parseInput } from "@/server/validation";
import { fhirDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** One signed version of a reading report as a FHIR R4 document Bundle (DiagnosticReport + ImagingStudy); access-checked and audited. */
export async function GET(req: Request, ctx: { params: Promise<{ readingId: string }> }) {
  try {
    const me = await authenticate();
    const { version } = parseInput(ReadingVersionQuery, Object.fromEntries(new URL(req.url).searchParams));
    const doc = await call(readingReportDocument, me, (await ctx.params).readingId, "fhir", version);
    return fhirDocument(
      readingReportBundle(doc),
      `reading-report-${doc.readingId}-v${doc.version}.fhir.json`,
    );
  } catch (e) {
    return routeError(e);
  }
}
