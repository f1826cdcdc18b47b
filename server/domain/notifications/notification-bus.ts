/**
 * Notifications leave the domain through this bus after their transaction
 * commits; the signalling layer subscribes and pushes them to the recipients'
 * sockets. The domain never imports socket.io.
 */
export interface NotificationPush {
  recipientIds: string[];
  kind: string;
  referralId: string | null;
  adviceRequestId: string | null;
  dischargeSummaryId: string | null;
  pathwayEnrolmentId: string | null;
  pathwayMeetingId: string | null;
  event: string;
  urgent: boolean;
}

type Listener = (push: NotificationPush) => void;

const KEY = Symbol.for("okinet.notificationBus");
const listeners = ((globalThis as { [KEY]?: Set<Listener> })[KEY] ??= new Set<Listener>());

export function onNotification(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishNotification(push: NotificationPush): void {
  if (push.recipientIds.length === 0) return;
  for (const listener of listeners) {
    try {
      listener(push);
    } catch {
      // a failed push must not undo a committed change; the row is in the notification centre
    }
  }
}
