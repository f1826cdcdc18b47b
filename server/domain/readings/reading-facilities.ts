import { and, asc, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consentScope, facilities } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { requirePatientAccess } from "../consent/check-patient-access";

/**
 * Where a patient's study may be sent for reading: the hospitals inside the
 * patient's current consent scope, other than the requester's own facility.
 */
export async function readingFacilitiesInConsent(db: Db, patientId: string, exceptFacilityId: string) {
  return db
    .select({ id: facilities.id, name: facilities.name })
    .from(consentScope)
    .innerJoin(facilities, eq(facilities.id, consentScope.facilityId))
    .where(
      and(
        eq(consentScope.patientId, patientId),
        isNull(consentScope.withdrawnOn),
        eq(facilities.active, true),
        eq(facilities.kind, "hospital"),
        ne(facilities.id, exceptFacilityId),
      ),
    )
    .orderBy(asc(facilities.nameKana));
}

/** The request form's choice of reading hospitals, for a patient the actor may see. */
export async function listReadingFacilityOptions(db: Db, actor: Actor, patientId: string) {
  await requirePatientAccess(db, actor, patientId, "clinical", "reading.request");
  return readingFacilitiesInConsent(db, patientId, actor.facilityId);
}
export type ReadingFacilityOption = Awaited<ReturnType<typeof listReadingFacilityOptions>>[number];
