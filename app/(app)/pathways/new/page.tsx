import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { professionMaySee } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import { PATHWAY_DATA } from "@/server/domain/pathways/load-enrolment";
import { PATHWAY_CODES } from "@/server/model/pathway-template";
import { pathwayLabel } from "@/server/domain/pathways/pathway-statistics";
import { getPatient, type PatientView } from "@/server/domain/patients/get-patient";
import { getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { EnrolForm } from "./enrol-form";
import { mayEnrolAt } from "../enrolment-place";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.putCarePathway");

/** パス適用: the patient (from their page), the pathway, the admission and the onset. */
export default async function NewEnrolmentPage({
  searchParams,
}: {
  searchParams: Promise<{ patientId?: string | string[] }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.pathways;
  if (!professionMaySee(me.profession, PATHWAY_DATA)) {
    return <p className="card text-slate-700">{m.notAllowed}</p>;
  }
  if (!mayEnrolAt(me.facilityKind)) {
    return <p className="card text-slate-700">{m.enrol.notHere}</p>;
  }
  const raw = (await searchParams).patientId;
  const patientId = Array.isArray(raw) ? raw[0] : raw;
  if (!patientId) {
    return (
      <div className="card space-y-2">
        <p className="text-slate-700">{m.enrol.noPatient}</p>
        <Link className="text-brand-700 underline" href="/patients">
          {m.enrol.patientsLink}
        </Link>
      </div>
    );
  }
  let view: PatientView;
  try {
    view = await call(getPatient, me, { patientId });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return (
      <RefusedCard testId="enrol-refused">
        {e.code === "CONSENT_REQUIRED" ? t.patients.deniedConsent : tr(e.fields[0] ?? e)}
      </RefusedCard>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{m.enrol.title}</h1>
      <section className="card" data-testid="enrol-patient">
        <PatientHeading
          patient={view.patient}
          t={t}
          locale={locale}
          regionalIdLabel={t.patients.regionalId}
        />
      </section>
      <p className="text-sm text-slate-600">{m.enrol.help}</p>
      <EnrolForm
        patientId={view.patient.id}
        facilityName={me.facilityName}
        pathways={PATHWAY_CODES.map((code) => ({ value: code, label: pathwayLabel(code)[locale] }))}
        labels={{
          pathway: m.enrol.pathway,
          facility: m.enrol.facility,
          admittedOn: m.enrol.admittedOn,
          onsetOn: m.enrol.onsetOn,
          submit: m.enrol.submit,
          unset: m.forms.unset,
        }}
      />
    </div>
  );
}
