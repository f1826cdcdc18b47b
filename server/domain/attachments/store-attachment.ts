import { createHash } from "node:crypto";
import type { Db } from "../../db/client";
import { attachments } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { sniffMediaType, type SniffedType } from "./sniff-media-type";

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

/**
 * Checks an upload by content and size and stores it in the same transaction as
 * the record that refers to it. `field` names the form field in error messages.
 */
export async function storeAttachment(
  tx: Db,
  actor: Actor,
  file: UploadedFile,
  options: { field: string; allowed: readonly SniffedType[]; maxBytes: number; patientId: string | null },
): Promise<string> {
  const { field, allowed, maxBytes } = options;
  if (file.bytes.byteLength === 0) {
    throw new DomainError("VALIDATION", msg("attachments.fileEmpty"), [
      { field, message: msg("attachments.fileEmpty") },
    ]);
  }
  if (file.bytes.byteLength > maxBytes) throw fileTooLarge(field, maxBytes);
  const mediaType = sniffMediaType(file.bytes);
  if (!mediaType || !allowed.includes(mediaType)) {
    throw new DomainError("UNSUPPORTED_MEDIA_TYPE", msg("attachments.choosePDFJPEGPNGFile"), [
      { field, message: msg("attachments.choosePDFJPEGPNGFile") },
    ]);
  }
  // path separators and control characters never reach a Content-Disposition header
  const safeName =
    [...file.fileName]
      .map((c) => (c === "/" || c === "\\" || c.charCodeAt(0) < 0x20 ? "_" : c))
      .join("")
      .slice(0, 200) || "document";
  const [row] = await tx
    .insert(attachments)
    .values({
      patientId: options.patientId,
      facilityId: actor.facilityId,
      uploadedBy: actor.practitionerId,
      mediaType,
      fileName: safeName,
      byteSize: file.bytes.byteLength,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      content: Buffer.from(file.bytes),
    })
    .returning({ id: attachments.id });
  return row!.id;
}

/** The refusal of a file over `maxBytes`, named on its form field (also raised by upload routes before reading). */
export function fileTooLarge(field: string, maxBytes: number): DomainError {
  const mb = (maxBytes / 1024 / 1024).toFixed(0);
  const message = msg("attachments.fileMustMostMB", { mb });
  return new DomainError("PAYLOAD_TOO_LARGE", message, [{ field, message }]);
}
