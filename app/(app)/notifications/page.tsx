import { requirePractitioner } from "@/server/session/current-practitioner";
import { listNotifications } from "@/server/domain/notifications/list-notifications";
import type { ConsentScopeLeftDetails } from "@/server/domain/consent/consent-scope-left";
import { formatDate, formatDateTime, getI18n, type Locale, type Messages, titled } from "@/app/i18n";
import { NotificationList, type NotificationLine } from "./notification-list";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.notifications");

export default async function NotificationsPage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const n = t.referrals.notifications;
  const { items } = await call(listNotifications, me);
  const lines: NotificationLine[] = items.map((item) =>
    item.kind === "consent_scope_left"
      ? {
          id: item.id,
          href: "/notifications",
          text: t.patients.scopeLeft.title,
          detail: scopeLeftDetail(t, locale, item.details as Partial<ConsentScopeLeftDetails>),
          at: formatDateTime(item.createdAt, locale),
          unread: !item.readAt,
          urgent: false,
        }
      : {
          id: item.id,
          // the most specific record first: a meeting's decision for the reader's facility is acted on from the patient's sheet
          href: item.careDocumentId
            ? `/care-documents/${item.careDocumentId}`
            : item.nursingInstructionId
              ? `/nursing-instructions/${item.nursingInstructionId}`
              : item.readingRequestId
                ? `/readings/${item.readingRequestId}`
                : item.careTeamPatientId
                  ? `/patients/${item.careTeamPatientId}/care-team#post-${item.careTeamPostId}`
                  : item.pathwayEnrolmentId
                    ? `/pathways/${item.pathwayEnrolmentId}`
                    : item.pathwayMeetingId
                      ? `/pathway-meetings/${item.pathwayMeetingId}`
                      : item.conferenceId
                        ? `/conferences/${item.conferenceId}`
                        : item.dischargeSummaryId
                          ? `/summaries/${item.dischargeSummaryId}`
                          : item.referralId
                            ? `/referrals/${item.referralId}`
                            : item.adviceRequestId
                              ? `/referrals?tab=advice#advice-${item.adviceRequestId}`
                              : "/referrals",
          text: notificationText(t, item.kind, item.event),
          detail: [
            item.documentNumber,
            item.departmentName,
            item.appointmentAt ? n.appointmentOn(formatDateTime(item.appointmentAt, locale)) : null,
            item.meetingTitle,
            item.conferenceStart && item.kind !== "conference_cancelled"
              ? formatDateTime(item.conferenceStart, locale)
              : null,
            item.patientName,
            item.actorFamilyName ? `${item.actorFamilyName} ${item.actorGivenName ?? ""}`.trim() : null,
          ]
            .filter(Boolean)
            .join(" ・ "),
          at: formatDateTime(item.createdAt, locale),
          unread: !item.readAt,
          urgent: item.urgent,
        },
  );
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

/** What a facility lost when a patient left its scope: document numbers, stages, meetings; no name. */
function scopeLeftDetail(t: Messages, locale: Locale, d: Partial<ConsentScopeLeftDetails>): string {
  const s = t.patients.scopeLeft;
  const cancelled = new Set(d.cancelledReferrals ?? []);
  const parts = [
    d.withdrawnOn ? `${s.withdrawnOn}: ${formatDate(d.withdrawnOn, locale)}` : null,
    d.referrals?.length
      ? `${s.referrals}: ${d.referrals.map((r) => (cancelled.has(r) ? `${r}（${s.cancelled}）` : r)).join("、")}`
      : null,
    d.summaries?.length ? `${s.summaries}: ${d.summaries.join("、")}` : null,
    d.pathwayStages?.length
      ? `${s.stages}: ${d.pathwayStages.map((p) => `${p.pathway}/${p.stage}（${p.status}）`).join("、")}`
      : null,
    d.meetings?.length
      ? `${s.meetings}: ${d.meetings.map((m) => `${m.title} ${formatDateTime(m.startsAt, locale)}`).join("、")}`
      : null,
  ].filter(Boolean);
  return parts.length > 1 || !d.withdrawnOn ? parts.join(" ・ ") : `${parts[0]} ・ ${s.nothing}`;
}

/** A line's wording by `${kind}.${event}`; the events that carry data (a stage, an occurrence's start) by kind. */
function notificationText(t: Messages, kind: string, event: string): string {
  const key = `${kind}.${event}`;
  return (
    t.referrals.notifications.events[key] ??
    t.summaries.notifications[key] ??
    t.pathways.notifications[key] ??
    t.pathwayMeetings.notifications[key] ??
    t.conferences.notifications[key] ??
    t.careTeam.notifications[key] ??
    t.nursingInstructions.notifications[key] ??
    t.readings.notifications[key] ??
    t.careDocuments.notifications[key] ??
    (kind === "pathway_handover_requested"
      ? t.pathways.handoverRequested
      : kind === "meeting_cancelled"
        ? t.pathwayMeetings.occurrenceCancelled
        : t.referrals.notifications.fallback)
  );
}
