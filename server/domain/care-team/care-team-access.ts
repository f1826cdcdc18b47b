import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careTeamMembers, patients, practitioners } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor, Profession } from "../../model/permissions";
import { isUuid } from "../../validation";
import type { AuditAction } from "../audit/audit.schema";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { auditCareTeam } from "./care-team-audit";

/** Professions that may start a patient's care team when it has no member yet. */
export const CARE_TEAM_FOUNDERS: readonly Profession[] = [
  "physician",
  "nurse",
  "visiting_nurse",
  "care_manager",
  "liaison",
];

/**
 * SQL: the member row `m` is active: not removed, and its facility inside the
 * patient's current consent. Read live on every access, so a facility that
 * leaves the consent leaves the team at that moment, with nothing to update.
 */
export function activeMember(db: Db, m: typeof careTeamMembers = careTeamMembers): SQL {
  return and(isNull(m.removedAt), inCurrentConsentScope(db, m.patientId, m.facilityId))!;
}

export interface CareTeamAccess {
  patientId: string;
  memberId: string | null;
  /** the team has no active member: an eligible practitioner inside consent may start it */
  mayFound: boolean;
}

const notMember = () => new DomainError("FORBIDDEN", msg("careTeam.notPatientsCareTeam"));

/**
 * The care team's access rule: the actor's facility inside the patient's
 * current consent and the actor an active member. Break-glass and the network
 * office open no team: it is the team's working space, not the record.
 * Refusals are audited in their own transaction; an unknown patient is
 * answered as one outside consent.
 */
export async function requireCareTeamAccess(
  db: Db,
  actor: Actor,
  patientId: string,
  action: Extract<AuditAction, `care_team.${string}`>,
  options: { allowFounder?: boolean } = {},
): Promise<CareTeamAccess> {
  const known = isUuid(patientId);
  const [row] = known
    ? await db
        .select({
          inScope: sql<boolean>`${inCurrentConsentScope(db, patients.id, actor.facilityId)}`,
          memberId: sql<string | null>`(select m.id from care_team_members m
            where m.patient_id = patients.id and m.practitioner_id = ${actor.practitionerId}
              and m.removed_at is null)`,
          activeMembers: sql<number>`(select count(*)::int from care_team_members m
            where m.patient_id = patients.id and m.removed_at is null
              and exists (select 1 from consent_scope s where s.patient_id = m.patient_id
                and s.facility_id = m.facility_id and s.withdrawn_on is null))`,
        })
        .from(patients)
        .where(eq(patients.id, patientId))
    : [];
  const deny = async (reason: string, error: DomainError): Promise<never> => {
    await auditCareTeam(db, actor, action, {
      patientId: row ? patientId : null,
      outcome: "denied",
      details: { reason, ...(row ? {} : { patientId: known ? patientId : "invalid" }) },
    });
    throw error;
  };
  if (!row || !row.inScope) {
    return deny(
      row ? "no_consent" : "unknown_patient",
      new DomainError("CONSENT_REQUIRED", msg("consent.patientNotConsentedSharingFacility")),
    );
  }
  if (row.memberId) return { patientId, memberId: row.memberId, mayFound: false };
  if (options.allowFounder && row.activeMembers === 0 && CARE_TEAM_FOUNDERS.includes(actor.profession)) {
    return { patientId, memberId: null, mayFound: true };
  }
  return deny("not_member", notMember());
}

/** Active member ids of a patient's team (inside consent, not removed), optionally only some professions. */
export async function activeMemberIds(
  db: Db,
  patientId: string,
  filter: { practitionerIds?: string[]; professions?: Profession[] } = {},
): Promise<{ practitionerId: string; profession: Profession }[]> {
  const rows = await db
    .select({ practitionerId: careTeamMembers.practitionerId, profession: practitioners.profession })
    .from(careTeamMembers)
    .innerJoin(practitioners, eq(practitioners.id, careTeamMembers.practitionerId))
    .where(and(eq(careTeamMembers.patientId, patientId), activeMember(db), isNull(practitioners.disabledAt)));
  if (!filter.practitionerIds && !filter.professions) return rows;
  return rows.filter(
    (r) => filter.practitionerIds?.includes(r.practitionerId) || filter.professions?.includes(r.profession),
  );
}
