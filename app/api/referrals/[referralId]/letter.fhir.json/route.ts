import { authenticate } from "@/server/session/current-practitioner";
import { referralLetterBundle } from "@/server/documents/fhir/referral-bundle";
import { referralLetterDocument } from "@/server/domain/referrals/referral-documents";
import { fhirDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** The referral letter as a FHIR R4 document Bundle (JP-CLINS eReferral shape); access-checked and audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ referralId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await call(referralLetterDocument, me, (await ctx.params).referralId, "fhir");
    return fhirDocument(referralLetterBundle(doc), `referral-${doc.documentNumber}.fhir.json`);
  } catch (e) {
    return routeError(e);
  }
}
