import { and, desc, eq, exists, gt, isNull, sql, type Column, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { breakGlassGrants, consentScope, consents, patientLocalIds, patients } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import {
  BREAK_GLASS_DATA,
  CONSENT_ADMIN_DATA,
  NETWORK_ADMIN_DATA,
  isNetworkAdmin,
  mayAdministerConsent,
  professionMaySee,
  type Actor,
  type DataKind,
} from "../../model/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { AuditAction } from "../audit/audit.schema";

/**
 * SQL: the patient in `patientId` (a column of the outer query) is inside the
 * current, not withdrawn, consent scope of `facilityId` (a facility, or a column
 * of the outer query). The consent half of the access rule; patient search
 * filters with the same predicate.
 */
export function inCurrentConsentScope(
  db: Db,
  patientId: Column,
  facilityId: string | Column | Placeholder,
): SQL {
  return exists(
    db
      .select({ one: sql`1` })
      .from(consentScope)
      .where(
        and(
          eq(consentScope.patientId, patientId),
          eq(consentScope.facilityId, facilityId),
          isNull(consentScope.withdrawnOn),
        ),
      ),
  );
}

/** Whether one patient is inside `facilityId`'s current consent scope (false for an unknown patient). */
export async function isInCurrentConsentScope(
  db: Db,
  patientId: string,
  facilityId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ inScope: sql<boolean>`${inCurrentConsentScope(db, patients.id, facilityId)}` })
    .from(patients)
    .where(eq(patients.id, patientId));
  return !!row?.inScope;
}

/**
 * SQL: `facilityId` administers the consent of the patient in `patientId` (a column of the outer
 * query): it holds the patient's local ID, or a consent of theirs was signed there. True whether or
 * not the consent still covers the facility, so a withdrawal never locks out those who record what
 * comes next.
 */
export function administersConsentOf(db: Db, patientId: Column, facilityId: string): SQL {
  return sql`(${exists(
    db
      .select({ one: sql`1` })
      .from(patientLocalIds)
      .where(and(eq(patientLocalIds.patientId, patientId), eq(patientLocalIds.facilityId, facilityId))),
  )} or ${exists(
    db
      .select({ one: sql`1` })
      .from(consents)
      .where(and(eq(consents.patientId, patientId), eq(consents.facilityId, facilityId))),
  )})`;
}

export type AccessBasis = "consent" | "break_glass" | "network_office" | "consent_administration";

export type AccessDecision =
  | {
      allowed: true;
      basis: AccessBasis;
      breakGlassId?: string;
      /** when the emergency access lapses, so the reader can be told */
      breakGlassExpiresAt?: Date;
    }
  | { allowed: false; reason: "unknown_patient" | "no_consent" | "profession" };

/**
 * THE access rule, used by every module: a practitioner sees a patient's shared
 * data only if their facility is inside the patient's current (not withdrawn)
 * consent scope and their profession may see that kind of data; or through an
 * unexpired break-glass grant of their own; or, for who the patient is and the
 * signed forms only, as the network office.
 */
export async function checkPatientAccess(
  db: Db,
  actor: Actor,
  patientId: string,
  kind: DataKind,
): Promise<AccessDecision> {
  const [row] = await db
    .select({
      inScope: sql<boolean>`${inCurrentConsentScope(db, patients.id, actor.facilityId)}`,
      administers: sql<boolean>`${administersConsentOf(db, patients.id, actor.facilityId)}`,
    })
    .from(patients)
    .where(eq(patients.id, patientId));
  if (!row) return { allowed: false, reason: "unknown_patient" };

  if (row.inScope) {
    return professionMaySee(actor.profession, kind)
      ? { allowed: true, basis: "consent" }
      : { allowed: false, reason: "profession" };
  }
  if (isNetworkAdmin(actor) && NETWORK_ADMIN_DATA.includes(kind)) {
    return { allowed: true, basis: "network_office" };
  }
  if (row.administers && mayAdministerConsent(actor) && CONSENT_ADMIN_DATA.includes(kind)) {
    return { allowed: true, basis: "consent_administration" };
  }
  if (BREAK_GLASS_DATA.includes(kind)) {
    const [grant] = await db
      .select({ id: breakGlassGrants.id, expiresAt: breakGlassGrants.expiresAt })
      .from(breakGlassGrants)
      .where(
        and(
          eq(breakGlassGrants.practitionerId, actor.practitionerId),
          eq(breakGlassGrants.patientId, patientId),
          gt(breakGlassGrants.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(breakGlassGrants.expiresAt))
      .limit(1);
    if (grant)
      return {
        allowed: true,
        basis: "break_glass",
        breakGlassId: grant.id,
        breakGlassExpiresAt: grant.expiresAt,
      };
  }
  return { allowed: false, reason: "no_consent" };
}

/**
 * Checks access and, when refused, writes the refusal to the audit log in a
 * transaction of its own (so it survives the failed request) and throws.
 * Pass the database, not a transaction that the error would roll back.
 */
export async function requirePatientAccess(
  db: Db,
  actor: Actor,
  patientId: string,
  kind: DataKind,
  action: AuditAction,
): Promise<Extract<AccessDecision, { allowed: true }>> {
  const decision = await checkPatientAccess(db, actor, patientId, kind);
  if (decision.allowed) return decision;
  // Outside the network office an unknown patient is answered exactly as one outside consent
  // (and its attempt audited alike): the answer must not tell whether an id exists.
  if (decision.reason === "unknown_patient" && isNetworkAdmin(actor))
    throw new DomainError("NOT_FOUND", msg("patients.patientNotFound"));
  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    patientId,
    action,
    purpose: "treatment",
    outcome: "denied",
    details: { kind, reason: decision.reason },
    ip: actor.ip,
  });
  throw decision.reason === "profession"
    ? new DomainError("FORBIDDEN", msg("consent.professionMayNotSeePart"))
    : new DomainError("CONSENT_REQUIRED", msg("consent.patientNotConsentedSharingFacility"));
}

/** The purpose an access is audited under, from the basis it was allowed on. */
export function purposeOf(decision: { basis: AccessBasis }) {
  return decision.basis === "break_glass"
    ? ("emergency" as const)
    : decision.basis === "network_office" || decision.basis === "consent_administration"
      ? ("administration" as const)
      : ("treatment" as const);
}
