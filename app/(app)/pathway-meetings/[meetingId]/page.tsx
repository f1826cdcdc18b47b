import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getMeetingSeries, type MeetingSeries } from "@/server/domain/pathway-meetings/get-meeting-series";
import { pathwayLabel } from "@/server/domain/pathways/pathway-statistics";
import type { PathwayCode } from "@/server/model/pathway-template";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { describeSchedule, formatMeetingSpan } from "../meeting-format";
import { MEETING_KINDS } from "../meeting-kinds";
import { CancelOccurrenceButton, CancelSeries } from "./series-controls";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.pathwayMeeting");

/**
 * A pathway meeting series: what and when in words, its version (the
 * iCalendar SEQUENCE calendars follow), who is invited, every occurrence, the
 * .ics, and for its managers the changes. Notifications link here.
 */
export default async function MeetingSeriesPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const m = t.pathwayMeetings;
  const d = m.detail;
  const { meetingId } = await params;
  let series: MeetingSeries;
  try {
    series = await call(getMeetingSeries, me, { meetingId });
  } catch (e) {
    if (isDomainError(e) && (e.code === "NOT_FOUND" || e.code === "VALIDATION")) notFound();
    throw e;
  }
  const { meeting, occurrences, invitees, facilities } = series;
  const cancelled = meeting.status === "cancelled";
  const manage = series.me.manage && !cancelled;
  const labels = {
    cancelSeries: d.cancelSeries,
    cancelSeriesHelp: d.cancelSeriesHelp,
    cancelSeriesConfirm: d.cancelSeriesConfirm,
    cancelNote: d.cancelNote,
    cancelOccurrence: d.cancelOccurrence,
    cancelOccurrenceConfirm: d.cancelOccurrenceConfirm,
    cancelledSeries: d.cancelledSeries,
    conflict: m.form.conflict,
    showLatest: d.showLatest,
  };

  return (
    <div className="space-y-4">
      <LiveRefresh pathwayMeetingId={meetingId} kinds={MEETING_KINDS} />
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h1
          className={`text-xl font-bold break-words ${cancelled ? "line-through" : ""}`}
          data-testid="meeting-title"
        >
          {meeting.title}
        </h1>
        <div className="flex flex-wrap gap-2">
          <a
            className="btn-secondary"
            href={`/api/pathway-meetings/${meeting.id}/meeting.ics`}
            download
            data-testid="meeting-ics"
          >
            {d.ics}
          </a>
          {manage && (
            <Link
              className="btn-primary"
              href={`/pathway-meetings/${meeting.id}/edit`}
              data-testid="meeting-edit"
            >
              {d.edit}
            </Link>
          )}
        </div>
      </div>

      {cancelled && (
        <div
          role="status"
          className="card border-red-300 bg-red-50 text-red-900"
          data-testid="meeting-cancelled"
        >
          <p className="font-semibold">{d.cancelledBanner}</p>
          {meeting.cancelledAt && <p className="text-sm">{formatDateTime(meeting.cancelledAt, locale)}</p>}
          {meeting.cancelNote && (
            <p className="mt-1 text-sm whitespace-pre-wrap">
              {d.cancelNote}: {meeting.cancelNote}
            </p>
          )}
        </div>
      )}

      <section className="card">
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="font-semibold text-slate-600">{d.schedule}</dt>
          <dd data-testid="meeting-schedule">
            {describeSchedule(meeting.rrule, meeting.startsAt, meeting.durationMinutes, m, locale)}
          </dd>
          <dt className="font-semibold text-slate-600">{d.sequence}</dt>
          <dd data-testid="meeting-sequence">{meeting.sequence}</dd>
          <dt className="font-semibold text-slate-600">{d.pathway}</dt>
          <dd>{meeting.pathway ? pathwayLabel(meeting.pathway as PathwayCode)[locale] : m.bothPathways}</dd>
          <dt className="font-semibold text-slate-600">{d.organizer}</dt>
          <dd>
            {meeting.organizer.name}（{meeting.organizer.facilityName}）
            {series.me.role === "organizer" && <span className="ml-2 badge bg-slate-100">{d.you}</span>}
          </dd>
          {meeting.location && (
            <>
              <dt className="font-semibold text-slate-600">{d.location}</dt>
              <dd className="break-words">{meeting.location}</dd>
            </>
          )}
          {meeting.description && (
            <>
              <dt className="font-semibold text-slate-600">{d.description}</dt>
              <dd className="break-words whitespace-pre-wrap">{meeting.description}</dd>
            </>
          )}
        </dl>
      </section>

      <section className="card space-y-3">
        <div>
          <h2 className="font-semibold">{d.invitees}</h2>
          {invitees.length === 0 ? (
            <p className="text-sm text-slate-600">{d.noInvitees}</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm" data-testid="meeting-invitees">
              {invitees.map((p) => (
                <li key={p.id}>
                  {p.name}{" "}
                  <span className="text-slate-500">
                    {t.common.professions[p.profession]}・{p.facilityName}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h2 className="font-semibold">{d.facilities}</h2>
          {facilities.length === 0 ? (
            <p className="text-sm text-slate-600">{d.noInvitees}</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm" data-testid="meeting-facilities">
              {facilities.map((f) => (
                <li key={f.id}>
                  {f.name} <span className="text-slate-500">{t.common.facilityKinds[f.kind]}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>

      <section>
        <h2 className="mb-2 font-semibold">{d.occurrences.replace("{n}", String(occurrences.length))}</h2>
        <ul
          className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white"
          data-testid="meeting-occurrences"
        >
          {occurrences.map((o) => {
            const off = o.status === "cancelled";
            return (
              <li
                key={o.id}
                className="flex flex-wrap items-center justify-between gap-2 px-4 py-3"
                data-testid="series-occurrence"
                data-status={o.status}
              >
                <div className="min-w-0">
                  <Link
                    href={`/pathway-meetings/${meeting.id}/occurrences/${o.id}`}
                    className={off ? "text-slate-500 line-through" : "text-brand-700 underline"}
                  >
                    {formatMeetingSpan(o.startsAt, o.endsAt, locale)}
                  </Link>{" "}
                  <span
                    className={`badge ${off ? "bg-red-100 text-red-800" : o.status === "open" ? "bg-green-100 text-green-800" : "bg-slate-100 text-slate-700"}`}
                  >
                    {m.statuses[o.status]}
                  </span>
                  {off && o.cancelNote && <p className="text-xs text-slate-600">{o.cancelNote}</p>}
                </div>
                {manage && meeting.rrule && o.status === "scheduled" && (
                  <CancelOccurrenceButton
                    meetingId={meeting.id}
                    sequence={meeting.sequence}
                    occurrenceId={o.id}
                    labels={labels}
                  />
                )}
              </li>
            );
          })}
        </ul>
      </section>

      {manage && <CancelSeries meetingId={meeting.id} sequence={meeting.sequence} labels={labels} />}

      <Link className="inline-block min-h-11 py-2 text-brand-700 underline" href="/pathway-meetings">
        {m.calendar.back}
      </Link>
    </div>
  );
}
