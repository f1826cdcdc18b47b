import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { referralEvents, referrals } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { AuditAction } from "../audit/audit.schema";
import { recordNotification, type NotificationDraft } from "../notifications/notify";
import type { Referral } from "./load-referral";
import { assertTransition, type ReferralTransition } from "./referral-status";

type ReferralPatch = Partial<Omit<typeof referrals.$inferInsert, "id" | "status" | "version">>;

/**
 * Applies one transition inside the caller's transaction: the guard, the row
 * (status, version + 1, whatever the transition carries), the history event
 * and the audit event together. Returns the updated row and the notification
 * push to send after commit.
 */
export async function applyTransition(
  tx: Db,
  actor: Actor,
  referral: Referral,
  transition: ReferralTransition,
  options: {
    patch?: ReferralPatch;
    details?: Record<string, unknown>;
    notify?: Omit<NotificationDraft, "actorId" | "referralId" | "event"> & { event?: string };
    /** the transition's instant, when the patch carries it too (a send's sentAt): one clock reading for all */
    at?: Date;
  } = {},
): Promise<{ referral: Referral; publish: () => void }> {
  const to = assertTransition(referral.status, transition);
  const now = options.at ?? new Date();
  const [updated] = await tx
    .update(referrals)
    .set({
      ...options.patch,
      status: to,
      ...(to !== referral.status ? { statusChangedAt: now } : {}),
      version: sql`${referrals.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(referrals.id, referral.id), eq(referrals.version, referral.version)))
    .returning();
  await tx.insert(referralEvents).values({
    referralId: referral.id,
    kind: transition,
    fromStatus: referral.status,
    toStatus: to,
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    details: options.details ?? {},
    at: now,
  });
  await appendAuditEvent(tx, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    patientId: referral.patientId,
    action: `referral.${transition}` as AuditAction,
    purpose: "treatment",
    outcome: "success",
    details: { referralId: referral.id, from: referral.status, to, ...options.details },
    ip: actor.ip,
  });
  const publish = options.notify
    ? await recordNotification(tx, {
        ...options.notify,
        actorId: actor.practitionerId,
        referralId: referral.id,
        event: options.notify.event ?? transition,
      })
    : () => undefined;
  return { referral: updated!, publish };
}
