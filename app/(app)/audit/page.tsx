import type { Metadata } from "next";
import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isNetworkAdmin } from "@/server/model/permissions";
import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditOutcome,
  type AuditPurpose,
} from "@/server/domain/audit/audit.schema";
import { patientAccessHistory, type AuditRow } from "@/server/domain/audit/patient-access-history";
import { searchAuditEvents } from "@/server/domain/audit/search-audit-events";
import { listFacilities } from "@/server/domain/facilities/manage-facilities";
import { formatDateTime, getI18n, type Locale, type Messages } from "@/app/i18n";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { AuditDetails } from "./audit-details";
import { VerifyChain } from "./verify-chain";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.audit.title };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const FILTER_FIELDS = ["patientId", "actorId", "facilityId", "action", "outcome", "from", "to"] as const;
type FilterField = (typeof FILTER_FIELDS)[number];
/** Events per page: a full page means there may be older events. */
const PAGE_SIZE = 100;

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value.trim() : "");

const OUTCOME_STYLE: Record<AuditOutcome, { row: string; badge: string }> = {
  success: { row: "border-slate-200 bg-white", badge: "bg-green-100 text-green-800" },
  denied: { row: "border-red-300 bg-red-50", badge: "bg-red-600 text-white" },
  failure: { row: "border-amber-300 bg-amber-50", badge: "bg-amber-500 text-white" },
};

