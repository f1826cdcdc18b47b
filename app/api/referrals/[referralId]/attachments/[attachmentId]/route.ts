import { authenticate } from "@/server/session/current-practitioner";
import { getReferralAttachment } from "@/server/domain/referrals/referral-attachments";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

/** A filename for Content-Disposition: an ASCII fallback and the real name per RFC 5987. */
function contentDisposition(fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** One referral attachment for a party of the referral inside consent; access-checked and audited in the domain. */
export async function GET(
  _req: Request,
  ctx: { params: Promise<{ referralId: string; attachmentId: string }> },
) {
  try {
    const me = await authenticate();
    const { referralId, attachmentId } = await ctx.params;
    const file = await call(getReferralAttachment, me, referralId, attachmentId);
    return new Response(new Uint8Array(file.content), {
      headers: {
        "Content-Type": file.mediaType,
        "Content-Length": String(file.byteSize),
        "Content-Disposition": contentDisposition(file.fileName),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
      },
    });
  } catch (e) {
    return routeError(e);
  }
}
