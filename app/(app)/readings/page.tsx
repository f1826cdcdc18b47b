import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { listReadings } from "@/server/domain/readings/list-readings";
import { READING_PROFESSIONS } from "@/server/domain/readings/load-reading";
import { formatDate, formatDateTime, getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";
import { ReadingStatusBadge, ReadingUrgencyBadge } from "./reading-badges";
import { firstParam as one } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.readingRequests");

type Search = Record<string, string | string[] | undefined>;

const READING_KINDS = [
  "reading_requested",
  "reading_status",
  "reading_reported",
  "reading_acknowledged",
] as const;
const FILTERS = ["all", "waiting", "in_progress", "reported", "overdue"] as const;

/**
 * 読影ワークリスト: the requests to this hospital's radiology (waiting, in
 * progress, reported, overdue by urgency; most urgent first), or those this
 * facility asked for. New requests and reports refresh it live.
 */
export default async function ReadingsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.readings;
  if (!READING_PROFESSIONS.includes(me.profession)) {
    return <RefusedCard>{tr("readings.professionDoesNotHandleReadings")}</RefusedCard>;
  }
  const search = await searchParams;
  const readsHere = me.facilityKind === "hospital";
  const box = readsHere && one(search.box) !== "requested" ? "reading" : "requested";
  const wanted = one(search.filter);
  const filter = FILTERS.find((f) => f === wanted) ?? "all";
  let list: Awaited<ReturnType<typeof listReadings>>;
  try {
    list = await call(listReadings, me, { box, filter });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <RefusedCard>{tr(e.fields[0] ?? e)}</RefusedCard>;
  }
  const chip = (active: boolean) =>
    `badge min-h-9 px-3 ${active ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800"}`;
  return (
    <div className="space-y-4">
      <LiveRefresh kinds={READING_KINDS} />
      <h1 className="text-xl font-bold">{m.title}</h1>
      <p className="text-sm text-slate-600">{m.help}</p>
      <nav className="flex gap-1 border-b border-slate-200" aria-label={m.title}>
        {(readsHere ? (["reading", "requested"] as const) : (["requested"] as const)).map((name) => (
          <Link
            key={name}
            href={`/readings?box=${name}`}
            aria-current={box === name ? "page" : undefined}
            className={`-mb-px min-h-11 border-b-2 px-4 py-2 text-sm font-medium ${
              box === name
                ? "border-brand-600 text-brand-700"
                : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
            data-testid={`tab-${name}`}
          >
            {m.tabs[name]}
          </Link>
        ))}
      </nav>
      <ul className="flex flex-wrap gap-2">
        {FILTERS.map((f) => (
          <li key={f}>
            <Link href={`/readings?box=${box}&filter=${f}`} className={chip(filter === f)}>
              {m.filters[f]}
            </Link>
          </li>
        ))}
      </ul>
      {list.items.length === 0 ? (
        <p className="card text-slate-700">{m.none}</p>
      ) : (
        <ul
          className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white"
          data-testid="reading-list"
        >
          {list.items.map((r) => (
            <li key={r.id}>
              <Link
                href={`/readings/${r.id}`}
                className="flex flex-col gap-1 p-3 hover:bg-slate-50"
                data-testid="reading-line"
              >
                <span className="flex flex-wrap items-center gap-2">
                  <ReadingStatusBadge status={r.status} label={m.statuses[r.status]} />
                  <ReadingUrgencyBadge urgency={r.urgency} label={m.urgencies[r.urgency]} />
                  {r.overdue && <span className="badge bg-red-600 text-white">{m.overdue}</span>}
                  <span className="font-semibold">
                    {r.patientName ?? <span className="text-slate-500">{m.redacted}</span>}
                  </span>
                </span>
                <span className="text-sm text-slate-700">
                  {[
                    r.studyDate ? formatDate(r.studyDate, locale) : null,
                    r.studyModalities.join("・") || null,
                    r.studyDescription || null,
                    r.otherFacilityName,
                  ]
                    .filter(Boolean)
                    .join(" ・ ")}
                </span>
                <span className="text-xs text-slate-500">
                  {m.requestedAt} {formatDateTime(r.requestedAt, locale)}
                  {r.status === "requested" || r.status === "accepted"
                    ? ` ・ ${m.due} ${formatDateTime(r.dueAt, locale)}`
                    : ""}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
