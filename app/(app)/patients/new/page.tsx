import { requirePractitioner } from "@/server/session/current-practitioner";
import { mayRecordConsentAt } from "@/server/domain/consent/consent-authority";
import { listFacilities } from "@/server/domain/facilities/manage-facilities";
import { getI18n, titled } from "@/app/i18n";
import { RegisterPatientForm } from "./register-form";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.registerPatient");

/** A patient joins the network at this facility: regional ID, local ID and written consent together. */
export default async function RegisterPatientPage() {
  const me = await requirePractitioner();
  const { t } = await getI18n();
  if (!mayRecordConsentAt(me, me.facilityId)) {
    return <p className="card border-red-300 bg-red-50 text-red-800">{t.common.errors.forbidden}</p>;
  }
  const facilities = (await call(listFacilities))
    .filter((f) => f.active && f.id !== me.facilityId)
    .map((f) => ({ id: f.id, name: f.name, kindLabel: t.common.facilityKinds[f.kind] }));
  const p = t.patients;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{p.registerTitle}</h1>
      <p className="text-sm text-slate-600">{p.registerHelp(me.facilityName)}</p>
      <RegisterPatientForm
        facilities={facilities}
        labels={{
          title: p.registerTitle,
          familyName: p.familyName,
          givenName: p.givenName,
          familyNameKana: p.familyNameKana,
          givenNameKana: p.givenNameKana,
          birthDate: p.birthDate,
          sex: p.sex,
          sexes: t.common.sex,
          postalCode: p.postalCode,
          address: p.address,
          phone: p.phone,
          localId: p.localIdHere,
          obtainedOn: p.obtainedOn,
          facilitiesToShare: p.facilitiesToShare,
          signedDocument: p.signedDocument,
          note: p.note,
          submit: p.registerSubmit,
          registered: p.registered,
          open: p.openPatient,
        }}
      />
    </div>
  );
}
