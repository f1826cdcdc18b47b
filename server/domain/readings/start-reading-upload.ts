import type { Db } from "../../db/client";
import { DomainError, isDomainError, msg } from "../../errors";
import { KeyedBuckets } from "../../http/token-bucket";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { READING_PROFESSIONS } from "./load-reading";
import { StartReadingUploadInput } from "./readings.schema";
import { auditReadings } from "./readings-audit";
import { uploadStaging, type UploadStaging } from "./reading-upload-staging";

/** Discs one practitioner may start uploading, per node: 10 at once, then one every 6 minutes. */
const UPLOADS = { capacity: 10, perSecond: 1 / 360 };
const KEY = Symbol.for("okinet.readingUploadLimiter");
export function uploadLimiter(): KeyedBuckets {
  const holder = globalThis as { [KEY]?: KeyedBuckets };
  holder[KEY] ??= new KeyedBuckets(UPLOADS.capacity, UPLOADS.perSecond);
  return holder[KEY];
}

/**
 * CD/DVD から取り込む, step 1: a doctor who may see the patient's clinical data
 * declares the disc's size and number of files; a disc past the limit is
 * refused before a byte is sent. Opens the upload's staging folder (its TTL
 * running) and audits the upload with ids and sizes only.
 */
export async function startReadingUpload(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  staging: UploadStaging = uploadStaging(),
  limiter: KeyedBuckets = uploadLimiter(),
) {
  const input = parseInput(StartReadingUploadInput, rawInput);
  if (!READING_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("readings.requestedByDoctors"));
  }
  await requirePatientAccess(db, actor, input.patientId, "clinical", "reading.upload");
  if (!limiter.take(actor.practitionerId)) {
    throw new DomainError("RATE_LIMITED", msg("readings.tooManyUploads"));
  }
  try {
    const manifest = await staging.create(
      { practitionerId: actor.practitionerId, patientId: input.patientId },
      input.totalBytes,
      input.fileCount,
    );
    await auditReadings(db, actor, "reading.upload", {
      patientId: input.patientId,
      details: { uploadId: manifest.uploadId, files: input.fileCount, bytes: input.totalBytes },
    });
    return { uploadId: manifest.uploadId, maxBytes: staging.settings.maxBytes };
  } catch (e) {
    if (isDomainError(e)) {
      await auditReadings(db, actor, "reading.upload", {
        patientId: input.patientId,
        outcome: "denied",
        details: { reason: e.code, files: input.fileCount, bytes: input.totalBytes },
      });
    }
    throw e;
  }
}
