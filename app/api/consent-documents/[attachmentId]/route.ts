import { authenticate } from "@/server/session/current-practitioner";
import { getConsentDocument } from "@/server/domain/consent/get-consent-document";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A signed consent or withdrawal form, consent-checked and audited in the domain. */
export async function GET(_req: Request, ctx: { params: Promise<{ attachmentId: string }> }) {
  try {
    const me = await authenticate();
    const doc = await call(getConsentDocument, me, {
      attachmentId: (await ctx.params).attachmentId,
    });
    return new Response(new Uint8Array(doc.content), {
      headers: {
        "Content-Type": doc.mediaType,
        "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
      },
    });
  } catch (e) {
    return routeError(e);
  }
}
