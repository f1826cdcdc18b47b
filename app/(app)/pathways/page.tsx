import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { professionMaySee } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import { listPathways } from "@/server/domain/pathways/list-pathways";
import { PATHWAY_DATA } from "@/server/domain/pathways/load-enrolment";
import { PATHWAY_CODES } from "@/server/model/pathway-template";
import { mayViewPathwayStatistics, pathwayLabel } from "@/server/domain/pathways/pathway-statistics";
import { formatDate, formatDateTime, getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.carePathways");

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The notifications that change what the worklist shows. */
const HANDOVER_KINDS = ["pathway_handover_requested", "pathway_handover_answered"] as const;
const PAGE_SIZE = 50;

/**
 * The facility's pathway worklist: 担当中 (the patients whose current stage it
 * owns) and 引き継ぎ依頼 (handovers other facilities asked of it). A line about
 * a patient outside the facility's consent stays, without the patient.
 */
export default async function PathwaysPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.pathways;
  if (!professionMaySee(me.profession, PATHWAY_DATA)) {
    return <p className="card text-slate-700">{m.notAllowed}</p>;
  }
  const search = await searchParams;
  const rawBox = one(search.box);
  const box = rawBox === "incoming" || rawBox === "requests" ? "incoming" : "current";
  const pathway = one(search.pathway) || undefined;
  const page = Math.max(1, Number(one(search.page)) || 1);

  let rows: Awaited<ReturnType<typeof listPathways>>;
  try {
    rows = await call(listPathways, me, {
      box,
      pathway,
      limit: PAGE_SIZE + 1,
      offset: (page - 1) * PAGE_SIZE,
    });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <RefusedCard>{tr(e.fields[0] ?? e)}</RefusedCard>;
  }
  const hasNext = rows.length > PAGE_SIZE;
  const shown = rows.slice(0, PAGE_SIZE);
  const href = (change: { box?: string; pathway?: string | null; page?: number }) => {
    const params = new URLSearchParams({ box: change.box ?? box });
    const p = change.pathway === undefined ? pathway : change.pathway;
    if (p) params.set("pathway", p);
    if ((change.page ?? 1) > 1) params.set("page", String(change.page));
    return `/pathways?${params.toString()}`;
  };
  const chip = (active: boolean) =>
    `badge min-h-9 px-3 ${active ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800"}`;

  return (
    <div className="space-y-4">
      <LiveRefresh kinds={HANDOVER_KINDS} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{m.title}</h1>
        {mayViewPathwayStatistics(me) && (
          <Link className="btn-secondary" href="/pathways/statistics" data-testid="pathway-statistics-link">
            {m.statistics}
          </Link>
        )}
      </div>
      <nav className="flex gap-1 border-b border-slate-200" aria-label={m.title}>
        {(["current", "incoming"] as const).map((name) => (
          <Link
            key={name}
            href={href({ box: name, page: 1 })}
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
      <ul className="flex flex-wrap gap-2" aria-label={t.pathways.stats.pathway}>
        <li>
          <Link href={href({ pathway: null })} className={chip(!pathway)}>
            {m.list.allPathways}
          </Link>
        </li>
        {PATHWAY_CODES.map((code) => (
          <li key={code}>
            <Link
              href={href({ pathway: code })}
              className={chip(pathway === code)}
              data-testid={`filter-${code}`}
            >
              {pathwayLabel(code)[locale]}
            </Link>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">{m.list.live}</p>

      {shown.length === 0 ? (
        <p className="card text-slate-700" data-testid="pathway-list-empty">
          {m.list.none}
        </p>
      ) : (
        <ul
          className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white"
          data-testid="pathway-list"
        >
          {shown.map((r) => {
            const body = (
              <>
                <span className="flex flex-wrap items-center gap-2">
                  <span className="badge bg-brand-100 text-brand-800">{r.pathwayName[locale]}</span>
                  <span className="font-semibold" data-testid="pathway-patient">
                    {r.patientName ?? <span className="text-slate-500">{m.list.redactedPatient}</span>}
                  </span>
                  {r.regionalId && <span className="font-mono text-xs text-slate-500">{r.regionalId}</span>}
                </span>
                <span className="mt-1 block text-sm text-slate-600">
                  {m.list.stage}: {r.stageName[locale]}
                  {box === "current" && r.currentFacilityName && ` ・ ${r.currentFacilityName}`}
                  {box === "current" &&
                    r.admittedOn &&
                    ` ・ ${m.list.admittedOn} ${formatDate(r.admittedOn, locale)}`}
                  {box === "incoming" &&
                    r.requestedAt &&
                    ` ・ ${m.list.requestedAt} ${formatDateTime(r.requestedAt, locale)}`}
                  {box === "incoming" &&
                    r.plannedOn &&
                    ` ・ ${m.list.plannedOn} ${formatDate(r.plannedOn, locale)}`}
                </span>
              </>
            );
            return (
              <li key={`${r.enrolmentId}-${r.stageId}`} data-testid="pathway-row">
                {r.patientId ? (
                  <Link
                    href={`/pathways/${r.enrolmentId}`}
                    className="block min-h-11 px-4 py-3 hover:bg-brand-50"
                  >
                    {body}
                  </Link>
                ) : (
                  <div className="px-4 py-3">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {(page > 1 || hasNext) && (
        <nav className="flex justify-between gap-2">
          {page > 1 ? (
            <Link className="btn-secondary" href={href({ page: page - 1 })}>
              {m.list.previous}
            </Link>
          ) : (
            <span />
          )}
          {hasNext && (
            <Link className="btn-secondary" href={href({ page: page + 1 })}>
              {m.list.next}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
