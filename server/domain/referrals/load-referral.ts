import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { isUuid } from "../../validation";
import { referralEvents, referrals } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor, Profession } from "../../model/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { AuditAction } from "../audit/audit.schema";
import { requirePatientAccess } from "../consent/check-patient-access";
import type { ReferralSide } from "./referral-status";

export type Referral = typeof referrals.$inferSelect;

/** Who writes and sends referral letters and replies (the doctors). */
export const REFERRAL_AUTHOR_PROFESSIONS: readonly Profession[] = ["physician", "dentist"];
/** Who may work a department's inbox: doctors, and the liaison office (地域連携室) and its nurses. */
export const REFERRAL_TRIAGE_PROFESSIONS: readonly Profession[] = [
  "physician",
  "dentist",
  "liaison",
  "nurse",
];

export interface ReferralAccess {
  referral: Referral;
  /** the side the actor stands on; `former_destination` may read what it once had, nothing more */
  side: ReferralSide | "former_destination";
}

const notFound = () => new DomainError("NOT_FOUND", msg("referrals.referralNotFound"));

/**
 * The actor's view of one referral: their facility must be on it (referrer,
 * current or former destination) AND the patient's consent must include their
 * facility for clinical data (the one access rule). A facility not on the
 * referral learns nothing, not even that it exists; the attempt is audited.
 * Drafts stay at the referring facility.
 */
export async function loadReferral(
  db: Db,
  actor: Actor,
  referralId: string,
  action: AuditAction,
): Promise<ReferralAccess> {
  // ids reach here from URLs: a malformed one is simply not found, never a database error
  if (!isUuid(referralId)) throw notFound();
  const [referral] = await db.select().from(referrals).where(eq(referrals.id, referralId));
  if (!referral) throw notFound();

  let side: ReferralAccess["side"] | null = null;
  if (referral.referrerFacilityId === actor.facilityId) side = "referrer";
  else if (referral.status !== "draft" && referral.destinationFacilityId === actor.facilityId)
    side = "destination";
  else if (referral.status !== "draft" && (await wasDestination(db, referralId, actor.facilityId)))
    side = "former_destination";

  if (!side) {
    await appendAuditEvent(db, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      patientId: referral.patientId,
      action,
      purpose: "treatment",
      outcome: "denied",
      details: { referralId, reason: "not_party" },
      ip: actor.ip,
    });
    throw notFound();
  }
  await requirePatientAccess(db, actor, referral.patientId, "clinical", action);
  return { referral, side };
}

/**
 * Inside a command's transaction: the referral row again, locked, so two commands
 * on one referral run one after the other and the second sees the first's version.
 */
export async function lockReferral(tx: Db, referralId: string): Promise<Referral> {
  const [referral] = await tx.select().from(referrals).where(eq(referrals.id, referralId)).for("update");
  if (!referral) throw notFound();
  return referral;
}

async function wasDestination(db: Db, referralId: string, facilityId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(referralEvents)
    .where(
      and(
        eq(referralEvents.referralId, referralId),
        eq(referralEvents.kind, "forward"),
        sql`${referralEvents.details}->>'fromFacilityId' = ${facilityId}`,
      ),
    )
    .limit(1);
  return !!row;
}

/** Refuses a command from the wrong side of the loop or a profession that may not take it. */
export function requireSide(
  access: ReferralAccess,
  actor: Actor,
  side: ReferralSide,
  professions: readonly Profession[],
): void {
  if (access.side !== side) {
    throw new DomainError(
      "FORBIDDEN",
      side === "referrer"
        ? msg("referrals.onlyReferringFacilityMayDo")
        : msg("referrals.onlyDestinationFacilityMayDo"),
    );
  }
  if (!professions.includes(actor.profession)) {
    throw new DomainError("FORBIDDEN", msg("referrals.professionMayNotDo"));
  }
}

/** Optimistic concurrency: an edit or command made on an older version is refused, never merged silently. */
export function requireVersion(referral: Referral, version: number): void {
  if (referral.version !== version) {
    throw new DomainError("CONFLICT", msg("referrals.someoneElseChangedReferralReload"), [
      { field: "version", message: msg("referrals.outDate") },
    ]);
  }
}
