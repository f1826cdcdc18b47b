import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import {
  CONSENT_RECORDING_PROFESSIONS,
  hasRole,
  isNetworkAdmin,
  professionMaySee,
} from "@/server/model/permissions";
import { PATHWAY_DATA } from "@/server/domain/pathways/load-enrolment";
import { mayRecordConsentAt } from "@/server/domain/consent/consent-authority";
import { listBreakGlassGrants } from "@/server/domain/consent/break-glass";
import { loadDayWork } from "@/server/domain/worklist/day-work";
import { listNextHomeVisits } from "@/server/domain/care-team/home-visits";
import { formatDateTime, getI18n } from "../i18n";
import { call } from "@/app/lib/call";

export default async function HomePage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const pendingReviews = hasRole(me, "network_admin")
    ? (await call(listBreakGlassGrants, me, { onlyUnreviewed: true })).length
    : null;
  const work = await call(loadDayWork, me);
  const visits = await call(listNextHomeVisits, me);
  const d = t.patients.dayWork;
  // What this practitioner's profession and roles let them do, most frequent first.
  const k = t.patients.tasks;
  const tasks = [
    { href: "/patients", label: k.search, show: me.profession !== "clerk" || !isNetworkAdmin(me) },
    {
      href: "/patients/new",
      label: k.register,
      show: mayRecordConsentAt(me, me.facilityId) && !isNetworkAdmin(me),
    },
    {
      href: "/patients",
      label: k.consents,
      show: CONSENT_RECORDING_PROFESSIONS.includes(me.profession) && !isNetworkAdmin(me),
    },
    { href: "/pathways", label: t.pathways.title, show: professionMaySee(me.profession, PATHWAY_DATA) },
    { href: "/pathway-meetings", label: t.pathwayMeetings.title, show: true },
    { href: "/care-team", label: t.careTeam.worklistTitle, show: me.profession !== "clerk" },
    {
      href: "/nursing-instructions",
      label: t.nursingInstructions.title,
      show: professionMaySee(me.profession, "clinical"),
    },
    {
      href: "/care-documents",
      label: t.careDocuments.title,
      show: me.profession !== "clerk" && !isNetworkAdmin(me),
    },
    { href: "/audit", label: k.audit, show: isNetworkAdmin(me) },
    { href: "/audit/break-glass", label: k.breakGlass, show: isNetworkAdmin(me) },
    { href: "/admin/users", label: k.users, show: hasRole(me, "facility_admin") || isNetworkAdmin(me) },
    { href: `/admin/facilities/${me.facilityId}`, label: k.facility, show: hasRole(me, "facility_admin") },
    { href: "/admin/facilities", label: k.facilities, show: true },
    { href: "/account", label: k.account, show: true },
  ].filter((task) => task.show);

  return (
    <div className="space-y-6">
      <section className="card">
        <h1 className="text-xl font-bold">{t.patients.homeTitle(`${me.familyName} ${me.givenName}`)}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {t.patients.homeFacility}: {me.facilityName} ・ {t.common.professions[me.profession]} ・{" "}
          {me.roles.map((r) => t.common.roles[r]).join("・")}
        </p>
      </section>
      {/* the work first: on a phone it is what shows before any scrolling */}
      <section className="card" data-testid="day-work">
        <h2 className="mb-3 font-semibold">{d.title}</h2>
        {work.every((w) => w.count === 0) && <p className="mb-2 text-sm text-slate-600">{d.nothing}</p>}
        <ul className="grid gap-2 sm:grid-cols-2">
          {work.map((w) => (
            <li key={w.kind}>
              <Link
                href={w.href}
                data-testid={`day-work-${w.kind}`}
                className={`flex min-h-11 items-center justify-between gap-3 rounded-md border px-3 py-2 hover:bg-brand-50 ${
                  w.count > 0 && w.attention ? "border-amber-400 bg-amber-50" : "border-slate-200"
                }`}
              >
                <span>{d.kinds[w.kind]}</span>
                <span
                  className={`badge min-w-8 justify-center ${w.count > 0 ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600"}`}
                  data-testid={`day-work-${w.kind}-count`}
                >
                  {w.count}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {visits.length > 0 && (
        <section className="card" data-testid="next-home-visits">
          <h2 className="mb-3 font-semibold">{t.careTeam.nextVisitsTitle}</h2>
          <ul className="divide-y divide-slate-100">
            {visits.map((v) => (
              <li key={v.id}>
                <Link
                  href={`/patients/${v.patientId}/care-team`}
                  className="flex min-h-11 flex-wrap items-center gap-x-3 py-2 hover:bg-brand-50"
                  data-testid="next-home-visit"
                >
                  <span className="font-medium">{formatDateTime(v.startsAt, locale)}</span>
                  <span>
                    {v.familyName} {v.givenName}
                  </span>
                  <span className="text-sm text-slate-600">
                    {v.visitorFamilyName}（{t.common.professions[v.visitorProfession]}）
                    {v.purpose ? ` ・ ${v.purpose}` : ""}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card">
        <h2 className="mb-3 font-semibold">{t.patients.homeSearch}</h2>
        <form action="/patients" method="get" className="flex gap-2">
          <input
            className="input"
            name="q"
            placeholder={t.patients.searchPlaceholder}
            aria-label={t.patients.searchTitle}
          />
          <button className="btn-primary shrink-0">{t.common.actions.search}</button>
        </form>
      </section>
      <section className="card">
        <h2 className="mb-3 font-semibold">{t.patients.homeTasks}</h2>
        <ul className="grid gap-2 sm:grid-cols-2" data-testid="home-tasks">
          {tasks.map((task) => (
            <li key={task.href + task.label}>
              <Link
                href={task.href}
                className="flex min-h-11 items-center rounded-md border border-slate-200 px-3 py-2 hover:bg-brand-50"
              >
                {task.label}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {pendingReviews !== null && (
        <section className="card">
          <Link href="/audit/break-glass" className="font-medium text-brand-700 underline">
            {t.patients.homeBreakGlassPending(pendingReviews)}
          </Link>
        </section>
      )}
    </div>
  );
}
