import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds, patients } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import {
  comparePatient,
  displayPersonName,
  samePatientInHeaders,
  type DicomPatient,
  type PatientComparison,
} from "../../model/dicom-patient";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope, requirePatientAccess } from "../consent/check-patient-access";
import { readDicomFile, type DicomFileRefusal } from "./dicom-header";
import { READING_PROFESSIONS } from "./load-reading";
import { CheckReadingUploadInput } from "./readings.schema";
import { auditReadings } from "./readings-audit";
import {
  uploadStaging,
  type StagedFile,
  type UploadManifest,
  type UploadStaging,
} from "./reading-upload-staging";

export interface UploadedStudy {
  studyUid: string;
  date: string | null;
  modalities: string[];
  description: string;
  series: number;
  images: number;
}

export type UploadRefusal = "no_images" | "truncated" | "two_patients" | "mismatch";

export interface UploadInspection {
  uploadId: string;
  files: number;
  images: number;
  /** DICOMDIR files (the disc's index), skipped */
  skipped: number;
  /** files not imported, by name */
  refusedFiles: { name: string; reason: DicomFileRefusal }[];
  /** the patient the disc names (null: no image, or more than one patient) */
  dicomPatient: (DicomPatient & { displayName: string; kana: string }) | null;
  /** the patient at hand, as the network knows them */
  patient: {
    localId: string | null;
    localIdFacilityName: string | null;
    name: string;
    kana: string;
    birthDate: string;
    sex: string;
  };
  comparison: PatientComparison | null;
  studies: UploadedStudy[];
  /** why nothing of this disc may be imported; null: the uploader may confirm */
  refusal: UploadRefusal | null;
}

/** The image files of the upload, grouped by study, with their headers (read again at each step). */
export interface InspectedUpload {
  inspection: UploadInspection;
  imagesByStudy: Map<string, { file: StagedFile; patientId: string }[]>;
}

/**
 * Reads every file of the upload (one at a time) and compares the disc's
 * patient with the patient at hand: DICOM PatientID against the patient's
 * local IDs at facilities inside consent, the name (kanji or kana, see
 * model/dicom-patient.ts for what counts as the same) and the birth date.
 */
