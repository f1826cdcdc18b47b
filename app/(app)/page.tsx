import Link from "next/link";
import { requirePractitioner } from "@/server/auth/current-practitioner";
import { hasRole } from "@/server/auth/permissions";
import { getDb } from "@/server/db/client";
import { listBreakGlassGrants } from "@/server/domain/consent/break-glass";
import { getI18n } from "../i18n";

export default async function HomePage() {
  const me = await requirePractitioner();
  const { t } = await getI18n();
  const pendingReviews = hasRole(me, "network_admin")
    ? (await listBreakGlassGrants(await getDb(), me, { onlyUnreviewed: true })).length
    : null;
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
