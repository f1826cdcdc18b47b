import { authenticate } from "@/server/session/current-practitioner";
import { renderReferralLetterPdf } from "@/server/documents/pdf/referral-letter-pdf";
import { referralLetterDocument } from "@/server/domain/referrals/referral-documents";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** The referral letter (診療情報提供書) as an A4 PDF with an embedded Japanese font; access-checked and audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ referralId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await call(referralLetterDocument, me, (await ctx.params).referralId, "pdf");
    return pdfDocument(await renderReferralLetterPdf(doc), `紹介状-${doc.documentNumber}.pdf`);
  } catch (e) {
    return routeError(e);
  }
}
