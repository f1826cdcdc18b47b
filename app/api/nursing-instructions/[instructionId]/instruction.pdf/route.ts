import { authenticate } from "@/server/session/current-practitioner";
import { renderNursingInstructionPdf } from "@/server/documents/pdf/nursing-instruction-pdf";
import { nursingInstructionDocument } from "@/server/domain/nursing-instructions/instruction-documents";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A visiting-nurse instruction (訪問看護指示書) as an A4 PDF with an embedded Japanese font; access-checked and audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ instructionId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await call(nursingInstructionDocument, me, (await ctx.params).instructionId, "pdf");
    const title = doc.content.kind === "special" ? "特別訪問看護指示書" : "訪問看護指示書";
    return pdfDocument(await renderNursingInstructionPdf(doc), `${title}-${doc.documentNumber}.pdf`);
  } catch (e) {
    return routeError(e);
  }
}
