import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError, type FieldIssue } from "@/server/errors";
import { PATHWAY_CODES, type PathwayCode } from "@/server/model/pathway-template";
import {
  destinationLabel,
  getPathwayStatistics,
  mayViewPathwayStatistics,
  pathwayLabel,
  stageLabel,
  varianceLabel,
  type PathwayStatistics,
} from "@/server/domain/pathways/pathway-statistics";
import { getI18n, type Locale, type Messages, titled } from "@/app/i18n";
import { RefusedCard } from "@/app/ui/refused-card";
import { BarChart, type Bar, type BarGroup } from "./bar-chart";
import { call } from "@/app/lib/call";
import { firstParam as one } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.carePathwayOutcomes");

type Search = Record<string, string | string[] | undefined>;
const round = (x: number) => Math.round(x * 10) / 10;

/**
 * The region's pathway outcomes (地域連携パスの成績) as charts: patients per
 * pathway and stage, length of stay against the plan, Barthel/FIM gain,
 * discharge destinations and variances; for a pathway and a period, and as CSV.
 */
export default async function PathwayStatisticsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const s = t.pathways.stats;
  if (!mayViewPathwayStatistics(me)) {
    return <RefusedCard testId="statistics-refused">{s.notAllowed}</RefusedCard>;
  }
  const search = await searchParams;
  const query = {
    pathway: one(search.pathway) || undefined,
    from: one(search.from) || undefined,
    to: one(search.to) || undefined,
  };
  let statistics: PathwayStatistics | null = null;
  let issues: FieldIssue[] = [];
  try {
    statistics = await call(getPathwayStatistics, me, query);
  } catch (e) {
    if (!isDomainError(e) || e.code !== "VALIDATION") throw e;
    issues = e.fields;
  }
  const errorOf = (field: string) => {
    const issue = issues.find((i) => i.field === field);
    return issue && tr(issue);
  };
  const csvQuery = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{s.title}</h1>
        <Link className="text-sm text-brand-700 underline" href="/pathways">
          {t.pathways.sheet.back}
        </Link>
      </div>
      <p className="text-sm text-slate-600">{s.help}</p>
      <form
        className="card grid gap-3 sm:grid-cols-4 sm:items-end"
        method="get"
        data-testid="statistics-filter"
      >
        <div>
          <label className="label" htmlFor="stats-pathway">
            {s.pathway}
          </label>
          <select className="input" id="stats-pathway" name="pathway" defaultValue={query.pathway ?? ""}>
            <option value="">{t.pathways.list.allPathways}</option>
            {PATHWAY_CODES.map((code) => (
              <option key={code} value={code}>
                {pathwayLabel(code)[locale]}
              </option>
            ))}
          </select>
          {errorOf("pathway") && <p className="field-error">{errorOf("pathway")}</p>}
        </div>
        <div>
          <label className="label" htmlFor="stats-from">
            {s.from}
          </label>
          <input className="input" type="date" id="stats-from" name="from" defaultValue={query.from} />
          {errorOf("from") && <p className="field-error">{errorOf("from")}</p>}
        </div>
        <div>
          <label className="label" htmlFor="stats-to">
            {s.to}
          </label>
          <input className="input" type="date" id="stats-to" name="to" defaultValue={query.to} />
          {errorOf("to") && <p className="field-error">{errorOf("to")}</p>}
        </div>
        <div className="flex flex-wrap gap-2">
          <button className="btn-primary">{s.show}</button>
          {statistics && (
            <a
              className="btn-secondary"
              href={`/api/pathways/statistics.csv${csvQuery ? `?${csvQuery}` : ""}`}
              data-testid="statistics-csv"
              download
            >
              {s.csv}
            </a>
          )}
        </div>
      </form>
      {statistics && <Charts statistics={statistics} t={t} locale={locale} />}
    </div>
  );
}

function Charts({
  statistics: st,
  t,
  locale,
}: {
  statistics: PathwayStatistics;
  t: Messages;
  locale: Locale;
}) {
  const s = t.pathways.stats;
  const codes = PATHWAY_CODES.filter((c) => !st.query.pathway || st.query.pathway === c);
  const groups = (bars: (code: PathwayCode) => Bar[]): BarGroup[] =>
    codes.map((code) => ({ heading: pathwayLabel(code)[locale], bars: bars(code) }));
  const stage = (code: PathwayCode, key: string) => stageLabel(code, key)[locale];
  const gainName = (instrument: "barthel" | "fim") => (instrument === "barthel" ? "Barthel Index" : "FIM");

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <BarChart
        title={s.enrolments}
        testId="chart-enrolments"
        empty={s.none}
        groups={groups((code) =>
          st.enrolments
            .filter((r) => r.pathway === code)
            .map((r) => ({ label: t.pathways.statuses[r.status], value: r.n, text: s.patients(r.n) })),
        )}
      />
      <BarChart
        title={s.stages}
        testId="chart-stages"
        empty={s.none}
        groups={groups((code) =>
          st.stages
            .filter((r) => r.pathway === code)
            .map((r) => ({
              label: stage(code, r.stageKey),
              value: r.patients,
              text: `${s.reached} ${s.patients(r.patients)}`,
              note: s.inStage(r.inStage),
            })),
        )}
      />
      <BarChart
        title={s.lengthOfStay}
        testId="chart-length-of-stay"
        empty={s.none}
        groups={groups((code) =>
          st.lengthOfStay
            .filter((r) => r.pathway === code)
            .map((r) => ({
              label: stage(code, r.stageKey),
              value: round(r.median),
              text: s.median(round(r.median), r.n),
              marker:
                r.targetDays === null ? undefined : { value: r.targetDays, text: s.target(r.targetDays) },
            })),
        )}
      />
      <BarChart
        title={s.gains}
        testId="chart-gains"
        empty={s.none}
        groups={groups((code) =>
          st.gains
            .filter((r) => r.pathway === code)
            .map((r) => ({
              label: `${stage(code, r.stageKey)} ${gainName(r.instrument)}`,
              value: round(r.median),
              text: s.gain(round(r.median), r.n),
            })),
        )}
      />
      <BarChart
        title={s.destinations}
        testId="chart-destinations"
        empty={s.none}
        groups={groups((code) =>
          st.dischargeDestinations
            .filter((r) => r.pathway === code)
            .map((r) => ({
              label: destinationLabel(code, r.destination)[locale],
              note: stage(code, r.stageKey),
              value: r.n,
              text: s.patients(r.n),
            })),
        )}
      />
      <BarChart
        title={s.variances}
        testId="chart-variances"
        empty={s.none}
        groups={groups((code) =>
          st.variances
            .filter((r) => r.pathway === code)
            .map((r) => ({
              label: varianceLabel(r.category)[locale],
              note: stage(code, r.stageKey),
              value: r.n,
              text: `${s.count(r.n)}${r.delayDays > 0 ? ` ・ ${s.delay(r.delayDays)}` : ""}`,
            })),
        )}
      />
    </div>
  );
}
