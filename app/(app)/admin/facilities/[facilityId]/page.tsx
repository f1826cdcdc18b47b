import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isFacilityAdminOf, isNetworkAdmin } from "@/server/model/permissions";
import { getFacility } from "@/server/domain/facilities/manage-facilities";
import { isDomainError } from "@/server/errors";
import { getI18n } from "@/app/i18n";
import { EditFacilityForm } from "../facility-form";
import { AddDepartmentForm } from "./department-form";
import { call } from "@/app/lib/call";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.admin.facilities.detailsTitle };
}

/** One facility and its departments; its own facility admins and the network office edit it. */
export default async function FacilityPage({ params }: { params: Promise<{ facilityId: string }> }) {
  const me = await requirePractitioner();
  const { facilityId } = await params;
  if (!z.uuid().safeParse(facilityId).success) notFound();
  const { t } = await getI18n();
  const m = t.admin.facilities;

  const facility = await call(getFacility, facilityId).catch((e: unknown) => {
    if (isDomainError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const mayEdit = isFacilityAdminOf(me, facilityId);
  const office = isNetworkAdmin(me);
  const orNotSet = (value: string) => value || <span className="text-slate-400">{m.notSet}</span>;

  return (
    <div className="space-y-6">
      <div>
        <Link
          href="/admin/facilities"
          className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline"
        >
          ← {m.backToList}
        </Link>
        <h1 className="text-2xl font-bold" data-testid="facility-name">
          {facility.name}
        </h1>
        <p className="text-sm text-slate-600">{facility.nameKana}</p>
        <div className="mt-2 flex flex-wrap gap-2">
          <span className="badge bg-slate-100 text-slate-700">{t.common.facilityKinds[facility.kind]}</span>
          <span
            className={`badge ${facility.role === "disclosing" ? "bg-brand-100 text-brand-800" : "bg-slate-100 text-slate-700"}`}
          >
            {t.common.facilityRoles[facility.role]}
          </span>
          <span
            className={`badge ${facility.active ? "bg-green-100 text-green-800" : "bg-slate-200 text-slate-700"}`}
          >
            {facility.active ? m.active : m.inactive}
          </span>
        </div>
      </div>

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title" className="mb-3 text-lg font-semibold">
          {m.detailsTitle}
        </h2>
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-600">{m.code}</dt>
          <dd className="font-mono">{facility.code}</dd>
          <dt className="font-medium text-slate-600">{m.beds}</dt>
          <dd>{t.admin.format.beds(facility.bedCount)}</dd>
          <dt className="font-medium text-slate-600">{m.address}</dt>
          <dd>{orNotSet(facility.address)}</dd>
          <dt className="font-medium text-slate-600">{m.phone}</dt>
          <dd>{facility.phone ? <a href={`tel:${facility.phone}`}>{facility.phone}</a> : orNotSet("")}</dd>
          <dt className="font-medium text-slate-600">{m.recordSystemUrl}</dt>
          <dd className="break-all">{orNotSet(facility.recordSystemUrl)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="departments-title">
        <h2 id="departments-title" className="mb-3 text-lg font-semibold">
          {m.departmentsTitle}
        </h2>
        {facility.departments.length === 0 ? (
          <p className="text-sm text-slate-600">{m.noDepartments}</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {facility.departments.map((d) => (
              <li key={d.id} className="py-3" data-testid="department-row">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{d.name}</span>
                  <span
                    className={`badge ${d.acceptsReferrals ? "bg-brand-100 text-brand-800" : "bg-slate-100 text-slate-600"}`}
                  >
                    {d.acceptsReferrals ? m.acceptsReferralsBadge : m.notAcceptingBadge}
                  </span>
                </div>
                {d.referralNotes && (
                  <p className="mt-1 text-sm whitespace-pre-line text-slate-600">{d.referralNotes}</p>
                )}
              </li>
            ))}
          </ul>
        )}
        {mayEdit && (
          <div className="mt-6 border-t border-slate-200 pt-4">
            <h3 className="mb-3 font-semibold">{m.addDepartment}</h3>
            <AddDepartmentForm facilityId={facility.id} t={m} forbidden={t.common.errors.forbidden} />
          </div>
        )}
      </section>

      {mayEdit && (
        <section className="card" aria-labelledby="edit-title">
          <h2 id="edit-title" className="text-lg font-semibold">
            {m.editTitle}
          </h2>
          {!office && <p className="mt-1 text-sm text-slate-600">{m.editHelpFacilityAdmin}</p>}
          <div className="mt-4">
            <EditFacilityForm
              m={{
                t: m,
                kinds: t.common.facilityKinds,
                roles: t.common.facilityRoles,
                forbidden: t.common.errors.forbidden,
                save: t.common.actions.save,
              }}
              facilityId={facility.id}
              facility={{
                code: facility.code,
                name: facility.name,
                nameKana: facility.nameKana,
                kind: facility.kind,
                role: facility.role,
                bedCount: facility.bedCount,
                address: facility.address,
                phone: facility.phone,
                recordSystemUrl: facility.recordSystemUrl,
                active: facility.active,
              }}
              officeFields={office}
            />
          </div>
        </section>
      )}
    </div>
  );
}
