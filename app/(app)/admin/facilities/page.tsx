import type { Metadata } from "next";
import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isNetworkAdmin } from "@/server/model/permissions";
import { FACILITY_KINDS } from "@/server/model/facility-kinds";
import { listFacilities } from "@/server/domain/facilities/manage-facilities";
import { normalizeKana, normalizeName } from "@/server/domain/patients/normalize";
import { getI18n } from "@/app/i18n";
import { NewFacilityForm } from "./facility-form";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.admin.facilitiesTitle };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** The facility directory: every signed-in practitioner may read it; the network office registers facilities. */
export default async function FacilitiesPage({ searchParams }: { searchParams: SearchParams }) {
  const me = await requirePractitioner();
  const { t } = await getI18n();
  const m = t.admin.facilities;
  const params = await searchParams;
  const kind = FACILITY_KINDS.find((k) => k === single(params.kind));
  const query = single(params.q).trim();

  const all = await call(listFacilities);
  const nameKey = normalizeName(query);
  const kanaKey = normalizeKana(query);
  const facilities = all.filter(
    (f) =>
      (!kind || f.kind === kind) &&
      (!query || normalizeName(f.name).includes(nameKey) || normalizeKana(f.nameKana).includes(kanaKey)),
  );
  const office = isNetworkAdmin(me);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t.admin.facilitiesTitle}</h1>
          <p className="mt-1 text-sm text-slate-600">{m.directoryHelp}</p>
        </div>
        {office && (
          <a href="#new-facility" className="btn-primary">
            {m.newTitle}
          </a>
        )}
      </div>

      <form method="get" className="card grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end" role="search">
        <div>
          <label className="label" htmlFor="kind">
            {m.filterKind}
          </label>
          <select className="input" id="kind" name="kind" defaultValue={kind ?? ""}>
            <option value="">{m.allKinds}</option>
            {FACILITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.common.facilityKinds[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="q">
            {m.searchName}
          </label>
          <input
            className="input"
            id="q"
            name="q"
            type="search"
            defaultValue={query}
            placeholder={m.searchPlaceholder}
          />
        </div>
        <button className="btn-primary" type="submit">
          {t.common.actions.search}
        </button>
      </form>

      <section aria-labelledby="facility-count">
        <p id="facility-count" className="mb-2 text-sm text-slate-600" data-testid="facility-count">
          {t.admin.format.facilities(facilities.length)}
        </p>
        {facilities.length === 0 ? (
          <p className="card text-sm text-slate-600">{m.noResults}</p>
        ) : (
          <table className="block w-full text-sm md:table md:rounded-lg md:border md:border-slate-200 md:bg-white md:shadow-sm">
            <thead className="hidden bg-slate-50 text-left text-xs text-slate-600 md:table-header-group">
              <tr>
                <th className="px-4 py-2 font-medium">{m.name}</th>
                <th className="px-4 py-2 font-medium">{m.kind}</th>
                <th className="px-4 py-2 font-medium">{m.role}</th>
                <th className="px-4 py-2 text-right font-medium">{m.beds}</th>
                <th className="px-4 py-2 text-right font-medium">{m.practitioners}</th>
                <th className="px-4 py-2 font-medium">{m.status}</th>
              </tr>
            </thead>
            <tbody className="block space-y-3 md:table-row-group md:space-y-0">
              {facilities.map((f) => (
                <tr
                  key={f.id}
                  data-testid="facility-row"
                  className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:table-row md:rounded-none md:border-0 md:border-t md:p-0 md:shadow-none"
                >
                  <td className="block pb-2 md:table-cell md:px-4 md:py-3">
                    <Link
                      href={`/admin/facilities/${f.id}`}
                      className="font-semibold text-brand-700 underline-offset-2 hover:underline"
                    >
                      {f.name}
                    </Link>
                    <span className="block text-xs text-slate-500">
                      {f.nameKana} · <span className="font-mono">{f.code}</span>
                    </span>
                  </td>
                  <td className="flex justify-between gap-3 py-1 md:table-cell md:px-4 md:py-3">
                    <span className="text-slate-500 md:hidden">{m.kind}</span>
                    {t.common.facilityKinds[f.kind]}
                  </td>
                  <td className="flex justify-between gap-3 py-1 md:table-cell md:px-4 md:py-3">
                    <span className="text-slate-500 md:hidden">{m.role}</span>
                    <span
                      className={`badge ${f.role === "disclosing" ? "bg-brand-100 text-brand-800" : "bg-slate-100 text-slate-700"}`}
                      title={t.common.facilityRoles[f.role]}
                    >
                      {m.roleShort[f.role]}
                    </span>
                  </td>
                  <td className="flex justify-between gap-3 py-1 md:table-cell md:px-4 md:py-3 md:text-right">
                    <span className="text-slate-500 md:hidden">{m.beds}</span>
                    {t.admin.format.beds(f.bedCount)}
                  </td>
                  <td className="flex justify-between gap-3 py-1 md:table-cell md:px-4 md:py-3 md:text-right">
                    <span className="text-slate-500 md:hidden">{m.practitioners}</span>
                    {t.admin.format.practitioners(f.practitioners)}
                  </td>
                  <td className="flex justify-between gap-3 py-1 md:table-cell md:px-4 md:py-3">
                    <span className="text-slate-500 md:hidden">{m.status}</span>
                    <span
                      className={`badge ${f.active ? "bg-green-100 text-green-800" : "bg-slate-200 text-slate-700"}`}
                    >
                      {f.active ? m.active : m.inactive}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {office && (
        <section id="new-facility" className="card scroll-mt-20" aria-labelledby="new-facility-title">
          <h2 id="new-facility-title" className="text-lg font-semibold">
            {m.newTitle}
          </h2>
          <p className="mb-4 text-sm text-slate-600">{m.newHelp}</p>
          <NewFacilityForm
            m={{
              t: m,
              kinds: t.common.facilityKinds,
              roles: t.common.facilityRoles,
              forbidden: t.common.errors.forbidden,
              save: t.common.actions.save,
            }}
          />
        </section>
      )}
    </div>
  );
}
