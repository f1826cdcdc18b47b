import { authenticate } from "@/server/session/current-practitioner";
import { careDocumentBundle } from "@/server/documents/fhir/care-document-bundle";
import { careDocumentDocument } from "@/server/domain/care-documents/care-document-documents";
import { fhirDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A care document of any kind as a FHIR R4 document Bundle; access-checked and audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ documentId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await call(careDocumentDocument, me, (await ctx.params).documentId, "fhir");
    return fhirDocument(careDocumentBundle(doc), `${doc.kind}-${doc.documentNumber}.fhir.json`);
  } catch (e) {
    return routeError(e);
  }
}
