import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { getCalendarFeed } from "@/server/domain/pathway-meetings/meeting-calendar";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { CalendarFeedControls } from "./feed-controls";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.subscribeCalendar");

/**
 * 購読用URL: the practitioner's own calendar feed. Its state is shown (issued,
 * last read), never the address: only its hash is kept, so the address is
 * shown once, when issued.
 */
export default async function CalendarFeedPage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const c = t.pathwayMeetings.calendar;
  const feed = await call(getCalendarFeed, me);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{c.title}</h1>
      <section className="card space-y-2 text-sm">
        <p>{c.intro}</p>
        <p className="rounded-md bg-amber-50 p-2 text-amber-900">{c.secret}</p>
      </section>
      <section className="card space-y-3" data-testid="calendar-feed">
        {feed ? (
          <dl
            className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]"
            data-testid="calendar-feed-state"
          >
            <dt className="font-semibold text-slate-600">{c.issuedAt}</dt>
            <dd>{formatDateTime(feed.createdAt, locale)}</dd>
            <dt className="font-semibold text-slate-600">{c.lastUsedAt}</dt>
            <dd>{feed.lastUsedAt ? formatDateTime(feed.lastUsedAt, locale) : c.neverUsed}</dd>
          </dl>
        ) : (
          <p className="text-sm text-slate-700" data-testid="calendar-feed-none">
            {c.none}
          </p>
        )}
        <CalendarFeedControls
          active={!!feed}
          labels={{
            issue: c.issue,
            reissue: c.reissue,
            reissueConfirm: c.reissueConfirm,
            revoke: c.revoke,
            revokeConfirm: c.revokeConfirm,
            revoked: c.revoked,
            url: c.url,
            copy: c.copy,
            copied: c.copied,
          }}
        />
      </section>
      <Link className="inline-block min-h-11 py-2 text-brand-700 underline" href="/pathway-meetings">
        {c.back}
      </Link>
    </div>
  );
}
