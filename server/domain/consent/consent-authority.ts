import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consents, facilities, patientLocalIds } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { CONSENT_RECORDING_PROFESSIONS, isNetworkAdmin, type Actor } from "../../model/permissions";

/**
 * Consents are recorded where the patient signs: by a physician, liaison officer
 * or clerk of that facility, or by the network office for any facility.
 */
export function mayRecordConsentAt(actor: Actor, facilityId: string): boolean {
  return (
    isNetworkAdmin(actor) ||
    (actor.facilityId === facilityId && CONSENT_RECORDING_PROFESSIONS.includes(actor.profession))
  );
}

export function assertMayRecordConsentAt(actor: Actor, facilityId: string) {
  if (!mayRecordConsentAt(actor, facilityId)) {
    throw new DomainError("FORBIDDEN", msg("consent.onlyFacilityWherePatientSigned"));
  }
}

/** A patient is someone's patient once that facility holds a local ID for them. */
export async function assertPatientKnownAt(db: Db, actor: Actor, patientId: string) {
  if (isNetworkAdmin(actor)) return;
  const [link] = await db
    .select({ id: patientLocalIds.id })
    .from(patientLocalIds)
    .where(and(eq(patientLocalIds.patientId, patientId), eq(patientLocalIds.facilityId, actor.facilityId)));
  if (!link) {
    throw new DomainError("FORBIDDEN", msg("consent.registerPatientsLocalIDFacility"), [
      {
        field: "patientId",
        message: msg("consent.patientNotRegisteredFacility"),
      },
    ]);
  }
}

export async function assertActiveFacilities(db: Db, ids: string[], field: string) {
  if (ids.length === 0) return;
  const found = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(and(inArray(facilities.id, ids), eq(facilities.active, true)));
  if (found.length !== new Set(ids).size) {
    throw new DomainError("VALIDATION", msg("consent.chosenFacilityDoesNotExist"), [
      { field, message: msg("consent.chosenFacilityDoesNotExist") },
    ]);
  }
}

export async function loadConsentForChange(db: Db, actor: Actor, consentId: string) {
  const [consent] = await db.select().from(consents).where(eq(consents.id, consentId));
  if (!consent) throw new DomainError("NOT_FOUND", msg("consent.consentNotFound"));
  assertMayRecordConsentAt(actor, consent.facilityId);
  if (consent.withdrawnOn) {
    throw new DomainError("CONFLICT", msg("consent.consentBeenWithdrawnRecordNew"));
  }
  return consent;
}
