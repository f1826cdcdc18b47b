import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { patientLocalIds } from "../../db/schema";
import { DomainError, invalidField, msg, type MessageInput } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { stowInstances } from "../images/stow";
import { fhirBase } from "../records/record-url";
import { recordSettings, type RecordSettings } from "../records/records.schema";
import { auditUploadCheck, inspectUpload, type UploadRefusal } from "./check-reading-upload";
import { withLocalPatientId } from "./dicom-header";
import { READING_PROFESSIONS } from "./load-reading";
import { createReadingRequest, requireReadingHospital } from "./request-reading";
import { RequestReadingFromUploadInput } from "./readings.schema";
import { auditReadings } from "./readings-audit";
import { uploadStaging, type UploadStaging } from "./reading-upload-staging";

const REFUSAL: Record<UploadRefusal, MessageInput> = {
  no_images: msg("readings.discHasNoImages"),
  truncated: msg("readings.discHasTruncatedFiles"),
  two_patients: msg("readings.discHasTwoPatients"),
  mismatch: msg("readings.discPatientDiffers"),
};

/**
 * CD/DVD から取り込む, step 4: the uploader confirmed the patient; the disc is
 * checked again (nothing is trusted from the browser but the choice of study),
 * the chosen study's instances go by STOW-RS into the reading hospital's PACS,
 * filed under the patient's local ID there (the disc's ID kept beside it), and
 * the reading request is created for that study. If the PACS refuses or does
 * not answer part-way, no request is made and the error names the hospital.
 * The staging is removed once the request is written or the disc refused.
 */
export async function requestReadingFromUpload(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  staging: UploadStaging = uploadStaging(),
  settings: RecordSettings = recordSettings(),
) {
  const input = parseInput(RequestReadingFromUploadInput, rawInput);
  if (!READING_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("readings.requestedByDoctors"));
  }
  const manifest = await staging.open(input.uploadId, actor.practitionerId);
  const patientId = manifest.patientId;
  const access = await requirePatientAccess(db, actor, patientId, "clinical", "reading.request");
  const refuse = (reason: string) =>
    auditReadings(db, actor, "reading.request", {
      patientId,
      outcome: "denied",
      details: { reason, uploadId: manifest.uploadId, readingFacilityId: input.readingFacilityId },
    });
  const reading = await requireReadingHospital(db, actor, patientId, input.readingFacilityId, refuse);

  const { inspection, imagesByStudy } = await inspectUpload(db, actor, manifest, staging);
  if (inspection.refusal) {
    await auditUploadCheck(db, actor, manifest, inspection);
    await staging.remove(manifest.uploadId);
    const fields =
      inspection.comparison?.differs.map((f) => ({ field: f, message: msg("readings.discFieldDiffers") })) ??
      [];
    throw new DomainError("VALIDATION", REFUSAL[inspection.refusal], fields);
  }
  const study = inspection.studies.find((s) => s.studyUid === input.studyUid);
  const images = imagesByStudy.get(input.studyUid);
  if (!study || !images) throw invalidField("studyUid", msg("readings.chooseDiscStudy"));

  const [local] = await db
    .select({ localId: patientLocalIds.localId })
    .from(patientLocalIds)
    .where(and(eq(patientLocalIds.patientId, patientId), eq(patientLocalIds.facilityId, reading.id)));
  const base = fhirBase(reading.pacsDicomwebUrl);
  if (!local || !base) {
    await refuse(local ? "reading_facility_without_pacs" : "no_local_id_at_reading_facility");
    throw invalidField(
      "readingFacilityId",
      msg("readings.readingHospitalCannotTakeDisc", { name: reading.name }),
    );
  }

  async function* rewritten() {
    for (const image of images!) {
      yield withLocalPatientId(await readFile(image.file.path), local!.localId, image.patientId);
    }
  }
  const stored = await stowInstances(base, rewritten(), {
    timeoutMs: Math.max(settings.fetchTimeoutMs, 30_000),
  });
  await auditReadings(db, actor, "reading.upload_store", {
    patientId,
    outcome: stored.ok ? "success" : "failure",
    details: {
      uploadId: manifest.uploadId,
      readingFacilityId: reading.id,
      studyUid: study.studyUid,
      images: images.length,
      stored: stored.stored,
      ...(stored.reason ? { reason: stored.reason } : {}),
    },
  });
  if (!stored.ok) {
    throw new DomainError("UPSTREAM_FAILED", msg("readings.pacsDidNotStoreDisc", { name: reading.name }));
  }
  const created = await createReadingRequest(db, actor, {
    patientId,
    readingFacilityId: reading.id,
    basis: access.basis,
    study: {
      facilityId: reading.id,
      studyUid: study.studyUid,
      date: study.date,
      modalities: study.modalities,
      description: study.description,
    },
    content: input,
    details: { uploadId: manifest.uploadId },
  });
  await staging.remove(manifest.uploadId);
  return created;
}
