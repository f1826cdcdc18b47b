import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { professionMaySee } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import { listSummaries, type SummaryList } from "@/server/domain/summaries/list-summaries";
import { summaryDataKind } from "@/server/domain/summaries/load-summary";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { SummaryStatusBadge } from "./status-badge";
import { NewSummaryPanel } from "./new-summary-panel";
import { SUMMARY_AUTHOR_PROFESSIONS } from "@/server/domain/summaries/load-summary";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.dischargeSummaries");

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The notifications that change what the worklist shows. */
const SUMMARY_KINDS = ["summary_received", "summary_acknowledged"] as const;

export default async function SummariesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.summaries;
  if (!professionMaySee(me.profession, summaryDataKind(me.profession))) {
    return <p className="card text-slate-700">{m.notAllowed}</p>;
  }
  const search = await searchParams;
  // summaries are written at hospitals: elsewhere there is only the inbox
  const writesHere = me.facilityKind === "hospital";
  const box = writesHere && one(search.tab) === "outbox" ? "outbox" : "inbox";
  const unacknowledged = box === "inbox" && one(search.unacknowledged) === "1";
  const page = Number(one(search.page)) || 1;

  let list: SummaryList;
  try {
    list = await call(listSummaries, me, {
      box,
      unacknowledged: unacknowledged ? "1" : undefined,
      page: String(page),
    });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <RefusedCard>{tr(e.fields[0] ?? e)}</RefusedCard>;
  }
  const href = (change: { unacknowledged?: boolean; page?: number }) => {
    const params = new URLSearchParams({ tab: box });
    if (change.unacknowledged ?? unacknowledged) params.set("unacknowledged", "1");
    if ((change.page ?? 1) > 1) params.set("page", String(change.page));
    return `/summaries?${params.toString()}`;
  };
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const chip = (active: boolean) =>
    `badge min-h-9 px-3 ${active ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800"}`;

  return (
    <div className="space-y-4">
      <LiveRefresh kinds={SUMMARY_KINDS} />
      <h1 className="text-xl font-bold">{m.title}</h1>
      {writesHere && SUMMARY_AUTHOR_PROFESSIONS.includes(me.profession) && (
        <NewSummaryPanel
          labels={{
            title: m.newSummary,
            help: m.newSummaryHelp,
            start: m.newSummary,
            starting: m.starting,
            patient: { ...t.referrals.patientPicker, searchButton: t.common.actions.search },
          }}
        />
      )}
      <nav className="flex gap-1 border-b border-slate-200" aria-label={m.title}>
        {(writesHere ? (["inbox", "outbox"] as const) : (["inbox"] as const)).map((name) => (
          <Link
            key={name}
            href={`/summaries?tab=${name}`}
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

      {box === "inbox" && (
        <ul className="flex flex-wrap gap-2">
          <li>
            <Link href={href({ unacknowledged: false })} className={chip(!unacknowledged)}>
              {m.list.all}
            </Link>
          </li>
          <li>
            <Link
              href={href({ unacknowledged: true })}
              className={chip(unacknowledged)}
              data-testid="filter-unacknowledged"
            >
              {m.list.unacknowledgedOnly}{" "}
              <span data-testid="unacknowledged-count">{list.unacknowledged}</span>
            </Link>
          </li>
        </ul>
      )}

      {list.summaries.length === 0 ? (
        <p className="card text-slate-700">{m.list.none}</p>
      ) : (
        <ul
          className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white"
          data-testid="summary-list"
        >
          {list.summaries.map((s) => {
            const line = (
              <>
                <span className="flex flex-wrap items-center gap-2">
                  {box === "inbox" ? (
                    <span
                      className={`badge ${s.acknowledged ? "bg-green-100 text-green-800" : "bg-amber-500 text-white"}`}
                      data-testid="ack-badge"
                    >
                      {s.acknowledged ? m.list.acknowledged : m.list.unacknowledged}
                    </span>
                  ) : (
                    <SummaryStatusBadge status={s.status} label={m.statuses[s.status]} />
                  )}
                  <span className="font-semibold" data-testid="summary-patient">
                    {s.patient?.name ?? <span className="text-slate-500">{m.list.redactedPatient}</span>}
                  </span>
                  {s.patient && (
                    <span className="font-mono text-xs text-slate-500">{s.patient.regionalId}</span>
                  )}
                </span>
                <span className="text-sm text-slate-700">
                  {box === "inbox"
                    ? `${m.list.from}: ${s.authorFacilityName}`
                    : s.sentVersion > 0
                      ? m.list.acks(s.ackCount, s.recipientCount)
                      : ""}
                </span>
                <span className="flex flex-wrap gap-x-4 text-xs text-slate-500">
                  {s.sentVersion > 0 && <span>{m.list.version(s.sentVersion)}</span>}
                  {s.lastSentAt ? (
                    <span>
                      {m.list.sentAt}: {formatDateTime(s.lastSentAt, locale)}
                    </span>
                  ) : (
                    <span>
                      {m.list.updatedAt}: {formatDateTime(s.updatedAt, locale)}
                    </span>
                  )}
                  {s.documentNumber && (
                    <span>
                      {m.list.documentNumber}: {s.documentNumber}
                    </span>
                  )}
                </span>
              </>
            );
            return (
              <li
                key={s.id}
                data-testid="summary-row"
                data-status={s.status}
                data-acknowledged={s.acknowledged ? "true" : "false"}
              >
                {s.patient ? (
                  <Link
                    href={
                      box === "outbox" && s.status === "draft"
                        ? `/summaries/${s.id}/edit`
                        : `/summaries/${s.id}`
                    }
                    className="flex flex-col gap-1 px-4 py-3 hover:bg-brand-50"
                  >
                    {line}
                  </Link>
                ) : (
                  // outside the patient's consent: the line stays, names no one and opens nothing
                  <div className="flex flex-col gap-1 px-4 py-3">{line}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {pages > 1 && (
        <nav
          className="flex items-center justify-between gap-2 text-sm"
          aria-label={m.list.page(page, pages)}
        >
          {page > 1 ? (
            <Link className="btn-secondary" href={href({ page: page - 1 })}>
              {m.list.previous}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600">{m.list.page(page, pages)}</span>
          {page < pages ? (
            <Link className="btn-secondary" href={href({ page: page + 1 })}>
              {m.list.next}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
      <p className="text-xs text-slate-500">{m.live}</p>
    </div>
  );
}
