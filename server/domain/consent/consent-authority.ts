import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consents, facilities, patientLocalIds } from "../../db/schema";
import { DomainError } from "../../errors";
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
    throw new DomainError(
      "FORBIDDEN",
      "同意の登録は、患者が署名した施設か協議会事務局が行います / Only the facility where the patient signed, or the network office, records this consent",
    );
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
    throw new DomainError(
      "FORBIDDEN",
      "先に自施設の患者IDを登録してください / Register the patient's local ID at your facility first",
      [
        {
          field: "patientId",
          message: "この患者は自施設に登録されていません / This patient is not registered at your facility",
        },
      ],
    );
  }
}

export async function assertActiveFacilities(db: Db, ids: string[], field: string) {
  if (ids.length === 0) return;
  const found = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(and(inArray(facilities.id, ids), eq(facilities.active, true)));
  if (found.length !== new Set(ids).size) {
    throw new DomainError("VALIDATION", "Unknown facility", [
      { field, message: "存在しない施設が含まれています / A chosen facility does not exist" },
    ]);
  }
}

export async function loadConsentForChange(db: Db, actor: Actor, consentId: string) {
  const [consent] = await db.select().from(consents).where(eq(consents.id, consentId));
  if (!consent) throw new DomainError("NOT_FOUND", "同意が見つかりません / Consent not found");
  assertMayRecordConsentAt(actor, consent.facilityId);
  if (consent.withdrawnOn) {
    throw new DomainError(
      "CONFLICT",
      "この同意は撤回されています。新しい同意を登録してください / This consent has been withdrawn; record a new consent instead",
    );
  }
  return consent;
}
