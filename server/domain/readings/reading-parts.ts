import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds, patients, practitioners, readingReportVersions } from "../../db/schema";
import type { ReadingRequest } from "./load-reading";

/**
 * Everything a reading request names (patient, facilities, people, signed
 * versions), loaded once for its page and its documents alike. Call it only
 * after the reader's access was checked.
 */
export async function loadReadingParts(db: Db, r: ReadingRequest) {
  const [patient] = await db.select().from(patients).where(eq(patients.id, r.patientId));
  const versions = await db
    .select()
    .from(readingReportVersions)
    .where(eq(readingReportVersions.requestId, r.id))
    .orderBy(asc(readingReportVersions.version));
  const facilityRows = await db
    .select()
    .from(facilities)
    .where(inArray(facilities.id, [r.requesterFacilityId, r.readingFacilityId, r.studyFacilityId]));
  const peopleIds = [
    r.requesterId,
    ...(r.radiologistId ? [r.radiologistId] : []),
    ...(r.acknowledgedById ? [r.acknowledgedById] : []),
    ...versions.map((v) => v.authorId),
  ];
  const people = await db.select().from(practitioners).where(inArray(practitioners.id, peopleIds));
  const [local] = await db
    .select({ localId: patientLocalIds.localId })
    .from(patientLocalIds)
    .where(
      and(eq(patientLocalIds.patientId, r.patientId), eq(patientLocalIds.facilityId, r.studyFacilityId)),
    );
  return {
    patient: patient!,
    /** the patient's ID at the facility holding the study (the DICOM PatientID there) */
    localId: local?.localId ?? null,
    versions,
    facility: (id: string) => facilityRows.find((f) => f.id === id)!,
    practitioner: (id: string | null) => people.find((p) => p.id === id) ?? null,
  };
}
