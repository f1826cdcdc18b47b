import Link from "next/link";
import { requirePractitioner } from "@/server/auth/current-practitioner";
import {
  CONSENT_RECORDING_PROFESSIONS,
  hasRole,
  isNetworkAdmin,
  professionMaySee,
} from "@/server/auth/permissions";
import { PATHWAY_DATA } from "@/server/domain/pathways/load-enrolment";
import { mayRecordConsentAt } from "@/server/domain/consent/consent-authority";
import { getDb } from "@/server/db/client";
import { listBreakGlassGrants } from "@/server/domain/consent/break-glass";
import { getI18n } from "../i18n";

export default async function HomePage() {
  const me = await requirePractitioner();
  const { t } = await getI18n();
  const pendingReviews = hasRole(me, "network_admin")
    ? (await listBreakGlassGrants(await getDb(), me, { onlyUnreviewed: true })).length
    : null;
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
