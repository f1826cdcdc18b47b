import { NextResponse } from "next/server";
import { authenticate } from "@/server/session/current-practitioner";
import { addReadingUploadFile } from "@/server/domain/readings/add-reading-upload-file";
import { routeError } from "@/app/lib/route-error";

export const dynamic = "force-dynamic";

/**
 * One file of a disc being imported for a reading request (CD/DVD から取り込む):
 * the raw bytes as the body, the file's path on the disc in `X-File-Name`
 * (URI-encoded). Streamed to the upload's staging folder, never buffered; the
 * Content-Length is checked against the upload's limit before a byte is read.
 */
export async function PUT(req: Request, ctx: { params: Promise<{ uploadId: string; index: string }> }) {
  try {
    const me = await authenticate();
    const { uploadId, index } = await ctx.params;
    let name = "";
    try {
      name = decodeURIComponent(req.headers.get("x-file-name") ?? "");
    } catch {
      // an undecodable name is refused by the use case as empty
    }
    const result = await addReadingUploadFile(
      me,
      { uploadId, index, name, contentLength: req.headers.get("content-length") ?? undefined },
      req.body,
    );
    return NextResponse.json(result, { status: 201 });
  } catch (e) {
    return routeError(e);
  }
}
