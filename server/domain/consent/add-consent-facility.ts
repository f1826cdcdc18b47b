import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { consentEvents, consentScope } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { AddConsentFacilityInput } from "./consent.schema";
import { assertActiveFacilities, loadConsentForChange } from "./consent-authority";
import { assertNotBeforeConsent, storeConsentDocument } from "./grant-consent";
import { auditConsent } from "./consent-audit";

/** 連携先追加: widens a consent's scope by a new signed consent event; earlier events stay as they were. */
export async function addConsentFacility(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AddConsentFacilityInput, rawInput);
  const consent = await loadConsentForChange(db, actor, input.consentId);
  assertNotBeforeConsent(input.effectiveOn, consent, "effectiveOn");
  await assertActiveFacilities(db, input.facilityIds, "facilityIds");
  const existing = await db
    .select({ facilityId: consentScope.facilityId })
    .from(consentScope)
    .where(eq(consentScope.consentId, consent.id));
  const have = new Set(existing.map((e) => e.facilityId));
  const adding = [...new Set(input.facilityIds)].filter((id) => !have.has(id));
  if (adding.length === 0) {
    throw new DomainError("VALIDATION", msg("consent.chosenFacilitiesAlreadyScope"), [
      { field: "facilityIds", message: msg("consent.chosenFacilitiesAlreadyScope") },
    ]);
  }

  return db.transaction(async (tx) => {
    const documentId = await storeConsentDocument(tx, actor, input.document, consent.patientId);
    await tx.insert(consentEvents).values({
      consentId: consent.id,
      patientId: consent.patientId,
      kind: "scope_added",
      effectiveOn: input.effectiveOn,
      facilityIds: adding,
      documentId,
      note: input.note,
      recordedBy: actor.practitionerId,
    });
    await tx
      .insert(consentScope)
      .values(
        adding.map((facilityId) => ({
          consentId: consent.id,
          patientId: consent.patientId,
          facilityId,
          addedOn: input.effectiveOn,
        })),
      )
      .onConflictDoNothing();
    await auditConsent(tx, actor, "consent.add_facility", {
      patientId: consent.patientId,
      details: { consentId: consent.id, facilityIds: adding, documentId },
    });
    return { consentId: consent.id, added: adding };
  });
}
