import type { Db } from "../../db/client";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import type { ReadingKeyImageDocument, ReadingReportDocument } from "../../model/documents";
import { documentFacility, documentPatient, documentPractitioner } from "../documents/document-parties";
import { loadReading } from "./load-reading";
import { recordCache, type RecordCache } from "../records/record-cache";
import { keyImagePicture, keyImagesOf, studySourceOf } from "./reading-key-images";
import { loadReadingParts } from "./reading-parts";
import { auditReadings } from "./readings-audit";

/**
 * The document model of one signed version of a reading report (the latest
 * unless another is asked for), for the PDF and FHIR renderers, loaded inside
 * the reader's access and audited as an export. A report never signed has no
 * document: the working copy is not a report yet. The PDF embeds the version's
 * key images as the PACS renders them (one after another through the record
 * cache, so a report is never a burst of requests to the PACS).
 */
export async function readingReportDocument(
  db: Db,
  actor: Actor,
  readingId: string,
  format: "pdf" | "fhir",
  requested?: number,
  cache: RecordCache = recordCache(),
): Promise<ReadingReportDocument> {
  const { request: r } = await loadReading(db, actor, readingId, "reading.document_export");
  const parts = await loadReadingParts(db, r);
  const wanted = requested ?? r.reportedVersion;
  const signed = parts.versions.find((v) => v.version === wanted);
  if (!signed) throw new DomainError("NOT_FOUND", msg("readings.noSuchVersion"));
  const previous = parts.versions.find((v) => v.version === wanted - 1) ?? null;
  await auditReadings(db, actor, "reading.document_export", {
    patientId: r.patientId,
    details: { readingId: r.id, version: wanted, format },
  });
  const keyImages = await keyImagesOf(db, r.id, signed.version);
  // the pictures only for the PDF, from the PACS holding the study if it is still inside consent
  const source = format === "pdf" && keyImages.length > 0 ? await studySourceOf(db, r) : null;
  const pictured: ReadingKeyImageDocument[] = [];
  for (const { id: _id, position: _position, ...k } of keyImages) {
    pictured.push({ ...k, picture: source ? await keyImagePicture(source, r.studyUid, k, cache) : null });
  }
  const person = (id: string) => documentPractitioner(parts.practitioner(id)!);
  return {
    readingId: r.id,
    version: signed.version,
    signedAt: signed.signedAt.toISOString(),
    firstSignedAt: (parts.versions[0]?.signedAt ?? signed.signedAt).toISOString(),
    amendment: previous
      ? {
          note: signed.amendmentNote,
          replacesVersion: previous.version,
          replacesSignedAt: previous.signedAt.toISOString(),
        }
      : null,
    request: {
      facility: documentFacility(parts.facility(r.requesterFacilityId)),
      practitioner: person(r.requesterId),
      requestedAt: r.requestedAt.toISOString(),
      urgency: r.urgency,
      clinicalQuestion: r.clinicalQuestion,
      relevantHistory: r.relevantHistory,
    },
    reader: {
      facility: documentFacility(parts.facility(r.readingFacilityId)),
      practitioner: person(signed.authorId),
    },
    study: {
      studyUid: r.studyUid,
      facility: documentFacility(parts.facility(r.studyFacilityId)),
      date: r.studyDate,
      modalities: r.studyModalities,
      description: r.studyDescription,
    },
    patient: documentPatient(parts.patient, parts.localId),
    content: signed.content,
    keyImages: pictured,
  };
}
