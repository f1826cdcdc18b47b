"use client";

import { useRouter } from "next/navigation";
import { useNotificationEvents } from "./realtime";

/**
 * Re-renders the page from the server when a notification arrives (for one
 * referral, or any), so worklists and the referral page follow the other side
 * without a reload. The data always comes from the database, never the push.
 */
export function LiveRefresh({ referralId }: { referralId?: string }) {
  const router = useRouter();
  useNotificationEvents(
    (event) => {
      if (!referralId || event.referralId === referralId) router.refresh();
    },
    () => router.refresh(),
  );
  return null;
}
