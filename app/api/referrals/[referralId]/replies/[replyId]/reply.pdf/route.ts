import { authenticate } from "@/server/session/current-practitioner";
import { renderReferralReplyPdf } from "@/server/documents/pdf/referral-reply-pdf";
import { referralReplyDocument } from "@/server/domain/referrals/referral-documents";
import { pdfDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A reply letter (返書) as an A4 PDF; access-checked and audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ referralId: string; replyId: string }> }) {
  try {
    const me = await authenticate();
    const { referralId, replyId } = await ctx.params;
    const doc = await call(referralReplyDocument, me, referralId, replyId, "pdf");
    return pdfDocument(await renderReferralReplyPdf(doc), `返書-${doc.documentNumber}.pdf`);
  } catch (e) {
    return routeError(e);
  }
}
