import { afterCommitBus } from "../events/after-commit-bus";

/**
 * Notifications leave the domain through this bus after their transaction
 * commits; the signalling layer subscribes and pushes them to the recipients'
 * sockets. A failed push leaves the row in the notification centre.
 */
export interface NotificationPush {
  recipientIds: string[];
  kind: string;
  referralId: string | null;
  adviceRequestId: string | null;
  dischargeSummaryId: string | null;
  pathwayEnrolmentId: string | null;
  pathwayMeetingId: string | null;
  conferenceId: string | null;
  careTeamPostId?: string | null;
  nursingInstructionId?: string | null;
  readingRequestId?: string | null;
  careDocumentId?: string | null;
  event: string;
  urgent: boolean;
}

const bus = afterCommitBus<NotificationPush>("notifications");

export const onNotification = bus.subscribe;

export function publishNotification(push: NotificationPush): void {
  if (push.recipientIds.length > 0) bus.publish(push);
}
