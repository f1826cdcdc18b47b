import { env } from "../../env";
import type { Db } from "../../db/client";
import { consentEvents, consentScope, consents, patients } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { isNetworkAdmin, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { eq } from "drizzle-orm";
import { storeAttachment, type UploadedFile } from "../attachments/store-attachment";
import { GrantConsentInput } from "./consent.schema";
import { assertActiveFacilities, assertMayRecordConsentAt, assertPatientKnownAt } from "./consent-authority";
import { auditConsent } from "./consent-audit";

const CONSENT_DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;

/** A signed consent or withdrawal form: PDF or a scan, checked by content, size-limited. */
export function storeConsentDocument(tx: Db, actor: Actor, document: UploadedFile, patientId: string) {
  return storeAttachment(tx, actor, document, {
    field: "document",
    allowed: CONSENT_DOCUMENT_TYPES,
    maxBytes: env().CONSENT_DOCUMENT_MAX_BYTES,
    patientId,
  });
}

/** Later consent events cannot predate the consent they change. */
export function assertNotBeforeConsent(date: string, consent: { obtainedOn: string }, field: string) {
  if (date < consent.obtainedOn) {
    throw new DomainError("VALIDATION", msg("consent.dateBeforeConsentObtained"), [
      { field, message: msg("consent.dateBeforeConsentObtained") },
    ]);
  }
}

/**
 * Records a patient's written consent, with its scope and signed form, as signed at the facility
 * the form names (the actor's own unless the network office files it for a facility). The scope is
 * the signing facility and the facilities ticked: the office is never added unless it is chosen.
 */
export async function grantConsent(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(GrantConsentInput, rawInput);
  if (!input.signedAtFacilityId && isNetworkAdmin(actor)) {
    throw new DomainError("VALIDATION", msg("consent.chooseFacilityWhereFormSigned"), [
      { field: "signedAtFacilityId", message: msg("consent.chooseFacilityWhereFormSigned") },
    ]);
  }
  const obtainingFacilityId = input.signedAtFacilityId ?? actor.facilityId;
  assertMayRecordConsentAt(actor, obtainingFacilityId);
  const [patient] = await db
    .select({ id: patients.id })
    .from(patients)
    .where(eq(patients.id, input.patientId));
  if (!patient) throw new DomainError("NOT_FOUND", msg("patients.patientNotFound"));
  await assertPatientKnownAt(db, actor, input.patientId);
  const scope = [...new Set([obtainingFacilityId, ...input.facilityIds])];
  await assertActiveFacilities(db, [obtainingFacilityId], "signedAtFacilityId");
  await assertActiveFacilities(db, scope, "facilityIds");

  return db.transaction(async (tx) => {
    const documentId = await storeConsentDocument(tx, actor, input.document, input.patientId);
    const [consent] = await tx
      .insert(consents)
      .values({
        patientId: input.patientId,
        facilityId: obtainingFacilityId,
        obtainedOn: input.obtainedOn,
        documentId,
      })
      .returning({ id: consents.id });
    await tx.insert(consentEvents).values({
      consentId: consent!.id,
      patientId: input.patientId,
      kind: "granted",
      effectiveOn: input.obtainedOn,
      facilityIds: scope,
      documentId,
      note: input.note,
      recordedBy: actor.practitionerId,
    });
    await tx.insert(consentScope).values(
      scope.map((facilityId) => ({
        consentId: consent!.id,
        patientId: input.patientId,
        facilityId,
        addedOn: input.obtainedOn,
      })),
    );
    await auditConsent(tx, actor, "consent.grant", {
      patientId: input.patientId,
      details: { consentId: consent!.id, facilityIds: scope, documentId },
    });
    return { consentId: consent!.id, documentId };
  });
}
