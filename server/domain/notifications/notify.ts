import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notifications, practitioners } from "../../db/schema";
import type { Profession } from "../../model/permissions";
import { publishNotification, type NotificationPush } from "./notification-bus";

type NotificationKind = (typeof notifications.$inferInsert)["kind"];

export interface NotificationDraft {
  kind: NotificationKind;
  recipientIds: string[];
  referralId?: string | null;
  adviceRequestId?: string | null;
  dischargeSummaryId?: string | null;
  pathwayEnrolmentId?: string | null;
  pathwayMeetingId?: string | null;
  conferenceId?: string | null;
  careTeamPostId?: string | null;
  nursingInstructionId?: string | null;
  readingRequestId?: string | null;
  careDocumentId?: string | null;
  event: string;
  actorId: string;
  urgent?: boolean;
  /** what the line lists; ids and document numbers, never a patient's name */
  details?: Record<string, unknown>;
}

/**
 * Writes the notification rows in the caller's transaction and returns the push
 * to send once it commits (so nobody is told of a change that rolled back).
 */
export async function recordNotification(tx: Db, draft: NotificationDraft): Promise<() => void> {
  const push = notificationPush(draft);
  if (push.recipientIds.length) {
    await tx.insert(notifications).values(
      push.recipientIds.map((recipientId) => ({
        recipientId,
        kind: draft.kind,
        referralId: draft.referralId ?? null,
        adviceRequestId: draft.adviceRequestId ?? null,
        dischargeSummaryId: draft.dischargeSummaryId ?? null,
        pathwayEnrolmentId: draft.pathwayEnrolmentId ?? null,
        pathwayMeetingId: draft.pathwayMeetingId ?? null,
        conferenceId: draft.conferenceId ?? null,
        careTeamPostId: draft.careTeamPostId ?? null,
        nursingInstructionId: draft.nursingInstructionId ?? null,
        readingRequestId: draft.readingRequestId ?? null,
        careDocumentId: draft.careDocumentId ?? null,
        event: draft.event,
        actorId: draft.actorId,
        urgent: draft.urgent ?? false,
        details: draft.details ?? {},
      })),
    );
  }
  return () => publishNotification(push);
}

/**
 * Who a draft tells (each recipient once, never the actor) and what: the push
 * sent after commit. A use case that writes its notification rows in a statement
 * of its own (send-referral.ts) writes one for each of `recipientIds`.
 */
export function notificationPush(draft: NotificationDraft): NotificationPush {
  return {
    recipientIds: [...new Set(draft.recipientIds)].filter((id) => id !== draft.actorId),
    kind: draft.kind,
    referralId: draft.referralId ?? null,
    adviceRequestId: draft.adviceRequestId ?? null,
    dischargeSummaryId: draft.dischargeSummaryId ?? null,
    pathwayEnrolmentId: draft.pathwayEnrolmentId ?? null,
    pathwayMeetingId: draft.pathwayMeetingId ?? null,
    conferenceId: draft.conferenceId ?? null,
    careTeamPostId: draft.careTeamPostId ?? null,
    nursingInstructionId: draft.nursingInstructionId ?? null,
    readingRequestId: draft.readingRequestId ?? null,
    careDocumentId: draft.careDocumentId ?? null,
    event: draft.event,
    urgent: draft.urgent ?? false,
  };
}

/**
 * Who at a facility hears of a referral arriving: the named doctor if there is
 * one, and the liaison office (地域連携室), which triages referrals in Japanese
 * hospitals; where a facility has no liaison staff, its doctors.
 */
export async function facilityReferralDesk(
  db: Db,
  facilityId: string,
  namedPractitionerId: string | null,
): Promise<string[]> {
  const active = and(eq(practitioners.facilityId, facilityId), isNull(practitioners.disabledAt));
  const pick = async (professions: Profession[]) =>
    (
      await db
        .select({ id: practitioners.id })
        .from(practitioners)
        .where(and(active, inArray(practitioners.profession, professions)))
    ).map((r) => r.id);
  const liaison = await pick(["liaison"]);
  return referralDesk(
    namedPractitionerId,
    liaison,
    liaison.length ? [] : await pick(["physician", "dentist"]),
  );
}

/** The desk from a facility's active liaison staff and doctors (see facilityReferralDesk). */
export function referralDesk(
  namedPractitionerId: string | null,
  liaison: readonly string[],
  doctors: readonly string[],
): string[] {
  const desk = liaison.length ? [...liaison] : [...doctors];
  return namedPractitionerId ? [namedPractitionerId, ...desk] : desk;
}
