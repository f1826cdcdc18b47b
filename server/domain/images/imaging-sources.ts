import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, patientLocalIds } from "../../db/schema";
import { getAuthSecret } from "../../auth/secret";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { fhirBase } from "../records/record-url";

/** A facility whose PACS holds the patient's images, inside consent; the address never leaves the server. */
export interface ImagingSource {
  facilityId: string;
  name: string;
  localId: string;
  /** the DICOMweb base as a directory URL (trailing slash) */
  dicomWebBase: URL;
}

/**
 * Every active facility with a PACS (a DICOMweb base) that holds a local ID for
 * the patient and lies inside the patient's current consent scope, the same
 * rule the shared-record timeline follows. No access check: callers check the actor.
 */
export async function imagingSourcesOf(db: Db, patientId: string): Promise<ImagingSource[]> {
  const rows = await db
    .select({
      facilityId: facilities.id,
      name: facilities.name,
      localId: patientLocalIds.localId,
      pacs: facilities.pacsDicomwebUrl,
    })
    .from(patientLocalIds)
    .innerJoin(facilities, eq(facilities.id, patientLocalIds.facilityId))
    .where(
      and(
        eq(patientLocalIds.patientId, patientId),
        eq(facilities.active, true),
        ne(facilities.pacsDicomwebUrl, ""),
        inCurrentConsentScope(db, patientLocalIds.patientId, patientLocalIds.facilityId),
      ),
    )
    .orderBy(asc(facilities.kind), asc(facilities.nameKana));
  return rows.flatMap((r) => {
    // the DICOMweb base is a directory like a FHIR base: no query, no credentials, http(s) only
    const base = fhirBase(r.pacs);
    return base ? [{ facilityId: r.facilityId, name: r.name, localId: r.localId, dicomWebBase: base }] : [];
  });
}

/**
 * A local ID we can put in a QIDO PatientID match: DICOM matching treats `*`,
 * `?` and `\` specially, so an ID with them (or anything outside LO's plain
 * characters) is never sent; such a patient shows no studies rather than another's.
 */
export const queryableLocalId = (localId: string) => /^[0-9A-Za-z._-]{1,64}$/.test(localId);

function key(): Buffer {
  return createHash("sha256").update(`okinet imaging studies\n${getAuthSecret()}`).digest();
}

/**
 * A study is listed for a patient at a facility only after that facility's PACS
 * said it belongs to the patient's local ID there; the listing signs the study
 * for the patient and facility, so the viewer's later requests (metadata, frames)
 * name only studies the PACS itself gave this patient, on top of the access rule
 * checked again at each request.
 */
export function signStudy(patientId: string, facilityId: string, studyUid: string): string {
  return createHmac("sha256", key()).update(`${patientId}\n${facilityId}\n${studyUid}`).digest("base64url");
}

export function verifyStudy(patientId: string, facilityId: string, studyUid: string, sig: string): boolean {
  const expected = Buffer.from(signStudy(patientId, facilityId, studyUid));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
