import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { professionMaySee } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import { getFacility } from "@/server/domain/facilities/manage-facilities";
import { adviceAnswerers, listAdviceRequests } from "@/server/domain/referrals/advice-requests";
import { REFERRAL_TRIAGE_PROFESSIONS } from "@/server/domain/referrals/load-referral";
import { listReferrals } from "@/server/domain/referrals/list-referrals";
import { REFERRAL_AUTHOR_PROFESSIONS } from "@/server/domain/referrals/load-referral";
import { listReferralDestinations } from "@/server/domain/referrals/referral-destination";
import { REFERRAL_STATUSES, type ReferralStatus } from "@/server/domain/referrals/referral-status";
import { formatDate, formatDateTime, getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { AdviceAnswerForm, AdviceRouteForm, AskAdviceForm, ReferFromAdviceButton } from "./advice-forms";
import { statusLabel } from "./status-badge";
import { ReferralRows } from "./referral-rows";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";
import { firstParam as one } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.referrals");

type Search = Record<string, string | string[] | undefined>;

export default async function ReferralsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requirePractitioner();
  const { t } = await getI18n();
  const r = t.referrals;
  if (!professionMaySee(me.profession, "clinical")) {
    return <p className="card text-slate-700">{t.common.errors.forbidden}</p>;
  }
  const search = await searchParams;
  const tab = one(search.tab) === "outbox" ? "outbox" : one(search.tab) === "advice" ? "advice" : "inbox";
  const isAuthor = REFERRAL_AUTHOR_PROFESSIONS.includes(me.profession);

  return (
    <div className="space-y-4">
      <LiveRefresh />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{r.title}</h1>
        {isAuthor && (
          <Link href="/referrals/new" className="btn-primary">
            {r.newReferral}
          </Link>
        )}
      </div>
      <nav className="flex gap-1 border-b border-slate-200" aria-label={r.title}>
        {(["inbox", "outbox", "advice"] as const).map((name) => (
          <Link
            key={name}
            href={`/referrals?tab=${name}`}
            aria-current={tab === name ? "page" : undefined}
            className={`-mb-px min-h-11 border-b-2 px-4 py-2 text-sm font-medium ${
              tab === name
                ? "border-brand-600 text-brand-700"
                : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
            data-testid={`tab-${name}`}
          >
            {r.tabs[name]}
          </Link>
        ))}
      </nav>
      {tab === "advice" ? <AdviceTab isAuthor={isAuthor} /> : <Worklist box={tab} search={search} />}
      <p className="text-xs text-slate-500">{r.live}</p>
    </div>
  );
}

async function Worklist({ box, search }: { box: "inbox" | "outbox"; search: Search }) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const r = t.referrals;
  const reader = box === "inbox" ? "receiver" : "sender";
  const filters = {
    status: one(search.status) || undefined,
    priority: one(search.priority) || undefined,
    departmentId: one(search.departmentId) || undefined,
    overdue: one(search.overdue) === "1" ? true : undefined,
  };
  // the inbox filters by this facility's own departments; the outbox by status and priority.
  // Asked for beside the list, not after it (the facility's own row: no patient data)
  const departmentsRead =
    box === "inbox"
      ? call(getFacility, me.facilityId).then((f) => f.departments.filter((d) => d.acceptsReferrals))
      : Promise.resolve([]);
  // a refused list returns before these are awaited: a failure then is not an unhandled rejection
  departmentsRead.catch(() => undefined);
  let list: Awaited<ReturnType<typeof listReferrals>>;
  try {
    list = await call(listReferrals, me, { box, ...filters });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <RefusedCard>{tr(e.fields[0] ?? e)}</RefusedCard>;
  }
  const departments = await departmentsRead;
  const href = (change: Record<string, string | undefined>) => {
    const params = new URLSearchParams({ tab: box });
    for (const [k, v] of Object.entries({
      ...filters,
      overdue: filters.overdue ? "1" : undefined,
      ...change,
    }))
      if (v) params.set(k, String(v));
    return `/referrals?${params.toString()}`;
  };

  return (
    <div className="space-y-4">
      <ul className="flex flex-wrap gap-2" data-testid="status-counts">
        <li>
          <Link
            href={href({ status: undefined })}
            className={`badge min-h-9 px-3 ${!filters.status ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800"}`}
          >
            {r.filters.all} {list.total}
          </Link>
        </li>
        {REFERRAL_STATUSES.filter((s) => box === "outbox" || s !== "draft").map((s) => (
          <li key={s}>
            <Link
              href={href({ status: s })}
              data-testid={`count-${s}`}
              className={`badge min-h-9 px-3 ${filters.status === s ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800"}`}
            >
              {statusLabel(s, t, reader)} <span data-testid={`count-${s}-value`}>{list.counts[s]}</span>
            </Link>
          </li>
        ))}
        <li>
          <Link
            href={href({ overdue: filters.overdue ? undefined : "1" })}
            className={`badge min-h-9 px-3 ${filters.overdue ? "bg-red-600 text-white" : "bg-red-50 text-red-800"}`}
          >
            {r.overdue} {list.overdue}
          </Link>
        </li>
      </ul>

      <form method="get" className="card grid gap-3 sm:grid-cols-5 sm:items-end" aria-label={r.filters.title}>
        <input type="hidden" name="tab" value={box} />
        <div>
          <label className="label" htmlFor="filter-status">
            {r.filters.status}
          </label>
          <select className="input" id="filter-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">{r.filters.all}</option>
            {REFERRAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s, t, reader)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="filter-priority">
            {r.filters.priority}
          </label>
          <select
            className="input"
            id="filter-priority"
            name="priority"
            defaultValue={filters.priority ?? ""}
          >
            <option value="">{r.filters.all}</option>
            <option value="urgent">{r.priorities.urgent}</option>
            <option value="routine">{r.priorities.routine}</option>
          </select>
        </div>
        {box === "inbox" && (
          <div>
            <label className="label" htmlFor="filter-department">
              {r.filters.department}
            </label>
            <select
              className="input"
              id="filter-department"
              name="departmentId"
              defaultValue={filters.departmentId ?? ""}
            >
              <option value="">{r.filters.all}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="overdue"
            value="1"
            defaultChecked={!!filters.overdue}
            className="size-5"
          />
          {r.filters.overdueOnly}
        </label>
        <div className="flex gap-2">
          <button className="btn-primary">{r.filters.apply}</button>
          <Link href={`/referrals?tab=${box}`} className="btn-secondary">
            {r.filters.clear}
          </Link>
        </div>
      </form>

      {list.items.length === 0 ? (
        <p className="card text-slate-700">{r.list.none}</p>
      ) : (
        <ReferralRows
          rows={list.items.map((item) => ({
            id: item.id,
            href:
              box === "outbox" && item.status === "draft"
                ? `/referrals/${item.id}/edit`
                : `/referrals/${item.id}`,
            status: item.status,
            urgent: item.priority === "urgent",
            overdue: item.overdue,
            patientName: item.patientName,
            patientRegionalId: item.patientRegionalId,
            counterpartFacility: item.counterpartFacility,
            departmentName: item.departmentName,
            referrerName: box === "inbox" ? item.referrerName : null,
            sentAt: item.sentAt && formatDateTime(item.sentAt, locale),
            requestedBy: item.requestedBy && formatDate(item.requestedBy, locale),
            appointmentAt: item.appointmentAt && formatDateTime(item.appointmentAt, locale),
            documentNumber: item.documentNumber,
          }))}
          labels={{
            statuses: Object.fromEntries(
              REFERRAL_STATUSES.map((s) => [s, statusLabel(s, t, reader)]),
            ) as Record<ReferralStatus, string>,
            urgent: r.priorities.urgent,
            overdue: r.overdue,
            redactedPatient: r.list.redactedPatient,
            counterpart: box === "inbox" ? r.list.from : r.list.to,
            referrer: r.list.referrer,
            sentAt: r.list.sentAt,
            requestedBy: r.list.requestedBy,
            appointment: r.list.appointment,
            documentNumber: r.list.documentNumber,
          }}
        />
      )}
    </div>
  );
}

async function AdviceTab({ isAuthor }: { isAuthor: boolean }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const a = t.referrals.advice;
  const requests = await call(listAdviceRequests, me);
  const destinations = isAuthor ? await call(listReferralDestinations, me) : [];
  const received = requests.filter((x) => x.advice.destinationFacilityId === me.facilityId);
  const asked = requests.filter((x) => x.advice.askerFacilityId === me.facilityId);
  // the liaison office (and its nurses) routes open requests to one of the facility's doctors,
  // who answer themselves
  const mayRoute = REFERRAL_TRIAGE_PROFESSIONS.includes(me.profession) && !isAuthor;
  const doctors =
    mayRoute && received.some((x) => x.advice.status === "open")
      ? (await call(adviceAnswerers, me.facilityId)).map((d) => ({
          id: d.id,
          name: `${d.familyName} ${d.givenName}`,
        }))
      : [];

  const section = (title: string, rows: typeof requests, side: "asked" | "received") => (
    <section className="space-y-2" data-testid={`advice-${side}`}>
      <h2 className="font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="card text-sm text-slate-600">{a.none}</p>
      ) : (
        <ul className="space-y-2">
          {rows.map((x) => (
            <li
              key={x.advice.id}
              id={`advice-${x.advice.id}`}
              className="card space-y-2"
              data-testid="advice-row"
              data-status={x.advice.status}
            >
              <p className="flex flex-wrap items-center gap-2 text-sm">
                {/* once a letter follows, the entry shows where the letter stands */}
                <span className="badge bg-slate-100 text-slate-800" data-testid="advice-status">
                  {x.referralStatus && x.inConsent
                    ? `${a.letterStatus}：${t.referrals.statuses[x.referralStatus]}`
                    : a.statuses[x.advice.status]}
                </span>
                <span className="font-semibold">{x.patientName ?? a.redacted}</span>
                <span className="text-slate-600">
                  {side === "asked"
                    ? `→ ${x.destinationFacility} ${x.departmentName}`
                    : `← ${x.askerFacility} ${x.askerName}`}
                </span>
                <span className="text-xs text-slate-500 sm:ml-auto">
                  {formatDateTime(x.advice.createdAt, locale)}
                </span>
              </p>
              {x.advice.question && (
                <p className="text-sm whitespace-pre-wrap">
                  <span className="font-medium">{a.question}: </span>
                  {x.advice.question}
                </p>
              )}
              {x.assigneeName && x.advice.status === "open" && (
                <p className="text-sm text-slate-700" data-testid="advice-assignee">
                  {a.assignedTo(x.assigneeName)}
                </p>
              )}
              {x.advice.answer && (
                <div className="rounded-md bg-brand-50 p-2 text-sm" data-testid="advice-answer">
                  {x.answererName && x.advice.answeredAt && (
                    <p className="mb-1 text-xs text-slate-600" data-testid="advice-answered-by">
                      {a.answeredBy(x.answererName, formatDateTime(x.advice.answeredAt, locale))}
                    </p>
                  )}
                  <p className="whitespace-pre-wrap">
                    <span className="font-medium">{a.answer}: </span>
                    {x.advice.answer}
                  </p>
                </div>
              )}
              {x.advice.referralId && x.inConsent && (
                <p className="text-sm">
                  <Link className="text-brand-700 underline" href={`/referrals/${x.advice.referralId}`}>
                    {a.openReferral}
                  </Link>
                </p>
              )}
              {side === "asked" &&
                isAuthor &&
                x.inConsent &&
                x.advice.status === "answered" &&
                !x.advice.referralId && (
                  <ReferFromAdviceButton adviceRequestId={x.advice.id} label={a.referFromAdvice} />
                )}
              {side === "received" && x.advice.status === "open" && mayRoute && x.inConsent && (
                <AdviceRouteForm
                  adviceRequestId={x.advice.id}
                  doctors={doctors}
                  labels={{ route: a.route, routeChoose: a.routeChoose, routed: a.routed }}
                />
              )}
              {side === "received" && x.advice.status === "open" && isAuthor && x.inConsent && (
                <AdviceAnswerForm
                  adviceRequestId={x.advice.id}
                  labels={{
                    answer: a.answer,
                    answerAction: a.answerAction,
                    convert: a.convert,
                    convertHelp: a.convertHelp,
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">{a.help}</p>
      {isAuthor && (
        <AskAdviceForm
          destinations={destinations}
          kindLabels={t.common.facilityKinds}
          labels={{
            title: a.title,
            question: a.question,
            ask: a.ask,
            sent: a.sent,
            patient: { ...t.referrals.patientPicker, searchButton: t.common.actions.search },
            destination: t.referrals.destination,
          }}
        />
      )}
      {section(a.received, received, "received")}
      {section(a.asked, asked, "asked")}
    </div>
  );
}
