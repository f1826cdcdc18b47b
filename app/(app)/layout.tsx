import type { ReactNode } from "react";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { hasRole, professionMaySee } from "@/server/model/permissions";
import { countUnread } from "@/server/domain/notifications/list-notifications";
import { summaryDataKind } from "@/server/domain/summaries/load-summary";
import { PATHWAY_DATA } from "@/server/domain/pathways/load-enrolment";
import { getI18n } from "../i18n";
import { LanguageSwitch } from "../ui/language-switch";
import { NotificationBell } from "../ui/notification-bell";
import { ShellLink } from "../ui/shell-link";
import { signOutAction } from "../ui/sign-out";
import { call } from "@/app/lib/call";
import { READING_PROFESSIONS } from "@/server/domain/readings/load-reading";

export const dynamic = "force-dynamic";

/** The signed-in shell. Every page below also checks on its own; this layout is not the guard. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  // referrals and their notifications are clinical data: only for professions that may see it
  const handlesReferrals = professionMaySee(me.profession, "clinical");
  // discharge summaries also reach pharmacists (through the medication) and care managers (through the care)
  const handlesSummaries = professionMaySee(me.profession, summaryDataKind(me.profession));
  const handlesPathways = professionMaySee(me.profession, PATHWAY_DATA);
  // anyone may be invited to a pathway meeting, so everyone has the bell
  const unread = await call(countUnread, me);
  const isAdmin = hasRole(me, "facility_admin") || hasRole(me, "network_admin");
  const isOffice = hasRole(me, "network_admin");
  // the daily work, always in the bar; management pages behind one menu, so the
  // bar fits and no label ever wraps inside a word
  const links = [
    { href: "/", label: t.common.nav.home, show: true },
    { href: "/patients", label: t.common.nav.patients, show: true },
    { href: "/referrals", label: t.common.nav.referrals, show: handlesReferrals },
    { href: "/summaries", label: t.common.nav.summaries, show: handlesSummaries },
    { href: "/readings", label: t.common.nav.readings, show: READING_PROFESSIONS.includes(me.profession) },
    { href: "/pathways", label: t.common.nav.pathways, show: handlesPathways },
    { href: "/pathway-meetings", label: t.common.nav.pathwayMeetings, show: true },
    { href: "/conferences", label: t.common.nav.conferences, show: true },
  ].filter((l) => l.show);
  const manageLinks = [
    { href: "/admin/facilities", label: t.common.nav.facilities, show: true },
    { href: "/admin/users", label: t.common.nav.users, show: isAdmin },
    { href: "/audit", label: t.common.nav.audit, show: isOffice },
    { href: "/audit/break-glass", label: t.common.nav.breakGlass, show: isOffice },
    { href: "/account", label: t.common.nav.account, show: true },
  ].filter((l) => l.show);
  const barLink = "rounded px-2.5 py-2 text-sm whitespace-nowrap break-keep hover:bg-brand-800";
  const menuLink = "block rounded px-3 py-3 whitespace-nowrap break-keep hover:bg-slate-100";

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-10 border-b border-brand-800 bg-brand-700 text-white">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-2">
          <ShellLink href="/" className="font-semibold whitespace-nowrap">
            {t.common.appShort}
          </ShellLink>
          <div className="ml-auto xl:order-last xl:ml-0">
            <NotificationBell initialCount={unread} label={t.referrals.notifications.bell} />
          </div>
          <details className="relative xl:hidden">
            <summary className="btn min-h-9 cursor-pointer list-none border border-white/40 px-3 py-1">
              {t.common.nav.menu}
            </summary>
            <nav
              data-testid="compact-nav"
              className="absolute right-0 mt-2 max-h-[80dvh] w-64 overflow-y-auto rounded-md bg-white p-2 text-slate-900 shadow-lg"
            >
              <p className="px-3 pt-1 pb-2 text-sm leading-tight text-slate-600">
                {me.familyName} {me.givenName}
                <br />
                <span className="text-xs">{me.facilityName}</span>
              </p>
              {[...links, ...manageLinks].map((l) => (
                <ShellLink key={l.href} href={l.href} className={menuLink}>
                  {l.label}
                </ShellLink>
              ))}
              <div className="px-3 py-2">
                <LanguageSwitch locale={locale} label={t.common.language.label} />
              </div>
              <form action={signOutAction}>
                <button className="w-full rounded px-3 py-3 text-left hover:bg-slate-100">
                  {t.common.nav.signOut}
                </button>
              </form>
            </nav>
          </details>
          <nav data-testid="main-nav" className="hidden flex-1 items-center gap-0.5 xl:flex">
            {links.map((l) => (
              <ShellLink key={l.href} href={l.href} className={barLink}>
                {l.label}
              </ShellLink>
            ))}
            <details className="relative">
              <summary className={`${barLink} cursor-pointer list-none`}>{t.common.nav.manage} ▾</summary>
              <div className="absolute right-0 mt-2 w-56 rounded-md bg-white p-2 text-slate-900 shadow-lg">
                {manageLinks.map((l) => (
                  <ShellLink key={l.href} href={l.href} className={menuLink}>
                    {l.label}
                  </ShellLink>
                ))}
              </div>
            </details>
          </nav>
          <div className="hidden items-center gap-2 text-sm xl:flex">
            <span
              className="max-w-40 truncate text-right leading-tight whitespace-nowrap"
              data-testid="current-user"
              title={`${me.familyName} ${me.givenName} ${me.facilityName}`}
            >
              {me.familyName} {me.givenName}
              <br />
              <span className="block truncate text-xs opacity-80">{me.facilityName}</span>
            </span>
            <LanguageSwitch locale={locale} label={t.common.language.label} />
            <form action={signOutAction}>
              <button className="btn min-h-9 border border-white/40 px-3 py-1 text-xs">
                {t.common.nav.signOut}
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
