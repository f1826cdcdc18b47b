import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { mayRecordConsentAt } from "@/server/domain/consent/consent-authority";
import { isDomainError } from "@/server/errors";
import { searchPatients, type PatientSearchHit } from "@/server/domain/patients/search-patients";
import { ageOn, formatBirthDate, getI18n, titled } from "../../i18n";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.patients");

export default async function PatientSearchPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const raw = (await searchParams).q;
  const q = Array.isArray(raw) ? raw[0] : raw;

  let hits: PatientSearchHit[] | null = null;
  let error: string | null = null;
  if (q !== undefined) {
    try {
      hits = await call(searchPatients, me, { q }, { consentAdministration: true });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      error = tr(e.fields[0] ?? e);
    }
  }

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{t.patients.searchTitle}</h1>
        {mayRecordConsentAt(me, me.facilityId) && (
          <Link href="/patients/new" className="btn-secondary">
            {t.patients.registerLink}
          </Link>
        )}
      </div>
      <p className="text-sm text-slate-600">{t.patients.searchHelp}</p>
      <form method="get" className="flex gap-2" role="search">
        <input
          className="input"
          name="q"
          defaultValue={q ?? ""}
          placeholder={t.patients.searchPlaceholder}
          aria-label={t.patients.searchTitle}
          aria-invalid={error ? true : undefined}
        />
        <button className="btn-primary shrink-0">{t.common.actions.search}</button>
      </form>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {hits && (
        <section aria-live="polite">
          <p className="mb-2 text-sm text-slate-600">{t.patients.results(hits.length)}</p>
          {hits.length === 0 ? (
            <p className="card text-slate-700">{t.patients.noResults}</p>
          ) : (
            <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
              {hits.map((p) => (
                <li key={p.id} data-testid="patient-hit">
                  <Link
                    href={`/patients/${p.id}`}
                    className="flex flex-col gap-1 px-4 py-3 hover:bg-brand-50 sm:flex-row sm:items-center sm:gap-6"
                  >
                    <span className="min-w-40">
                      <span className="block text-xs text-slate-500">
                        {p.familyNameKana} {p.givenNameKana}
                      </span>
                      <span className="text-lg font-semibold">
                        {p.familyName} {p.givenName}
                      </span>
                    </span>
                    <span className="text-sm text-slate-700">
                      {formatBirthDate(p.birthDate, locale)}（{t.patients.age(ageOn(p.birthDate))}）・
                      {t.common.sex[p.sex as keyof typeof t.common.sex]}
                    </span>
                    <span className="font-mono text-sm text-slate-600 sm:ml-auto">
                      {p.regionalId}
                      {!p.inScope && (
                        <span
                          className="badge ml-2 bg-amber-100 text-amber-900"
                          data-testid="consent-admin-hit"
                        >
                          {t.patients.outsideScopeHit}
                        </span>
                      )}
                      {p.localId && (
                        <span className="ml-2 text-xs">
                          {t.patients.localId}: {p.localId}
                        </span>
                      )}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
