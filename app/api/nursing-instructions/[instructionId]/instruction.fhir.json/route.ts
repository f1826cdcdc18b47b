import { authenticate } from "@/server/session/current-practitioner";
import { nursingInstructionBundle } from "@/server/documents/fhir/nursing-instruction-bundle";
import { nursingInstructionDocument } from "@/server/domain/nursing-instructions/instruction-documents";
import { fhirDocument } from "@/app/lib/document-response";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A visiting-nurse instruction as a FHIR R4 document Bundle; access-checked and audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ instructionId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await call(nursingInstructionDocument, me, (await ctx.params).instructionId, "fhir");
    return fhirDocument(nursingInstructionBundle(doc), `nursing-instruction-${doc.documentNumber}.fhir.json`);
  } catch (e) {
    return routeError(e);
  }
}
