import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { readingRequests } from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { recordNotification, type NotificationDraft } from "../notifications/notify";
import { assertTransition, type ReadingTransition } from "./reading-status";
import type { ReadingRequest } from "./load-reading";
import { auditReadings } from "./readings-audit";

const AUDIT_ACTION = {
  accept: "reading.accept",
  decline: "reading.decline",
  cancel: "reading.cancel",
  report: "reading.report_sign",
  amend: "reading.report_amend",
  acknowledge: "reading.acknowledge",
} as const satisfies Record<ReadingTransition, string>;

/**
 * One step of the state machine inside the caller's transaction, on the row
 * the caller locked: the guard, the new status with the caller's patch and the
 * next revision, one audit event, the notification rows. Returns the updated
 * row and the push to send once the transaction commits.
 */
export async function applyReadingTransition(
  tx: Db,
  actor: Actor,
  locked: ReadingRequest,
  transition: ReadingTransition,
  options: {
    patch?: Partial<typeof readingRequests.$inferInsert>;
    details?: Record<string, unknown>;
    notify: Pick<NotificationDraft, "kind" | "recipientIds"> & { urgent?: boolean };
  },
): Promise<{ request: ReadingRequest; publish: () => void }> {
  const status = assertTransition(locked.status, transition);
  const now = new Date();
  const [request] = await tx
    .update(readingRequests)
    .set({
      ...options.patch,
      status,
      ...(status !== locked.status ? { statusChangedAt: now } : {}),
      revision: sql`${readingRequests.revision} + 1`,
    })
    .where(eq(readingRequests.id, locked.id))
    .returning();
  await auditReadings(tx, actor, AUDIT_ACTION[transition], {
    patientId: locked.patientId,
    details: { readingId: locked.id, from: locked.status, to: status, ...options.details },
  });
  const publish = await recordNotification(tx, {
    ...options.notify,
    readingRequestId: locked.id,
    event: transition,
    actorId: actor.practitionerId,
  });
  return { request: request!, publish };
}
