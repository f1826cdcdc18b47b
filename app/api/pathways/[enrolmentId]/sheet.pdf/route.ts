import { authenticate } from "@/server/session/current-practitioner";
import { getDb } from "@/server/db/client";
import { renderPathwaySheetPdf } from "@/server/documents/pdf/pathway-sheet-pdf";
import { pathwaySheetDocument } from "@/server/domain/pathways/pathway-sheet-document";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { tokyoDateKey } from "@/app/lib/tokyo-time";

export const dynamic = "force-dynamic";

/** The pathway sheet (連携パスシート) across facilities as an A4 PDF; inside the patient's consent, audited as an export. */
export async function GET(_req: Request, ctx: { params: Promise<{ enrolmentId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await pathwaySheetDocument(await getDb(), me, (await ctx.params).enrolmentId);
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
