import { authenticate } from "@/server/session/current-practitioner";
import { dischargeSummaryBundle } from "@/server/documents/fhir/discharge-summary-bundle";
import { dischargeSummaryDocument } from "@/server/domain/summaries/summary-documents";
import { SummaryVersionQuery } from "@/server/domain/summaries/summaries.schema";
import { parseInput } from "@/server/validation";
import { fhirDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** One version of a discharge summary as a FHIR R4 document Bundle (JP-CLINS eDischargeSummary shape); access-checked and audited. */
export async function GET(req: Request, ctx: { params: Promise<{ summaryId: string }> }) {
  try {
    const me = await authenticate();
    const { version } = parseInput(SummaryVersionQuery, Object.fromEntries(new URL(req.url).searchParams));
    const doc = await call(dischargeSummaryDocument, me, (await ctx.params).summaryId, "fhir", version);
    return fhirDocument(
      dischargeSummaryBundle(doc),
      `discharge-summary-${doc.documentNumber}-v${doc.version}.fhir.json`,
    );
  } catch (e) {
    return routeError(e);
  }
}
