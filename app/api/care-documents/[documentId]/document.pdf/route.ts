import { authenticate } from "@/server/session/current-practitioner";
import { renderCareDocumentPdf } from "@/server/documents/pdf/care-document-pdf";
import { careDocumentDocument } from "@/server/domain/care-documents/care-document-documents";
import { CARE_DOCUMENT_SPECS } from "@/server/model/care-documents/registry";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A care document of any kind as an A4 PDF with an embedded Japanese font; access-checked and audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ documentId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await call(careDocumentDocument, me, (await ctx.params).documentId, "pdf");
    const title = CARE_DOCUMENT_SPECS[doc.kind].terms.shortTitle;
    return pdfDocument(await renderCareDocumentPdf(doc), `${title}-${doc.documentNumber}.pdf`);
  } catch (e) {
    return routeError(e);
  }
}
