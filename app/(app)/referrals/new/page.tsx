import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getPatient } from "@/server/domain/patients/get-patient";
import { REFERRAL_AUTHOR_PROFESSIONS } from "@/server/domain/referrals/load-referral";
import { listReferralDestinations } from "@/server/domain/referrals/referral-destination";
import { getI18n, titled } from "@/app/i18n";
import type { PickedPatient } from "../patient-picker";
import { NewReferralForm } from "./new-referral-form";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.writeReferral");

export default async function NewReferralPage({
  searchParams,
}: {
  searchParams: Promise<{ patientId?: string | string[] }>;
}) {
  const me = await requirePractitioner();
  const { t } = await getI18n();
  const r = t.referrals;
  if (!REFERRAL_AUTHOR_PROFESSIONS.includes(me.profession)) {
    return <p className="card text-slate-700">{r.create.notAuthor}</p>;
  }
  const raw = (await searchParams).patientId;
  const patientId = Array.isArray(raw) ? raw[0] : raw;
  let patient: PickedPatient | null = null;
  if (patientId) {
    try {
      const view = await call(getPatient, me, { patientId });
      const p = view.patient;
      patient = {
        id: p.id,
        label: `${p.familyName} ${p.givenName}（${p.familyNameKana} ${p.givenNameKana}）${p.birthDate} ・ ${p.regionalId}`,
      };
    } catch (e) {
      // outside consent or unknown: the sender chooses from the search instead
      if (!isDomainError(e)) throw e;
    }
  }
  const destinations = await call(listReferralDestinations, me);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{r.create.title}</h1>
      <p className="text-sm text-slate-600">{r.create.help}</p>
      <NewReferralForm
        initialPatient={patient}
        destinations={destinations}
        kindLabels={t.common.facilityKinds}
        labels={{
          patient: { ...r.patientPicker, searchButton: t.common.actions.search },
          destination: r.destination,
          priority: r.create.priority,
          priorities: r.priorities,
          requestedBy: r.create.requestedBy,
          referrerDepartment: r.create.referrerDepartment,
          submit: r.create.submit,
        }}
      />
    </div>
  );
}
