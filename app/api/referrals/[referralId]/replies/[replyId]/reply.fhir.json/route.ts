import { authenticate } from "@/server/session/current-practitioner";
import { referralReplyBundle } from "@/server/documents/fhir/referral-bundle";
import { referralReplyDocument } from "@/server/domain/referrals/referral-documents";
import { fhirDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A reply letter (返書) as a FHIR R4 document Bundle; access-checked and audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ referralId: string; replyId: string }> }) {
  try {
    const me = await authenticate();
    const { referralId, replyId } = await ctx.params;
    const doc = await call(referralReplyDocument, me, referralId, replyId, "fhir");
    return fhirDocument(referralReplyBundle(doc), `referral-reply-${doc.documentNumber}.fhir.json`);
  } catch (e) {
    return routeError(e);
  }
}
