import type { Metadata } from "next";
import { z } from "zod";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { hasRole, isNetworkAdmin } from "@/server/model/permissions";
import { listDepartmentsOf, listFacilities } from "@/server/domain/facilities/manage-facilities";
import { listPractitioners } from "@/server/domain/practitioners/manage-practitioners";
import { formatDateTime, getI18n } from "@/app/i18n";
import { NewPractitionerForm, type UserFormMessages } from "./new-practitioner-form";
import { PractitionerActions } from "./practitioner-actions";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.admin.usersTitle };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Facility admins manage their own staff; the network office manages everyone, filtered by facility. */
export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const m = t.admin.users;
  const office = isNetworkAdmin(me);
  if (!office && !hasRole(me, "facility_admin")) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">{t.admin.usersTitle}</h1>
        <p role="alert" className="card border-red-200 bg-red-50 text-red-800" data-testid="forbidden">
          {t.common.errors.forbidden}
        </p>
      </div>
    );
  }

  const params = await searchParams;
  const requested = z.uuid().safeParse(params.facilityId);
  const facilityFilter = office && requested.success ? requested.data : undefined;
  const practitioners = await call(listPractitioners, me, { facilityId: facilityFilter });
  const facilities = office ? (await call(listFacilities)).map((f) => ({ id: f.id, name: f.name })) : [];
  // a doctor's department is chosen among their own facility's
  const doctors = practitioners.filter((p) => p.profession === "physician" || p.profession === "dentist");
  const departmentsAt = new Map<string, { id: string; name: string }[]>();
  for (const d of await call(listDepartmentsOf, [...new Set(doctors.map((p) => p.facilityId))])) {
    departmentsAt.set(d.facilityId, [...(departmentsAt.get(d.facilityId) ?? []), { id: d.id, name: d.name }]);
  }
  const now = new Date();

  const formMessages: UserFormMessages = {
    t: m,
    professions: t.common.professions,
    roles: t.common.roles,
    forbidden: t.common.errors.forbidden,
  };
  const cell = "flex justify-between gap-3 py-1 md:table-cell md:px-4 md:py-3 md:align-top";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t.admin.usersTitle}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {office ? m.listHelpNetwork : t.admin.format.usersAtFacility(me.facilityName)}
          </p>
        </div>
        <a href="#new-user" className="btn-primary">
          {m.newTitle}
        </a>
      </div>

      {office && (
        <form method="get" className="card grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end" role="search">
          <div>
            <label className="label" htmlFor="facilityId">
              {m.filterFacility}
            </label>
            <select className="input" id="facilityId" name="facilityId" defaultValue={facilityFilter ?? ""}>
              <option value="">{m.allFacilities}</option>
              {facilities.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <button className="btn-primary" type="submit">
            {m.filter}
          </button>
        </form>
      )}

      <section aria-labelledby="user-count">
        <p id="user-count" className="mb-2 text-sm text-slate-600">
          {t.admin.format.users(practitioners.length)}
        </p>
        {practitioners.length === 0 ? (
          <p className="card text-sm text-slate-600">{m.noResults}</p>
        ) : (
          <table className="block w-full text-sm md:table md:rounded-lg md:border md:border-slate-200 md:bg-white md:shadow-sm">
            <thead className="hidden bg-slate-50 text-left text-xs text-slate-600 md:table-header-group">
              <tr>
                <th className="px-4 py-2 font-medium">{m.name}</th>
                <th className="px-4 py-2 font-medium">{m.profession}</th>
                <th className="px-4 py-2 font-medium">{m.roles}</th>
                <th className="px-4 py-2 font-medium">{m.twoFactor}</th>
                <th className="px-4 py-2 font-medium">{m.status}</th>
                <th className="px-4 py-2 font-medium">
                  <span className="sr-only">{m.actionsLabel}</span>
                </th>
              </tr>
            </thead>
            <tbody className="block space-y-3 md:table-row-group md:space-y-0">
              {practitioners.map((p) => {
                const locked = p.lockedUntil !== null && p.lockedUntil > now;
                return (
                  <tr
                    key={p.id}
                    data-testid="practitioner-row"
                    data-login-id={p.loginId}
                    className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:table-row md:rounded-none md:border-0 md:border-t md:p-0 md:shadow-none"
                  >
                    <td className="block pb-2 md:table-cell md:px-4 md:py-3 md:align-top">
                      <span className="font-semibold">
                        {p.familyName} {p.givenName}
                      </span>
                      {p.id === me.practitionerId && (
                        <span className="badge ml-2 bg-brand-100 text-brand-800">{m.you}</span>
                      )}
                      <span className="block text-xs text-slate-500">
                        {p.familyNameKana} {p.givenNameKana}
                      </span>
                      <span
                        className="block font-mono text-xs text-slate-700"
                        data-testid="practitioner-login-id"
                      >
                        {p.loginId}
                      </span>
                      {office && <span className="block text-xs text-slate-500">{p.facilityName}</span>}
                    </td>
                    <td className={cell}>
                      <span className="text-slate-500 md:hidden">{m.profession}</span>
                      {t.common.professions[p.profession]}
                    </td>
                    <td className={cell}>
                      <span className="text-slate-500 md:hidden">{m.roles}</span>
                      <span className="flex flex-wrap justify-end gap-1 md:justify-start">
                        {p.roles.map((r) => (
                          <span
                            key={r}
                            className={`badge ${r === "staff" ? "bg-slate-100 text-slate-700" : "bg-brand-100 text-brand-800"}`}
                          >
                            {t.common.roles[r]}
                          </span>
                        ))}
                      </span>
                    </td>
                    <td className={cell}>
                      <span className="text-slate-500 md:hidden">{m.twoFactor}</span>
                      <span
                        className={`badge ${p.totpEnrolled ? "bg-green-100 text-green-800" : "bg-amber-100 text-amber-900"}`}
                        data-testid="totp-status"
                      >
                        {p.totpEnrolled ? m.totpEnrolled : m.totpNotEnrolled}
                      </span>
                    </td>
                    <td className={cell}>
                      <span className="text-slate-500 md:hidden">{m.status}</span>
                      <span
                        className="flex flex-col items-end gap-1 md:items-start"
                        data-testid="practitioner-status"
                      >
                        {p.disabledAt ? (
                          <span className="badge bg-slate-200 text-slate-700">{m.disabled}</span>
                        ) : (
                          <span className="badge bg-green-100 text-green-800">{m.active}</span>
                        )}
                        {locked && p.lockedUntil && (
                          <span className="badge bg-red-100 text-red-800">
                            {t.admin.format.lockedUntil(formatDateTime(p.lockedUntil, locale))}
                          </span>
                        )}
                      </span>
                    </td>
                    <td className="block pt-2 md:table-cell md:px-4 md:py-3 md:align-top">
                      <PractitionerActions
                        practitioner={{
                          id: p.id,
                          roles: p.roles,
                          disabled: p.disabledAt !== null,
                          locked,
                          self: p.id === me.practitionerId,
                          departmentId: p.departmentId,
                          departments:
                            p.profession === "physician" || p.profession === "dentist"
                              ? (departmentsAt.get(p.facilityId) ?? [])
                              : [],
                        }}
                        m={formMessages}
                        mayGrantNetworkRole={office}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section id="new-user" className="card scroll-mt-20" aria-labelledby="new-user-title">
        <h2 id="new-user-title" className="text-lg font-semibold">
          {m.newTitle}
        </h2>
        <p className="mb-4 text-sm text-slate-600">{m.newHelp}</p>
        <NewPractitionerForm
          m={formMessages}
          facilities={office ? facilities : undefined}
          fixedFacility={office ? undefined : { id: me.facilityId, name: me.facilityName }}
          defaultFacilityId={facilityFilter}
          mayGrantNetworkRole={office}
        />
      </section>
    </div>
  );
}
