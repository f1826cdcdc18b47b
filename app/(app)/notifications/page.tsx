import { requirePractitioner } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import { listNotifications } from "@/server/domain/notifications/list-notifications";
import { formatDateTime, getI18n } from "@/app/i18n";
import { NotificationList, type NotificationLine } from "./notification-list";

export const metadata = { title: "通知 / Notifications" };

export default async function NotificationsPage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const n = t.referrals.notifications;
  const db = await getDb();
  const { items } = await listNotifications(db, me);
  const lines: NotificationLine[] = items.map((item) => ({
    id: item.id,
    href: item.dischargeSummaryId
      ? `/summaries/${item.dischargeSummaryId}`
      : item.referralId
        ? `/referrals/${item.referralId}`
        : item.adviceRequestId
          ? `/referrals?tab=advice#advice-${item.adviceRequestId}`
          : "/referrals",
    text:
      n.events[`${item.kind}.${item.event}`] ??
      t.summaries.notifications[`${item.kind}.${item.event}`] ??
      n.fallback,
    detail: [
      item.patientName,
      item.actorFamilyName ? `${item.actorFamilyName} ${item.actorGivenName ?? ""}`.trim() : null,
    ]
      .filter(Boolean)
      .join(" ・ "),
    at: formatDateTime(item.createdAt, locale),
    unread: !item.readAt,
    urgent: item.urgent,
  }));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{n.title}</h1>
      <NotificationList
        lines={lines}
        labels={{ markAllRead: n.markAllRead, unread: n.unread, none: n.none, urgent: n.urgent }}
      />
    </div>
  );
}
