/**
 * Who may see which kind of patient data, as data. The consent rule
 * (server/domain/consent/check-patient-access.ts) decides *whose* data; this
 * table decides *which part* a profession may see inside consent.
 */
// The database enums (server/db/schema) are made from these lists: one source of truth.
export const PROFESSIONS = [
  "physician",
  "dentist",
  "nurse",
  "visiting_nurse",
  "pharmacist",
  "therapist",
  "care_manager",
  "liaison",
  "clerk",
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const ROLES = ["staff", "facility_admin", "network_admin"] as const;
export type Role = (typeof ROLES)[number];

export const DATA_KINDS = ["demographics", "clinical", "medication", "care", "consent_documents"] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export const PROFESSION_DATA: Record<Profession, readonly DataKind[]> = {
  physician: ["demographics", "clinical", "medication", "care", "consent_documents"],
  dentist: ["demographics", "clinical", "medication", "care"],
  nurse: ["demographics", "clinical", "medication", "care"],
  visiting_nurse: ["demographics", "clinical", "medication", "care"],
  pharmacist: ["demographics", "medication"],
  therapist: ["demographics", "clinical", "care"],
  care_manager: ["demographics", "care"],
  liaison: ["demographics", "clinical", "care", "consent_documents"],
  clerk: ["demographics", "consent_documents"],
};

/** Professions that may open emergency (break-glass) access, and what it opens. */
export const BREAK_GLASS_PROFESSIONS: readonly Profession[] = ["physician", "dentist", "nurse"];
export const BREAK_GLASS_DATA: readonly DataKind[] = ["demographics", "clinical", "medication", "care"];

/**
 * The network office administers consents for the whole region, so it sees who a
 * patient is and the signed forms, for any patient: never clinical data.
 */
export const NETWORK_ADMIN_DATA: readonly DataKind[] = ["demographics", "consent_documents"];

/**
 * Consent administration (同意の管理): the clerks and liaison officers of a facility, and its
 * administrators, keep managing a patient's consent at their facility even when the consent no
 * longer covers it (after a withdrawal): who the patient is and the signed forms, never clinical data.
 */
export const CONSENT_ADMIN_DATA: readonly DataKind[] = ["demographics", "consent_documents"];
export const CONSENT_ADMIN_PROFESSIONS: readonly Profession[] = ["clerk", "liaison"];

/** Professions that may record consents at their facility (受付・連携室・医師). */
export const CONSENT_RECORDING_PROFESSIONS: readonly Profession[] = ["physician", "liaison", "clerk"];

export interface Actor {
  practitionerId: string;
  facilityId: string;
  profession: Profession;
  roles: readonly Role[];
  sessionId: string | null;
  ip: string;
}

export const hasRole = (actor: Pick<Actor, "roles">, role: Role) => actor.roles.includes(role);
export const isNetworkAdmin = (actor: Pick<Actor, "roles">) => hasRole(actor, "network_admin");
export const isFacilityAdminOf = (actor: Pick<Actor, "roles" | "facilityId">, facilityId: string) =>
  hasRole(actor, "network_admin") || (hasRole(actor, "facility_admin") && actor.facilityId === facilityId);
export const mayAdministerConsent = (actor: Pick<Actor, "roles" | "profession">) =>
  CONSENT_ADMIN_PROFESSIONS.includes(actor.profession) ||
  hasRole(actor, "facility_admin") ||
  hasRole(actor, "network_admin");
export const professionMaySee = (profession: Profession, kind: DataKind) =>
  PROFESSION_DATA[profession].includes(kind);
