import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents, facilities, patients, practitioners } from "../../db/schema";
import { isValidRegionalId } from "../patients/regional-id";

/**
 * An audit event as the office's log and a patient's access history show it:
 * who (name, login, facility), what, why, the outcome, the patient by regional
 * ID and name, the details. One selection for both views.
 */
export const auditRowSelection = {
  id: auditEvents.id,
  seq: auditEvents.seq,
  occurredAt: auditEvents.occurredAt,
  actorId: auditEvents.actorId,
  actorLoginId: practitioners.loginId,
  actorName: sql<string | null>`${practitioners.familyName} || ' ' || ${practitioners.givenName}`,
  actorFacilityId: auditEvents.actorFacilityId,
  actorFacilityName: facilities.name,
  patientId: auditEvents.patientId,
  patientRegionalId: patients.regionalId,
  patientName: sql<string | null>`${patients.familyName} || ' ' || ${patients.givenName}`,
  action: auditEvents.action,
  purpose: auditEvents.purpose,
  outcome: auditEvents.outcome,
  details: auditEvents.details,
  ip: auditEvents.ip,
};

/** The events with their actor, facility and patient joined; the caller adds where, order and limit. */
export function selectAuditRows(db: Db) {
  return db
    .select(auditRowSelection)
    .from(auditEvents)
    .leftJoin(practitioners, eq(practitioners.id, auditEvents.actorId))
    .leftJoin(facilities, eq(facilities.id, auditEvents.actorFacilityId))
    .leftJoin(patients, eq(patients.id, auditEvents.patientId));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A patient named as the office types it: the internal id, or the regional
 * patient ID (OK + 9 digits, checked); null when no patient has it.
 */
export async function resolvePatientRef(db: Db, ref: string): Promise<string | null> {
  const trimmed = ref.trim();
  if (UUID.test(trimmed)) return trimmed;
  // a regional ID whose check digit is wrong is nobody's
  if (!isValidRegionalId(trimmed)) return null;
  const [row] = await db
    .select({ id: patients.id })
    .from(patients)
    .where(eq(patients.regionalId, trimmed.toUpperCase()));
  return row?.id ?? null;
}
