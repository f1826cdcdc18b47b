import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { env } from "../../env";
import type { Db } from "../../db/client";
import { breakGlassGrants, facilities, patients, practitioners } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { BREAK_GLASS_PROFESSIONS, isNetworkAdmin, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { BreakGlassInput } from "./consent.schema";
import { z } from "zod";
import { auditConsent } from "./consent-audit";

/**
 * Emergency access outside consent (MHLW guideline: 非常時のアクセス). Physicians,
 * dentists and nurses only, with a stated reason; it lasts BREAK_GLASS_MINUTES,
 * every use is audited as "emergency", and the network office reviews each one.
 */
export async function openBreakGlass(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(BreakGlassInput, rawInput);
  if (!BREAK_GLASS_PROFESSIONS.includes(actor.profession)) {
    await auditConsent(db, actor, "break_glass.open", {
      patientId: input.patientId,
      purpose: "emergency",
      outcome: "denied",
      details: { reason: "profession" },
    });
    throw new DomainError("FORBIDDEN", msg("consent.emergencyAccessPhysiciansDentistsNurses"));
  }
  const [patient] = await db
    .select({ id: patients.id })
    .from(patients)
    .where(eq(patients.id, input.patientId));
  if (!patient) throw new DomainError("NOT_FOUND", msg("patients.patientNotFound"));
  const expiresAt = new Date(Date.now() + env().BREAK_GLASS_MINUTES * 60_000);
  return db.transaction(async (tx) => {
    const [grant] = await tx
      .insert(breakGlassGrants)
      .values({
        practitionerId: actor.practitionerId,
        facilityId: actor.facilityId,
        patientId: input.patientId,
        reason: input.reason,
        expiresAt,
      })
      .returning({ id: breakGlassGrants.id });
    await auditConsent(tx, actor, "break_glass.open", {
      patientId: input.patientId,
      purpose: "emergency",
      details: { breakGlassId: grant!.id, expiresAt: expiresAt.toISOString() },
    });
    return { breakGlassId: grant!.id, expiresAt };
  });
}

/** The network office's list: every emergency access, unreviewed first. */
export async function listBreakGlassGrants(db: Db, actor: Actor, options: { onlyUnreviewed?: boolean } = {}) {
  if (!isNetworkAdmin(actor)) throw new DomainError("FORBIDDEN", msg("audit.networkOfficeOnly"));
  return db
    .select({
      id: breakGlassGrants.id,
      createdAt: breakGlassGrants.createdAt,
      expiresAt: breakGlassGrants.expiresAt,
      reason: breakGlassGrants.reason,
      reviewedAt: breakGlassGrants.reviewedAt,
      patientId: breakGlassGrants.patientId,
      patientRegionalId: patients.regionalId,
      practitionerId: practitioners.id,
      practitionerLoginId: practitioners.loginId,
      practitionerName: sql<string>`${practitioners.familyName} || ' ' || ${practitioners.givenName}`,
      facilityName: facilities.name,
    })
    .from(breakGlassGrants)
    .innerJoin(practitioners, eq(practitioners.id, breakGlassGrants.practitionerId))
    .innerJoin(facilities, eq(facilities.id, breakGlassGrants.facilityId))
    .innerJoin(patients, eq(patients.id, breakGlassGrants.patientId))
    .where(options.onlyUnreviewed ? isNull(breakGlassGrants.reviewedAt) : undefined)
    .orderBy(sql`${breakGlassGrants.reviewedAt} is not null`, desc(breakGlassGrants.createdAt))
    .limit(200);
}

export async function reviewBreakGlass(db: Db, actor: Actor, rawInput: unknown) {
  const { breakGlassId } = parseInput(z.object({ breakGlassId: z.uuid() }), rawInput);
  if (!isNetworkAdmin(actor)) throw new DomainError("FORBIDDEN", msg("audit.networkOfficeOnly"));
  return db.transaction(async (tx) => {
    const [grant] = await tx
      .update(breakGlassGrants)
      .set({ reviewedAt: new Date(), reviewedBy: actor.practitionerId })
      .where(and(eq(breakGlassGrants.id, breakGlassId), isNull(breakGlassGrants.reviewedAt)))
      .returning({ id: breakGlassGrants.id, patientId: breakGlassGrants.patientId });
    if (!grant) throw new DomainError("CONFLICT", msg("consent.alreadyReviewedNotFound"));
    await auditConsent(tx, actor, "break_glass.review", {
      patientId: grant.patientId,
      purpose: "audit",
      details: { breakGlassId },
    });
  });
}
