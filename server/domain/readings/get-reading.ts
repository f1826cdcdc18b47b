import type { Db } from "../../db/client";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { signStudy } from "../images/imaging-sources";
import { loadReading, REPORTING_PROFESSIONS, READING_PROFESSIONS } from "./load-reading";
import { keyImagesOf } from "./reading-key-images";
import { loadReadingParts } from "./reading-parts";
import { availableTransitions, isOverdue, readingDueAt } from "./reading-status";
import { WRITABLE } from "./save-reading-draft";
import { auditReadings } from "./readings-audit";

const personName = (p: { familyName: string; givenName: string } | null) =>
  p ? `${p.familyName} ${p.givenName}` : null;

/**
 * One reading request as either side sees it: the request, the study (with the
 * viewer's signature: the request lets the reading hospital open the study the
 * requester chose, inside the patient's consent for both), the report (a signed
 * version, the latest unless another is asked for; the reading side also sees
 * the working copy), every version, and the commands open to the reader.
 */
export async function getReading(
  db: Db,
  actor: Actor,
  readingId: string,
  options: { version?: number } = {},
) {
  const { request: r, side } = await loadReading(db, actor, readingId, "reading.view");
  const parts = await loadReadingParts(db, r);
  const wanted = options.version ?? r.reportedVersion;
  const shown = wanted > 0 ? parts.versions.find((v) => v.version === wanted) : null;
  if (wanted > 0 && !shown) throw new DomainError("NOT_FOUND", msg("readings.noSuchVersion"));
  await auditReadings(db, actor, "reading.view", {
    patientId: r.patientId,
    details: { readingId, version: shown?.version ?? null },
  });
  const now = new Date();
  const writing = r.reportedVersion + 1;
  const doctor =
    side === "reading"
      ? REPORTING_PROFESSIONS.includes(actor.profession)
      : READING_PROFESSIONS.includes(actor.profession);
  return {
    id: r.id,
    status: r.status,
    revision: r.revision,
    side,
    urgency: r.urgency,
    requestedAt: r.requestedAt.toISOString(),
    dueAt: readingDueAt(r.requestedAt, r.urgency).toISOString(),
    overdue: isOverdue(r, now),
    clinicalQuestion: r.clinicalQuestion,
    relevantHistory: r.relevantHistory,
    closingNote: r.closingNote,
    patient: {
      id: parts.patient.id,
      name: `${parts.patient.familyName} ${parts.patient.givenName}`,
      kana: `${parts.patient.familyNameKana} ${parts.patient.givenNameKana}`,
      regionalId: parts.patient.regionalId,
      birthDate: parts.patient.birthDate,
      sex: parts.patient.sex,
    },
    requester: {
      facilityName: parts.facility(r.requesterFacilityId).name,
      name: personName(parts.practitioner(r.requesterId)),
    },
    reading: {
      facilityName: parts.facility(r.readingFacilityId).name,
      radiologistName: personName(parts.practitioner(r.radiologistId)),
    },
    study: {
      facilityId: r.studyFacilityId,
      facilityName: parts.facility(r.studyFacilityId).name,
      studyUid: r.studyUid,
      date: r.studyDate,
      modalities: r.studyModalities,
      description: r.studyDescription,
      /** the viewer's signature for this study of this patient at that facility */
      sig: signStudy(r.patientId, r.studyFacilityId, r.studyUid),
    },
    versions: parts.versions.map((v) => ({
      version: v.version,
      signedAt: v.signedAt.toISOString(),
      authorName: personName(parts.practitioner(v.authorId)),
      amendmentNote: v.amendmentNote,
    })),
    shown: shown
      ? {
          version: shown.version,
          content: shown.content,
          signedAt: shown.signedAt.toISOString(),
          authorName: personName(parts.practitioner(shown.authorId)),
          amendmentNote: shown.amendmentNote,
          keyImages: await keyImagesOf(db, r.id, shown.version),
        }
      : null,
    reportedVersion: r.reportedVersion,
    acknowledged:
      r.acknowledgedVersion > 0
        ? {
            version: r.acknowledgedVersion,
            at: r.acknowledgedAt?.toISOString() ?? null,
            name: personName(parts.practitioner(r.acknowledgedById)),
          }
        : null,
    /** the working copy, to the reading side only */
    draft:
      side === "reading" && r.draftReport
        ? { content: r.draftReport, amendmentNote: r.draftAmendmentNote }
        : null,
    /** the key images of the version being written, to the reading side only */
    draftKeyImages: side === "reading" ? await keyImagesOf(db, r.id, writing) : [],
    commands: doctor ? availableTransitions(r.status, side) : [],
    mayWriteReport: doctor && side === "reading" && WRITABLE.includes(r.status),
  };
}
export type ReadingView = Awaited<ReturnType<typeof getReading>>;
