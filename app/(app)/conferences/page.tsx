import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { listMyConferences } from "@/server/domain/conferences/list-conferences";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.conferences");

export default async function ConferencesPage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const c = t.conferences;
  const rows = await call(listMyConferences, me);
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{c.title}</h1>
        <Link href="/conferences/new" className="btn-primary">
          {c.newConference}
        </Link>
      </div>
      {rows.length === 0 ? (
        <p className="card text-slate-700">{c.none}</p>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
          {rows.map((r) => (
            <li key={r.id} data-testid="conference-row">
              <Link
                href={`/conferences/${r.id}`}
                className="flex flex-col gap-1 px-4 py-3 hover:bg-brand-50 sm:flex-row sm:items-center sm:gap-4"
              >
                <span className="font-semibold">{r.title}</span>
                <span className="text-sm text-slate-600">
                  {c.kinds[r.kind]} ・ {c.roles[r.role]}
                </span>
                <span className="text-sm text-slate-600 sm:ml-auto">
                  {r.scheduledStart ? formatDateTime(r.scheduledStart, locale) : "—"}
                </span>
                <span className="badge bg-slate-100 text-slate-800">{c.statuses[r.status]}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