export async function inspectUpload(
  db: Db,
  actor: Actor,
  manifest: UploadManifest,
  staging: UploadStaging,
): Promise<InspectedUpload> {
  const files = await staging.files(manifest);
  const refusedFiles: UploadInspection["refusedFiles"] = [];
  const imagesByStudy = new Map<string, { file: StagedFile; patientId: string }[]>();
  const studies = new Map<string, UploadedStudy & { seriesUids: Set<string> }>();
  let skipped = 0;
  let first: DicomPatient | null = null;
  let twoPatients = false;
  for (const file of files) {
    const read = readDicomFile(await readFile(file.path));
    if (read.kind === "dicomdir") {
      skipped++;
      continue;
    }
    if (read.kind === "refused") {
      refusedFiles.push({ name: file.name, reason: read.reason });
      continue;
    }
    const h = read.header;
    if (!first) first = h.patient;
    else if (!samePatientInHeaders(first, h.patient)) twoPatients = true;
    const study = studies.get(h.studyUid) ?? {
      studyUid: h.studyUid,
      date: h.studyDate,
      modalities: [],
      description: h.studyDescription,
      series: 0,
      images: 0,
      seriesUids: new Set<string>(),
    };
    study.images++;
    study.seriesUids.add(h.seriesUid);
    study.series = study.seriesUids.size;
    if (h.modality && !study.modalities.includes(h.modality) && study.modalities.length < 8)
      study.modalities.push(h.modality);
    studies.set(h.studyUid, study);
    imagesByStudy.set(h.studyUid, [
      ...(imagesByStudy.get(h.studyUid) ?? []),
      { file, patientId: h.patient.patientId },
    ]);
  }

  const [p] = await db
    .select({
      familyName: patients.familyName,
      givenName: patients.givenName,
      familyNameKana: patients.familyNameKana,
      givenNameKana: patients.givenNameKana,
      birthDate: patients.birthDate,
      sex: patients.sex,
    })
    .from(patients)
    .where(eq(patients.id, manifest.patientId));
  if (!p) throw new DomainError("NOT_FOUND", msg("patients.patientNotFound"));
  const localIds = await db
    .select({
      facilityId: patientLocalIds.facilityId,
      localId: patientLocalIds.localId,
      facilityName: facilities.name,
    })
    .from(patientLocalIds)
    .innerJoin(facilities, eq(facilities.id, patientLocalIds.facilityId))
    .where(
      and(
        eq(patientLocalIds.patientId, manifest.patientId),
        inCurrentConsentScope(db, patientLocalIds.patientId, patientLocalIds.facilityId),
      ),
    );
  const comparison =
    first && !twoPatients ? comparePatient(first, { ...p, birthDate: p.birthDate ?? "", localIds }) : null;
  const shownId =
    localIds.find((l) => l.facilityId === comparison?.localIdFacilityId) ??
    localIds.find((l) => l.facilityId === actor.facilityId) ??
    null;
  const truncated = refusedFiles.some((f) => f.reason === "truncated");
  const refusal: UploadRefusal | null = truncated
    ? "truncated"
    : studies.size === 0
      ? "no_images"
      : twoPatients
        ? "two_patients"
        : comparison && !comparison.matches
          ? "mismatch"
          : null;
  return {
    inspection: {
      uploadId: manifest.uploadId,
      files: files.length,
      images: [...studies.values()].reduce((n, s) => n + s.images, 0),
      skipped,
      refusedFiles,
      dicomPatient: first && !twoPatients ? { ...first, ...displayName(first) } : null,
      patient: {
        localId: shownId?.localId ?? null,
        localIdFacilityName: shownId?.facilityName ?? null,
        name: `${p.familyName} ${p.givenName}`,
        kana: `${p.familyNameKana} ${p.givenNameKana}`,
        birthDate: p.birthDate ?? "",
        sex: p.sex,
      },
      comparison,
      studies: [...studies.values()].map(({ seriesUids: _, ...s }) => s),
      refusal,
    },
    imagesByStudy,
  };
}

const displayName = (d: DicomPatient) => {
  const { name, kana } = displayPersonName(d.name);
  return { displayName: name, kana };
};

/**
 * CD/DVD から取り込む, step 3: the check the uploader sees before confirming:
 * the disc's patient next to the patient at hand, field by field, the studies
 * with series and image counts, and the files not imported by name. A disc
 * that may not be imported (truncated files, no image, two patients, another
 * patient) is refused here and its staging removed; the result is audited
 * with ids, counts and the differing fields only.
 */
export async function checkReadingUpload(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  staging: UploadStaging = uploadStaging(),
) {
  const { uploadId } = parseInput(CheckReadingUploadInput, rawInput);
  if (!READING_PROFESSIONS.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("readings.requestedByDoctors"));
  }
  const manifest = await staging.open(uploadId, actor.practitionerId);
  await requirePatientAccess(db, actor, manifest.patientId, "clinical", "reading.upload_check");
  const { inspection } = await inspectUpload(db, actor, manifest, staging);
  await auditUploadCheck(db, actor, manifest, inspection);
  if (inspection.refusal) await staging.remove(uploadId);
  return inspection;
}

export function auditUploadCheck(db: Db, actor: Actor, manifest: UploadManifest, i: UploadInspection) {
  return auditReadings(db, actor, "reading.upload_check", {
    patientId: manifest.patientId,
    outcome: i.refusal ? "denied" : "success",
    details: {
      uploadId: manifest.uploadId,
      refusal: i.refusal,
      files: i.files,
      images: i.images,
      refusedFiles: i.refusedFiles.length,
      studyUids: i.studies.map((s) => s.studyUid),
      differs: i.comparison?.differs ?? [],
    },
  });
}
