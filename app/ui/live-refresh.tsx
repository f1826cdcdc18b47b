"use client";

import { useRouter } from "next/navigation";
import { useNotificationEvents, type NotificationEvent } from "./realtime";

/**
 * Re-renders the page from the server when a notification arrives (for one
 * referral, discharge summary, pathway or pathway meeting, of some kinds, or any), so worklists and
 * detail pages follow the other side without a reload. The data always comes
 * from the database, never the push.
 */
export function LiveRefresh({
  referralId,
  dischargeSummaryId,
  pathwayEnrolmentId,
  pathwayMeetingId,
  kinds,
}: {
  referralId?: string;
  dischargeSummaryId?: string;
  pathwayEnrolmentId?: string;
  pathwayMeetingId?: string;
  /** only notifications of these kinds (e.g. the summary worklist: summary_received, summary_acknowledged) */
  kinds?: readonly string[];
}) {
  const router = useRouter();
  const concerns = (event: NotificationEvent) =>
    (!referralId || event.referralId === referralId) &&
    (!dischargeSummaryId || event.dischargeSummaryId === dischargeSummaryId) &&
    (!pathwayEnrolmentId || event.pathwayEnrolmentId === pathwayEnrolmentId) &&
    (!pathwayMeetingId || event.pathwayMeetingId === pathwayMeetingId) &&
    (!kinds || kinds.includes(event.kind));
  useNotificationEvents(
    (event) => {
      if (concerns(event)) router.refresh();
    },
    () => router.refresh(),
  );
  return null;
}
