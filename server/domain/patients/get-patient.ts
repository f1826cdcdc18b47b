import { and, asc, desc, eq, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  consentEvents,
  consentScope,
  consents,
  facilities,
  patientLocalIds,
  patients,
} from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { inCurrentConsentScope, purposeOf, requirePatientAccess } from "../consent/check-patient-access";
import { PatientIdInput } from "./patients.schema";

/**
 * The patient page: who the patient is, their IDs at each facility, and the
 * consent history with its current scope. Refused (and the refusal audited)
 * outside consent; every view is audited with the basis it was allowed on.
 */
export async function getPatient(db: Db, actor: Actor, rawInput: unknown) {
  const { patientId } = parseInput(PatientIdInput, rawInput);
  const access = await requirePatientAccess(db, actor, patientId, "demographics", "patient.view");

  const [patient] = await db.select().from(patients).where(eq(patients.id, patientId));
  if (!patient) throw new DomainError("NOT_FOUND", msg("patients.patientNotFound"));

  const [localIds, consentRows, events, scope] = await Promise.all([
    db
      .select({
        facilityId: patientLocalIds.facilityId,
        facilityName: facilities.name,
        localId: patientLocalIds.localId,
      })
      .from(patientLocalIds)
      .innerJoin(facilities, eq(facilities.id, patientLocalIds.facilityId))
      .where(
        and(
          eq(patientLocalIds.patientId, patientId),
          // where else the patient is treated is itself patient data: only inside consent (and the reader's own)
          or(
            eq(patientLocalIds.facilityId, actor.facilityId),
            inCurrentConsentScope(db, patientLocalIds.patientId, patientLocalIds.facilityId),
          ),
        ),
      )
      .orderBy(asc(facilities.nameKana)),
    db
      .select({
        id: consents.id,
        facilityId: consents.facilityId,
        facilityName: facilities.name,
        obtainedOn: consents.obtainedOn,
        withdrawnOn: consents.withdrawnOn,
        documentId: consents.documentId,
        withdrawalDocumentId: consents.withdrawalDocumentId,
      })
      .from(consents)
      .innerJoin(facilities, eq(facilities.id, consents.facilityId))
      .where(eq(consents.patientId, patientId))
      .orderBy(desc(consents.obtainedOn)),
    db
      .select()
      .from(consentEvents)
      .where(eq(consentEvents.patientId, patientId))
      .orderBy(desc(consentEvents.effectiveOn), desc(consentEvents.recordedAt)),
    db
      .select({
        consentId: consentScope.consentId,
        facilityId: consentScope.facilityId,
        facilityName: facilities.name,
        facilityKind: facilities.kind,
        addedOn: consentScope.addedOn,
        withdrawnOn: consentScope.withdrawnOn,
      })
      .from(consentScope)
      .innerJoin(facilities, eq(facilities.id, consentScope.facilityId))
      .where(eq(consentScope.patientId, patientId))
      .orderBy(asc(facilities.kind), asc(facilities.nameKana)),
  ]);

  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    patientId,
    action: access.basis === "break_glass" ? "break_glass.access" : "patient.view",
    purpose: purposeOf(access),
    outcome: "success",
    details: { basis: access.basis, ...(access.breakGlassId ? { breakGlassId: access.breakGlassId } : {}) },
    ip: actor.ip,
  });

  const facilityNames = new Map(scope.map((s) => [s.facilityId, s.facilityName]));
  return {
    access: access.basis,
    breakGlassExpiresAt: access.breakGlassExpiresAt?.toISOString() ?? null,
    patient: {
      id: patient.id,
      regionalId: patient.regionalId,
      familyName: patient.familyName,
      givenName: patient.givenName,
      familyNameKana: patient.familyNameKana,
      givenNameKana: patient.givenNameKana,
      birthDate: patient.birthDate,
      sex: patient.sex,
      postalCode: patient.postalCode,
      address: patient.address,
      phone: patient.phone,
    },
    localIds,
    consents: consentRows.map((c) => ({
      ...c,
      scope: scope.filter((s) => s.consentId === c.id),
      events: events
        .filter((e) => e.consentId === c.id)
        .map((e) => ({
          id: e.id,
          kind: e.kind,
          effectiveOn: e.effectiveOn,
          facilityNames: e.facilityIds.map((id) => facilityNames.get(id) ?? id),
          documentId: e.documentId,
          note: e.note,
          recordedAt: e.recordedAt,
        })),
    })),
    currentScope: scope.filter((s) => s.withdrawnOn === null),
  };
}
export type PatientView = Awaited<ReturnType<typeof getPatient>>;
