import { authenticate } from "@/server/session/current-practitioner";
import { renderPathwaySheetPdf } from "@/server/documents/pdf/pathway-sheet-pdf";
import { pathwaySheetDocument } from "@/server/domain/pathways/pathway-sheet-document";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** The pathway sheet (連携パスシート) across facilities as an A4 PDF; inside the patient's consent, audited as an export. */
export async function GET(_req: Request, ctx: { params: Promise<{ enrolmentId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await call(pathwaySheetDocument, me, (await ctx.params).enrolmentId);
    const issuedOn = tokyoDateKey(doc.issuedAt);
    // no patient name in the file name: download lists and sync folders show it
    return pdfDocument(
      await renderPathwaySheetPdf(doc),
      `連携パスシート-${doc.sheet.enrolment.pathwayName.ja}-${issuedOn}.pdf`,
    );
  } catch (e) {
    return routeError(e);
  }
}
