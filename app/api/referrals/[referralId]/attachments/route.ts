import { NextResponse } from "next/server";
import { env } from "@/server/env";
import { authenticate } from "@/server/session/current-practitioner";
import { DomainError, msg } from "@/server/errors";
import { fileTooLarge } from "@/server/domain/attachments/store-attachment";
import { addReferralAttachment } from "@/server/domain/referrals/referral-attachments";
import { fileFromForm } from "@/app/lib/file-from-form";
import { routeError } from "@/app/lib/route-error";
import { call } from "@/app/lib/call";
import { readLimited } from "@/app/lib/read-limited";

export const dynamic = "force-dynamic";

/** Room for the multipart envelope (boundaries, part headers, the file name) around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const tooLarge = (maxBytes: number) => fileTooLarge("file", maxBytes);
const CHOOSE_FILE = msg("api.chooseFile");

/** Adds a file to a referral: multipart field `file`; checked by size here and by content in the domain. */
export async function POST(req: Request, ctx: { params: Promise<{ referralId: string }> }) {
  try {
    const me = await authenticate();
    const maxBytes = env().REFERRAL_ATTACHMENT_MAX_BYTES;
    const limit = maxBytes + MULTIPART_OVERHEAD;
    const declared = Number(req.headers.get("content-length") ?? "");
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(maxBytes);
    const contentType = req.headers.get("content-type") ?? "";
    if (!contentType.startsWith("multipart/form-data")) {
      throw new DomainError("VALIDATION", CHOOSE_FILE, [{ field: "file", message: CHOOSE_FILE }]);
    }
    const bytes = await readLimited(req.body, limit);
    if (!bytes) throw tooLarge(maxBytes);
    const form = await new Response(bytes, { headers: { "content-type": contentType } })
      .formData()
      .catch(() => null);
    const file = form && (await fileFromForm(form, "file"));
    if (!file) {
      throw new DomainError("VALIDATION", CHOOSE_FILE, [{ field: "file", message: CHOOSE_FILE }]);
    }
    const { referralId } = await ctx.params;
    const result = await call(addReferralAttachment, me, referralId, file);
    return NextResponse.json(result, { status: 201 });
  } catch (e) {
    return routeError(e);
  }
}
