import type { Actor } from "../../model/permissions";
import { DomainError, msg } from "../../errors";
import { parseInput } from "../../validation";
import { ReadingUploadFileInput } from "./readings.schema";
import { uploadStaging, type UploadStaging } from "./reading-upload-staging";

/**
 * CD/DVD から取り込む, step 2: one file of the disc, streamed into the upload's
 * staging folder. Only the practitioner who started the upload may add to it
 * (anyone else finds no upload); a file past the declared total or the limit
 * is refused by its Content-Length or while it streams, and the whole upload
 * removed. Not audited one by one: the upload and its check are.
 */
export async function addReadingUploadFile(
  actor: Actor,
  rawInput: unknown,
  body: ReadableStream<Uint8Array> | null,
  staging: UploadStaging = uploadStaging(),
) {
  const input = parseInput(ReadingUploadFileInput, rawInput);
  const manifest = await staging.open(input.uploadId, actor.practitionerId);
  if (!body) throw new DomainError("VALIDATION", msg("readings.invalidUploadFile"));
  const file = await staging.addFile(
    manifest,
    { index: input.index, name: input.name, contentLength: input.contentLength },
    body,
  );
  return { index: file.index, bytes: file.bytes };
}
