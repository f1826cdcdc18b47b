import { authenticate } from "@/server/session/current-practitioner";
import { renderReadingReportPdf } from "@/server/documents/pdf/reading-report-pdf";
import { readingReportDocument } from "@/server/domain/readings/reading-documents";
import { ReadingVersionQuery } from "@/server/domain/readings/readings.schema";
import { parseInput } from "@/server/validation";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** One signed version of a reading report (読影レポート) as an A4 PDF with an embedded Japanese font; access-checked and audited. */
export async function GET(req: Request, ctx: { params: Promise<{ readingId: string }> }) {
  try {
    const me = await authenticate();
    const { version } = parseInput(ReadingVersionQuery, Object.fromEntries(new URL(req.url).searchParams));
    const doc = await call(readingReportDocument, me, (await ctx.params).readingId, "pdf", version);
    return pdfDocument(await renderReadingReportPdf(doc), `読影レポート-第${doc.version}版.pdf`);
  } catch (e) {
    return routeError(e);
  }
}
