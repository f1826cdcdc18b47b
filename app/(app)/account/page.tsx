import type { Metadata } from "next";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { getI18n } from "@/app/i18n";
import { signOutEverywhereAction } from "@/app/ui/sign-out";
import { ChangePasswordForm } from "./change-password-form";
import { SignOutEverywhereButton } from "./sign-out-everywhere-button";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.account.title };
}

/** The signed-in practitioner's own account: who they are, their password and their sessions. */
export default async function AccountPage() {
  const me = await requirePractitioner();
  const { t } = await getI18n();
  const a = t.account;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{a.title}</h1>

      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title" className="mb-3 text-lg font-semibold">
          {a.profileTitle}
        </h2>
        <dl
          className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]"
          data-testid="account-profile"
        >
          <dt className="font-medium text-slate-600">{a.name}</dt>
          <dd>
            {me.familyName} {me.givenName}
          </dd>
          <dt className="font-medium text-slate-600">{a.loginId}</dt>
          <dd className="font-mono">{me.loginId}</dd>
          <dt className="font-medium text-slate-600">{a.facility}</dt>
          <dd>{me.facilityName}</dd>
          <dt className="font-medium text-slate-600">{a.profession}</dt>
          <dd>{t.common.professions[me.profession]}</dd>
          <dt className="font-medium text-slate-600">{a.roles}</dt>
          <dd className="flex flex-wrap gap-1">
            {me.roles.map((r) => (
              <span
                key={r}
                className={`badge ${r === "staff" ? "bg-slate-100 text-slate-700" : "bg-brand-100 text-brand-800"}`}
              >
                {t.common.roles[r]}
              </span>
            ))}
          </dd>
          <dt className="font-medium text-slate-600">{a.twoFactor}</dt>
          <dd>
            <span
              className={`badge ${me.totpEnrolled ? "bg-green-100 text-green-800" : "bg-amber-100 text-amber-900"}`}
            >
              {me.totpEnrolled ? a.totpEnrolled : a.totpNotEnrolled}
            </span>
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title" className="text-lg font-semibold">
          {a.passwordTitle}
        </h2>
        <p className="mb-4 text-sm text-slate-600">{a.passwordHelp}</p>
        <ChangePasswordForm t={a} loginId={me.loginId} />
      </section>

      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="text-lg font-semibold">
          {a.sessionsTitle}
        </h2>
        <p className="mb-4 text-sm text-slate-600">{a.sessionsHelp}</p>
        <form action={signOutEverywhereAction}>
          <SignOutEverywhereButton label={a.signOutEverywhere} pendingLabel={a.signingOut} />
        </form>
      </section>
    </div>
  );
}