/** The network office's audit log: search, "older" paging, a patient's access history and the tamper check. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  if (!isNetworkAdmin(me)) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">{t.audit.title}</h1>
        <p role="alert" className="card border-red-200 bg-red-50 text-red-800" data-testid="forbidden">
          {t.common.errors.forbidden}
        </p>
      </div>
    );
  }

  const params = await searchParams;
  const historyMode = params.historyFor !== undefined;
  const historyFor = single(params.historyFor);

  const history = historyMode
    ? await runAction(async () => (await call(patientAccessHistory, me, { patientId: historyFor })).rows)
    : null;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t.audit.title}</h1>
        <p className="mt-1 text-sm text-slate-600">{t.audit.help}</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <HistoryForm
          t={t}
          patientId={historyFor}
          error={Boolean(history && fieldErrors(history).patientId)}
        />
        <section className="card" aria-labelledby="chain-title">
          <h2 id="chain-title" className="text-lg font-semibold">
            {t.audit.chain.title}
          </h2>
          <p className="mb-3 text-sm text-slate-600">{t.audit.chain.help}</p>
          <VerifyChain t={t.audit.chain} forbidden={t.common.errors.forbidden} />
        </section>
      </div>
      {history ? (
        <PatientHistory patientId={historyFor} result={history} t={t} locale={locale} />
      ) : (
        <AuditSearch params={params} facilities={await call(listFacilities)} t={t} locale={locale} me={me} />
      )}
    </div>
  );
}

async function AuditSearch({
  params,
  facilities,
  t,
  locale,
  me,
}: {
  params: Awaited<SearchParams>;
  facilities: { id: string; name: string }[];
  t: Messages;
  locale: Locale;
  me: Awaited<ReturnType<typeof requirePractitioner>>;
}) {
  const values = Object.fromEntries(FILTER_FIELDS.map((f) => [f, single(params[f])])) as Record<
    FilterField,
    string
  >;
  const filters: Record<string, string> = Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== ""),
  );
  const beforeSeq = single(params.beforeSeq);
  if (beforeSeq) filters.beforeSeq = beforeSeq;

  const result = await runAction(async () => call(searchAuditEvents, me, { ...filters, limit: PAGE_SIZE }));
  const invalid = fieldErrors(result);
  const f = t.audit.filter;
  const errorFor = (field: FilterField) => {
    if (!invalid[field]) return null;
    const message =
      field === "from" || field === "to"
        ? f.invalidDate
        : field === "patientId"
          ? f.invalidPatient
          : field === "actorId" || field === "facilityId"
            ? f.invalidUuid
            : f.invalid;
    return (
      <p className="field-error" id={`${field}-error`} data-testid={`filter-error-${field}`}>
        {message}
      </p>
    );
  };
  const aria = (field: FilterField) =>
    invalid[field] ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {};
  // Errors on fields the form does not show (a hand-edited beforeSeq, say) go in the banner.
  const otherErrors = result.ok
    ? []
    : result.error.fields.filter((e) => !(FILTER_FIELDS as readonly string[]).includes(e.field));

  const rows = result.ok ? result.data : [];
  const last = rows.at(-1);
  const olderHref =
    rows.length >= PAGE_SIZE && last
      ? `/audit?${new URLSearchParams({ ...filters, beforeSeq: String(last.seq) }).toString()}`
      : null;
  const newestParams = new URLSearchParams(Object.entries(filters).filter(([k]) => k !== "beforeSeq"));

  return (
    <>
      <form
        method="get"
        action="/audit"
        className="card space-y-4"
        role="search"
        aria-labelledby="filter-title"
      >
        <h2 id="filter-title" className="text-lg font-semibold">
          {f.title}
        </h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <label className="label" htmlFor="patientId">
              {f.patientId}
            </label>
            <input
              className="input font-mono"
              id="patientId"
              name="patientId"
              defaultValue={values.patientId}
              autoComplete="off"
              {...aria("patientId")}
            />
            {errorFor("patientId")}
          </div>
          <div>
            <label className="label" htmlFor="actorId">
              {f.actorId}
            </label>
            <input
              className="input font-mono"
              id="actorId"
              name="actorId"
              defaultValue={values.actorId}
              autoComplete="off"
              {...aria("actorId")}
            />
            {errorFor("actorId")}
          </div>
          <div>
            <label className="label" htmlFor="facilityId">
              {f.facility}
            </label>
            <select
              className="input"
              id="facilityId"
              name="facilityId"
              defaultValue={values.facilityId}
              {...aria("facilityId")}
            >
              <option value="">{f.allFacilities}</option>
              {facilities.map((fac) => (
                <option key={fac.id} value={fac.id}>
                  {fac.name}
                </option>
              ))}
            </select>
            {errorFor("facilityId")}
          </div>
          <div>
            <label className="label" htmlFor="action">
              {f.action}
            </label>
            <select
              className="input"
              id="action"
              name="action"
              defaultValue={values.action}
              {...aria("action")}
            >
              <option value="">{f.allActions}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t.audit.actions[a]}
                </option>
              ))}
            </select>
            {errorFor("action")}
          </div>
          <div>
            <label className="label" htmlFor="outcome">
              {f.outcome}
            </label>
            <select
              className="input"
              id="outcome"
              name="outcome"
              defaultValue={values.outcome}
              {...aria("outcome")}
            >
              <option value="">{f.allOutcomes}</option>
              {(Object.keys(t.audit.outcomes) as AuditOutcome[]).map((o) => (
                <option key={o} value={o}>
                  {t.audit.outcomes[o]}
                </option>
              ))}
            </select>
            {errorFor("outcome")}
          </div>
          <div>
            <label className="label" htmlFor="from">
              {f.from}
            </label>
            <input
              className="input"
              id="from"
              name="from"
              type="date"
              defaultValue={values.from}
              {...aria("from")}
            />
            {errorFor("from")}
          </div>
          <div>
            <label className="label" htmlFor="to">
              {f.to}
            </label>
            <input className="input" id="to" name="to" type="date" defaultValue={values.to} {...aria("to")} />
            {errorFor("to")}
          </div>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-end lg:flex-col lg:items-stretch lg:justify-end">
            <button type="submit" className="btn-primary">
              {f.search}
            </button>
            <Link href="/audit" className="btn-secondary">
              {f.clear}
            </Link>
          </div>
        </div>
      </form>

      {!result.ok && (result.error.fields.length === 0 || otherErrors.length > 0) && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {result.error.code === "FORBIDDEN"
            ? t.common.errors.forbidden
            : otherErrors.length > 0
              ? `${f.invalid}: ${otherErrors.map((e) => e.field).join(", ")}`
              : result.error.message}
        </p>
      )}
      {result.ok && (
        <section aria-label={t.audit.title} className="space-y-3">
          <AuditEventList rows={rows} t={t} locale={locale} />
          <div className="flex flex-wrap gap-2">
            {filters.beforeSeq && (
              <Link
                className="btn-secondary"
                href={`/audit${newestParams.size ? `?${newestParams.toString()}` : ""}`}
              >
                {t.audit.newest}
              </Link>
            )}
            {olderHref && (
              <Link className="btn-secondary" href={olderHref} data-testid="audit-older">
                {t.audit.older} →
              </Link>
            )}
          </div>
        </section>
      )}
    </>
  );
}

function HistoryForm({ t, patientId, error }: { t: Messages; patientId: string; error?: boolean }) {
  const h = t.audit.history;
  return (
    <form method="get" action="/audit" className="card space-y-3" aria-labelledby="history-title">
      <h2 id="history-title" className="text-lg font-semibold">
        {h.title}
      </h2>
      <p className="text-sm text-slate-600">{h.help}</p>
      <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start">
        <div>
          <label className="label sr-only" htmlFor="historyFor">
            {h.patientId}
          </label>
          <input
            className="input font-mono"
            id="historyFor"
            name="historyFor"
            defaultValue={patientId}
            placeholder={h.patientId}
            autoComplete="off"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "historyFor-error" : undefined}
          />
          {error && (
            <p className="field-error" id="historyFor-error" data-testid="filter-error-historyFor">
              {t.audit.filter.invalidPatient}
            </p>
          )}
        </div>
        <button type="submit" className="btn-primary">
          {h.show}
        </button>
      </div>
    </form>
  );
}

function PatientHistory({
  patientId,
  result,
  t,
  locale,
}: {
  patientId: string;
  result: ActionResult<AuditRow[]>;
  t: Messages;
  locale: Locale;
}) {
  const invalid = fieldErrors(result);
  return (
    <>
      <Link
        href="/audit"
        className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline"
      >
        ← {t.audit.history.back}
      </Link>
      {!result.ok && !invalid.patientId && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {result.error.code === "FORBIDDEN" ? t.common.errors.forbidden : result.error.message}
        </p>
      )}
      {result.ok && (
        <section aria-labelledby="history-heading" className="space-y-3">
          <h2 id="history-heading" className="text-lg font-semibold">
            {t.audit.history.heading}: <span className="font-mono text-base break-all">{patientId}</span>
          </h2>
          <AuditEventList rows={result.data} t={t} locale={locale} />
        </section>
      )}
    </>
  );
}

function AuditEventList({ rows, t, locale }: { rows: AuditRow[]; t: Messages; locale: Locale }) {
  if (rows.length === 0) return <p className="card text-sm text-slate-600">{t.audit.noResults}</p>;
  const c = t.audit.columns;
  const cell = "flex justify-between gap-3 py-1 lg:table-cell lg:px-3 lg:py-2 lg:align-top";
  const label = (text: string) => <span className="shrink-0 text-slate-500 lg:hidden">{text}</span>;
  return (
    <table className="block w-full text-sm lg:table lg:rounded-lg lg:border lg:border-slate-200 lg:bg-white lg:shadow-sm">
      <thead className="hidden bg-slate-50 text-left text-xs text-slate-600 lg:table-header-group">
        <tr>
          <th className="px-3 py-2 font-medium">{c.time}</th>
          <th className="px-3 py-2 font-medium">{c.actor}</th>
          <th className="px-3 py-2 font-medium">{c.action}</th>
          <th className="px-3 py-2 font-medium">{c.purpose}</th>
          <th className="px-3 py-2 font-medium">{c.outcome}</th>
          <th className="px-3 py-2 font-medium">{c.patient}</th>
          <th className="px-3 py-2 font-medium">{c.details}</th>
        </tr>
      </thead>
      <tbody className="block space-y-3 lg:table-row-group lg:space-y-0">
        {rows.map((row) => {
          const style = OUTCOME_STYLE[row.outcome];
          return (
            <tr
              key={row.id}
              data-testid="audit-row"
              data-seq={row.seq}
              data-action={row.action}
              data-outcome={row.outcome}
              className={`block rounded-lg border p-4 shadow-sm lg:table-row lg:rounded-none lg:border-0 lg:border-t lg:p-0 lg:shadow-none ${style.row}`}
            >
              <td className={cell}>
                {label(c.time)}
                <span className="text-right lg:text-left">
                  <time dateTime={row.occurredAt.toISOString()} className="whitespace-nowrap">
                    {formatDateTime(row.occurredAt, locale)}
                  </time>
                  <span className="block font-mono text-xs text-slate-400">#{row.seq}</span>
                </span>
              </td>
              <td className={cell}>
                {label(c.actor)}
                <span className="text-right lg:text-left">
                  {row.actorId ? (
                    <Link
                      href={`/audit?actorId=${row.actorId}`}
                      className="text-brand-700 hover:underline"
                      title={t.audit.filterByActor}
                    >
                      {row.actorName ?? t.audit.unknownActor}
                    </Link>
                  ) : (
                    <span className="text-slate-500">{t.audit.systemActor}</span>
                  )}
                  {row.actorLoginId && (
                    <span className="block font-mono text-xs text-slate-600">{row.actorLoginId}</span>
                  )}
                  {row.actorFacilityName && (
                    <span className="block text-xs text-slate-500">{row.actorFacilityName}</span>
                  )}
                </span>
              </td>
              <td className={cell}>
                {label(c.action)}
                <span className="text-right lg:text-left">
                  {t.audit.actions[row.action as AuditAction] ?? row.action}
                  <span className="block font-mono text-xs text-slate-400">{row.action}</span>
                </span>
              </td>
              <td className={cell}>
                {label(c.purpose)}
                {t.audit.purposes[row.purpose as AuditPurpose] ?? row.purpose}
              </td>
              <td className={cell}>
                {label(c.outcome)}
                <span className={`badge ${style.badge}`}>{t.audit.outcomes[row.outcome]}</span>
              </td>
              <td className={cell}>
                {label(c.patient)}
                {row.patientId ? (
                  <Link
                    href={`/audit?historyFor=${row.patientRegionalId ?? row.patientId}`}
                    className="text-right text-brand-700 hover:underline lg:text-left"
                    title={t.audit.showHistory}
                    data-testid="audit-patient"
                  >
                    <span className="block font-mono text-xs">{row.patientRegionalId ?? row.patientId}</span>
                    {row.patientName && <span className="block">{row.patientName}</span>}
                  </Link>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className="block py-1 lg:table-cell lg:max-w-xs lg:px-3 lg:py-2 lg:align-top">
                <span className="text-slate-500 lg:hidden">{c.details}</span>
                <AuditDetails details={row.details} t={t} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
