import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { listUpcomingMeetings } from "@/server/domain/pathway-meetings/list-meetings";
import { mayScheduleMeetings } from "@/server/domain/pathway-meetings/load-meeting";
import { pathwayLabel } from "@/server/domain/pathways/pathway-statistics";
import type { PathwayCode } from "@/server/model/pathway-template";
import { getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { MEETING_KINDS } from "./meeting-kinds";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { formatMeetingDay, formatMeetingTime } from "./meeting-format";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.pathwayMeetings");

/**
 * 地域連携パス会議: the coming occurrences of the meetings this practitioner
 * organizes or is invited to, by day in Japan time. A cancelled one stays,
 * struck through, so nobody wonders where it went.
 */
export default async function PathwayMeetingsPage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const m = t.pathwayMeetings;
  const rows = await call(listUpcomingMeetings, me, { limit: 100 });
  const days = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = tokyoDateKey(row.startsAt);
    days.set(key, [...(days.get(key) ?? []), row]);
  }
  const pathwayName = (code: string | null) =>
    code ? pathwayLabel(code as PathwayCode)[locale] : m.bothPathways;

  return (
    <div className="space-y-4">
      <LiveRefresh kinds={MEETING_KINDS} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{m.title}</h1>
        <div className="flex flex-wrap gap-2">
          <Link className="btn-secondary" href="/pathway-meetings/calendar" data-testid="calendar-feed-link">
            {m.calendarLink}
          </Link>
          {mayScheduleMeetings(me) && (
            <Link className="btn-primary" href="/pathway-meetings/new" data-testid="schedule-meeting">
              {m.schedule}
            </Link>
          )}
        </div>
      </div>
      <p className="text-sm text-slate-600">{m.list.help}</p>
      {rows.length === 0 ? (
        <p className="card text-slate-700" data-testid="meeting-list-empty">
          {m.list.none}
        </p>
      ) : (
        <div className="space-y-4" data-testid="meeting-list">
          {[...days.entries()].map(([key, occurrences]) => (
            <section key={key} aria-labelledby={`day-${key}`}>
              <h2 id={`day-${key}`} className="mb-1 text-sm font-semibold text-slate-700">
                {formatMeetingDay(occurrences[0]!.startsAt, locale)}
              </h2>
              <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
                {occurrences.map((o) => {
                  const cancelled = o.status === "cancelled" || o.meetingStatus === "cancelled";
                  return (
                    <li
                      key={o.occurrenceId}
                      className="px-4 py-3"
                      data-testid="meeting-occurrence"
                      data-status={cancelled ? "cancelled" : o.status}
                    >
                      <div className="flex flex-wrap items-center gap-2">
                        <span
                          className={`font-mono text-sm ${cancelled ? "text-slate-500 line-through" : ""}`}
                        >
                          {formatMeetingTime(o.startsAt)}–{formatMeetingTime(o.endsAt)}
                        </span>
                        <Link
                          href={`/pathway-meetings/${o.meetingId}/occurrences/${o.occurrenceId}`}
                          // underline and line-through are one CSS property: a cancelled title is struck, not underlined
                          className={`min-h-11 py-2 font-semibold ${cancelled ? "text-slate-500 line-through" : "text-brand-700 underline"}`}
                          data-testid="occurrence-link"
                        >
                          {o.title}
                        </Link>
                        {cancelled && (
                          <span className="badge bg-red-100 text-red-800" data-testid="occurrence-cancelled">
                            {m.cancelled}
                          </span>
                        )}
                        {o.status === "open" && !cancelled && (
                          <span className="badge bg-green-100 text-green-800">{m.open}</span>
                        )}
                      </div>
                      <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
                        <span className="badge bg-brand-100 text-brand-800">{pathwayName(o.pathway)}</span>
                        {o.recurring && (
                          <span className="badge bg-slate-100 text-slate-700">{m.recurring}</span>
                        )}
                        <Link
                          href={`/pathway-meetings/${o.meetingId}`}
                          className="min-h-11 py-2 underline"
                          data-testid="series-link"
                        >
                          {m.series}
                        </Link>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
