import { redirect } from "next/navigation";
import { getCurrentPractitioner } from "@/server/session/current-practitioner";
import { currentTotp } from "@/server/auth/totp";
import { demoHints } from "@/server/session/demo-hints";
import { getI18n, titled } from "../i18n";
import { LanguageSwitch } from "../ui/language-switch";
import { SignInForm } from "./signin-form";

export const dynamic = "force-dynamic";
export const generateMetadata = titled("titles.signIn");

export default async function SignInPage() {
  if (await getCurrentPractitioner()) redirect("/");
  const { t, locale } = await getI18n();
  const demo = demoHints();
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 px-4 py-8">
      <div className="flex items-center justify-between">
        <div>
          <p className="text-sm font-semibold text-brand-700">{t.common.appShort}</p>
          <h1 className="text-2xl font-bold">{t.signin.title}</h1>
        </div>
        <LanguageSwitch locale={locale} label={t.common.language.label} />
      </div>
      <p className="text-sm text-slate-600">{t.signin.subtitle}</p>
      <div className="card">
        <SignInForm t={t.signin} />
      </div>
      {demo && (
        <section className="card border-amber-300 bg-amber-50 text-sm" aria-label={t.signin.demoTitle}>
          <h2 className="font-semibold">{t.signin.demoTitle}</h2>
          <p className="mt-1 text-slate-700">{t.signin.demoHelp}</p>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            <dt>{t.signin.password}</dt>
            <dd className="font-mono">{demo.password}</dd>
            <dt>{t.signin.secretLabel}</dt>
            <dd className="font-mono break-all" data-testid="demo-totp-secret">
              {demo.totpSecret}
            </dd>
            <dt>{t.signin.demoCurrentCode}</dt>
            <dd className="font-mono">{await currentTotp(demo.totpSecret)}</dd>
          </dl>
          <ul className="mt-2 space-y-0.5">
            {demo.users.map((u) => (
              <li key={u.loginId}>
                <code className="font-mono">{u.loginId}</code> —{" "}
                {locale === "ja" ? u.descriptionJa : u.descriptionEn}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
