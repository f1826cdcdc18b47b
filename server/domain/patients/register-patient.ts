import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { patientLocalIds, patients } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { assertMayRecordConsentAt } from "../consent/consent-authority";
import { grantConsent } from "../consent/grant-consent";
import { GrantConsentInput } from "../consent/consent.schema";
import { patientSearchKeys } from "./normalize";
import { LinkLocalIdInput, RegisterPatientInput } from "./patients.schema";
import { formatRegionalId } from "./regional-id";
import { auditPatients } from "./patients-audit";

const REGIONAL_ID_LOCK = 0x0a0d18;

/**
 * A patient joins the network where they sign: a new regional ID, their ID at
 * this facility, and the written consent with its scope, all in one transaction.
 * No consent, no registration.
 */
export async function registerPatient(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RegisterPatientInput, rawInput);
  const consentInput = parseInput(GrantConsentInput.omit({ patientId: true }), rawInput);
  assertMayRecordConsentAt(actor, actor.facilityId);

  const [taken] = await db
    .select({ id: patientLocalIds.id })
    .from(patientLocalIds)
    .where(and(eq(patientLocalIds.facilityId, actor.facilityId), eq(patientLocalIds.localId, input.localId)));
  if (taken) {
    throw new DomainError("CONFLICT", msg("patients.iDAlreadyRegisteredFacility"), [
      { field: "localId", message: msg("patients.iDAlreadyRegisteredFacility") },
    ]);
  }

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REGIONAL_ID_LOCK})`);
    const [{ serial }] = (await tx
      .select({
        serial: sql<number>`coalesce(max(substring(${patients.regionalId} from 3 for 8)::int), 0) + 1`,
      })
      .from(patients)) as [{ serial: number }];
    const [patient] = await tx
      .insert(patients)
      .values({
        regionalId: formatRegionalId(Number(serial)),
        familyName: input.familyName,
        givenName: input.givenName,
        familyNameKana: input.familyNameKana,
        givenNameKana: input.givenNameKana,
        birthDate: input.birthDate,
        sex: input.sex,
        postalCode: input.postalCode,
        address: input.address,
        phone: input.phone,
        ...patientSearchKeys(input),
      })
      .returning({ id: patients.id, regionalId: patients.regionalId });
    await tx
      .insert(patientLocalIds)
      .values({ patientId: patient!.id, facilityId: actor.facilityId, localId: input.localId });
    await auditPatients(tx, actor, "patient.create", {
      patientId: patient!.id,
      details: { regionalId: patient!.regionalId },
    });
    // a patient registers where they sign
    const consent = await grantConsent(tx, actor, {
      ...consentInput,
      signedAtFacilityId: actor.facilityId,
      patientId: patient!.id,
    });
    return { patientId: patient!.id, regionalId: patient!.regionalId, consentId: consent.consentId };
  });
}

/**
 * Cross-references an existing patient to this facility's own patient ID, for a
 * patient whose consent already includes this facility.
 */
export async function linkLocalId(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(LinkLocalIdInput, rawInput);
  assertMayRecordConsentAt(actor, actor.facilityId);
  await requirePatientAccess(db, actor, input.patientId, "demographics", "patient.local_id_add");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(patientLocalIds)
      .values({ patientId: input.patientId, facilityId: actor.facilityId, localId: input.localId })
      .onConflictDoNothing()
      .returning({ id: patientLocalIds.id });
    if (!row) {
      throw new DomainError("CONFLICT", msg("patients.alreadyRegisteredFacility"), [
        { field: "localId", message: msg("patients.alreadyRegisteredFacility") },
      ]);
    }
    await auditPatients(tx, actor, "patient.local_id_add", {
      patientId: input.patientId,
      details: { facilityId: actor.facilityId },
    });
  });
}
