import { authenticate } from "@/server/session/current-practitioner";
import { renderDischargeSummaryPdf } from "@/server/documents/pdf/discharge-summary-pdf";
import { dischargeSummaryDocument } from "@/server/domain/summaries/summary-documents";
import { SummaryVersionQuery } from "@/server/domain/summaries/summaries.schema";
import { parseInput } from "@/server/validation";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** One version of a discharge summary (退院時サマリ) as an A4 PDF with an embedded Japanese font; access-checked and audited. */
export async function GET(req: Request, ctx: { params: Promise<{ summaryId: string }> }) {
  try {
    const me = await authenticate();
    const { version } = parseInput(SummaryVersionQuery, Object.fromEntries(new URL(req.url).searchParams));
    const doc = await call(dischargeSummaryDocument, me, (await ctx.params).summaryId, "pdf", version);
    return pdfDocument(
      await renderDischargeSummaryPdf(doc),
      `退院時サマリ-${doc.documentNumber}-第${doc.version}版.pdf`,
    );
  } catch (e) {
    return routeError(e);
  }
}
