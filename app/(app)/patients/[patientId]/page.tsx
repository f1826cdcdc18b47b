import Link from "next/link";
import { notFound } from "next/navigation";
import { env } from "@/server/env";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { BREAK_GLASS_PROFESSIONS, professionMaySee } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import { mayRecordConsentAt } from "@/server/domain/consent/consent-authority";
import { listPatientPathways } from "@/server/domain/pathways/list-patient-pathways";
import { PATHWAY_DATA } from "@/server/domain/pathways/load-enrolment";
import { getPatient, type PatientView } from "@/server/domain/patients/get-patient";
import { REFERRAL_AUTHOR_PROFESSIONS } from "@/server/domain/referrals/load-referral";
import { SUMMARY_AUTHOR_PROFESSIONS } from "@/server/domain/summaries/load-summary";
import { ageOn, formatDate, formatDateTime, getI18n, formatBirthDate, titled } from "@/app/i18n";
import { consentFormLabels } from "./consent-form-labels";
import { BreakGlassForm, ConsentEventForm } from "./consent-forms";
import { StartSummaryButton } from "@/app/(app)/summaries/start-summary-button";
import { mayEnrolAt } from "@/app/(app)/pathways/enrolment-place";
import { SharedRecords, startSharedRecords } from "./shared-records";
import { BreakGlassCountdown } from "./break-glass-countdown";
import { call } from "@/app/lib/call";
import { listPatientInstructions } from "@/server/domain/nursing-instructions/list-instructions";
import { INSTRUCTION_AUTHOR_PROFESSIONS } from "@/server/domain/nursing-instructions/load-instruction";
import { PatientInstructions } from "@/app/(app)/nursing-instructions/patient-instructions";
import { listPatientCareDocuments } from "@/server/domain/care-documents/list-care-documents";
import { CARE_DOCUMENT_KINDS, CARE_DOCUMENT_SPECS } from "@/server/model/care-documents/registry";
import { PatientCareDocuments } from "@/app/(app)/care-documents/patient-care-documents";

export const generateMetadata = titled("titles.patient");

export default async function PatientPage({ params }: { params: Promise<{ patientId: string }> }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const { patientId } = await params;

  let view: PatientView;
  try {
    view = await call(getPatient, me, { patientId });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND" || e.code === "VALIDATION") notFound();
    const mayBreakGlass = e.code === "CONSENT_REQUIRED" && BREAK_GLASS_PROFESSIONS.includes(me.profession);
    return (
      <div className="space-y-4" data-testid="access-denied">
        <section className="card border-red-300 bg-red-50">
          <h1 className="text-lg font-bold text-red-800">{t.patients.deniedTitle}</h1>
          <p className="mt-2 text-red-900">
            {e.code === "CONSENT_REQUIRED" ? t.patients.deniedConsent : t.patients.deniedProfession}
          </p>
        </section>
        {mayBreakGlass && (
          <section className="card">
            <h2 className="font-semibold">{t.patients.breakGlassTitle}</h2>
            <p className="my-2 text-sm text-slate-700">
              {t.patients.breakGlassHelp(env().BREAK_GLASS_MINUTES)}
            </p>
            <BreakGlassForm patientId={patientId} labels={consentFormLabels(t)} />
          </section>
        )}
      </div>
    );
  }

  const { patient } = view;
  // the patient's pathways: every facility inside consent reads the sheets, this is where it finds them
  // consent administration and the network office see who the patient is and the forms, nothing clinical
  const clinicalAccess = view.access === "consent" || view.access === "break_glass";
  // visiting-nurse instructions: the station's and the physician's, inside consent only
  const readsInstructions = view.access === "consent" && professionMaySee(me.profession, "clinical");
  // independent reads, each with its own access check and audit: at once, not one after another
  const [pathways, instructions, careDocuments] = await Promise.all([
    clinicalAccess && professionMaySee(me.profession, PATHWAY_DATA)
      ? call(listPatientPathways, me, patient.id).catch((e: unknown) => {
          if (isDomainError(e)) return [];
          throw e;
        })
      : [],
    readsInstructions ? call(listPatientInstructions, me, patient.id) : [],
    // care documents (tracing reports, admission information ...): inside consent only
    view.access === "consent" ? call(listPatientCareDocuments, me, patient.id) : [],
  ]);
  // the shared records (their facilities, then the facilities' own servers, the page's longest
  // wait): begun once the reads above are done, not beside them. Begun beside them, the demo's
  // in-process record servers took the database pool's connections (each FHIR request asks it
  // whether the facility knows the patient): the page's own content came at 59 ms instead of 40,
  // the whole page at 65 instead of 54 (medians, load 3, issue 16). Awaited where it renders.
  const sharedRecords =
    clinicalAccess && professionMaySee(me.profession, "clinical") ? startSharedRecords(me, patient.id) : null;
  const labels = consentFormLabels(t);
  const writesInstructions =
    readsInstructions &&
    INSTRUCTION_AUTHOR_PROFESSIONS.includes(me.profession) &&
    (me.facilityKind === "medical_clinic" || me.facilityKind === "hospital");
  const writableCareDocuments =
    view.access === "consent"
      ? CARE_DOCUMENT_KINDS.filter((k) => {
          const spec = CARE_DOCUMENT_SPECS[k];
          return (
            spec.author.professions.includes(me.profession) &&
            (spec.author.facilityKinds as readonly string[]).includes(me.facilityKind)
          );
        })
      : [];
  const basisStyle =
    view.access === "consent"
      ? "bg-green-100 text-green-800"
      : "bg-amber-100 text-amber-900 ring-2 ring-amber-400";

  return (
    <div className="space-y-4">
      <p className={`badge ${basisStyle}`} data-testid="access-basis">
        {t.patients.accessBasis[view.access]}
      </p>
      {view.access === "consent_administration" && (
        <p className="card border-amber-300 bg-amber-50 text-sm" data-testid="consent-admin-notice">
          {t.patients.consentAdminNotice}
        </p>
      )}
      {view.breakGlassExpiresAt && (
        <BreakGlassCountdown
          expiresAt={view.breakGlassExpiresAt}
          timeLabel={formatDateTime(view.breakGlassExpiresAt, locale)}
          labels={{
            endsAt: t.patients.breakGlassEndsAt,
            endingSoon: t.patients.breakGlassEndingSoon,
            ended: t.patients.breakGlassEnded,
            reload: t.patients.breakGlassReload,
          }}
        />
      )}
      <section className="card" data-testid="patient-header">
        <p className="text-sm text-slate-500">
          {patient.familyNameKana} {patient.givenNameKana}
        </p>
        <h1 className="text-2xl font-bold">
          {patient.familyName} {patient.givenName}
        </h1>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">{t.patients.regionalId}</dt>
            <dd className="font-mono">{patient.regionalId}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t.patients.birthDate}</dt>
            <dd>
              {formatBirthDate(patient.birthDate, locale)}（{t.patients.age(ageOn(patient.birthDate))}）・
              {t.common.sex[patient.sex]}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t.patients.address}</dt>
            <dd>
              〒{patient.postalCode} {patient.address}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t.patients.phone}</dt>
            <dd>{patient.phone}</dd>
          </div>
        </dl>
      </section>

      {REFERRAL_AUTHOR_PROFESSIONS.includes(me.profession) && view.access === "consent" && (
        <p>
          <Link className="btn-secondary" href={`/referrals/new?patientId=${patient.id}`}>
            {t.referrals.newReferral}
          </Link>
        </p>
      )}
      {/* 退院時サマリ: written by a hospital's doctors */}
      {SUMMARY_AUTHOR_PROFESSIONS.includes(me.profession) &&
        me.facilityKind === "hospital" &&
        view.access === "consent" && (
          <p>
            <StartSummaryButton
              patientId={patient.id}
              label={t.summaries.newSummary}
              pendingLabel={t.summaries.starting}
            />
          </p>
        )}

      {/* 地域連携パス: enrolled by the facility owning the first stage (the acute hospital) */}
      {professionMaySee(me.profession, PATHWAY_DATA) &&
        mayEnrolAt(me.facilityKind) &&
        view.access === "consent" && (
          <p>
            <Link
              className="btn-secondary"
              href={`/pathways/new?patientId=${patient.id}`}
              data-testid="enrol-pathway"
            >
              {t.pathways.enrolHere}
            </Link>
          </p>
        )}

      {view.access === "consent" && me.profession !== "clerk" && (
        <section className="card flex flex-wrap items-center gap-3" data-testid="patient-care-team">
          <div>
            <h2 className="font-semibold">{t.careTeam.patientCard}</h2>
            <p className="text-sm text-slate-600">{t.careTeam.patientCardHelp}</p>
          </div>
          <Link
            href={`/patients/${patient.id}/care-team`}
            className="btn-secondary ml-auto inline-flex min-h-11 items-center"
            data-testid="open-care-team"
          >
            {t.careTeam.open}
          </Link>
        </section>
      )}
      <PatientInstructions
        patientId={patient.id}
        instructions={instructions}
        mayWrite={writesInstructions}
        t={t}
        locale={locale}
      />
      <PatientCareDocuments
        patientId={patient.id}
        documents={careDocuments}
        writable={writableCareDocuments}
        m={t.careDocuments}
      />
      {pathways.length > 0 && (
        <section className="card" data-testid="patient-pathways">
          <h2 className="mb-2 font-semibold">{t.pathways.patientPathways}</h2>
          <ul className="divide-y divide-slate-100">
            {pathways.map((p) => (
              <li key={p.enrolmentId}>
                <Link
                  href={`/pathways/${p.enrolmentId}`}
                  className="flex min-h-11 flex-wrap items-center gap-2 py-2 text-sm hover:bg-brand-50"
                >
                  <span className="font-medium text-brand-700 underline">{p.pathwayName[locale]}</span>
                  <span className="badge bg-slate-100 text-slate-700">{t.pathways.statuses[p.status]}</span>
                  {p.stageName && (
                    <span className="text-slate-600">
                      {p.stageName[locale]}
                      {p.facilityName && ` ・ ${p.facilityName}`}
                    </span>
                  )}
                  <span className="text-xs text-slate-500">
                    {formatDate(p.startedOn, locale)}
                    {p.endedOn && ` – ${formatDate(p.endedOn, locale)}`}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {sharedRecords && (
        <SharedRecords actor={me} patientId={patient.id} reads={sharedRecords} t={t} locale={locale} />
      )}

      <section className="card">
        <h2 className="mb-2 font-semibold">{t.patients.localIds}</h2>
        <ul className="grid gap-1 text-sm sm:grid-cols-2">
          {view.localIds.map((l) => (
            <li key={l.facilityId} className="flex justify-between gap-2 border-b border-slate-100 py-1">
              <span>{l.facilityName}</span>
              <span className="font-mono">{l.localId}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" data-testid="consent-scope">
        <h2 className="mb-2 font-semibold">{t.patients.currentScope}</h2>
        <ul className="flex flex-wrap gap-2">
          {view.currentScope.map((s) => (
            <li key={`${s.consentId}-${s.facilityId}`} className="badge bg-brand-100 text-brand-800">
              {s.facilityName}
            </li>
          ))}
        </ul>
      </section>

      <section className="card space-y-4" data-testid="consent-history">
        <h2 className="font-semibold">{t.patients.consentHistory}</h2>
        {view.consents.map((c) => (
          <article key={c.id} className="rounded-md border border-slate-200 p-3">
            <div className="flex flex-wrap items-center gap-2">
              <span
                className={`badge ${c.withdrawnOn ? "bg-slate-200 text-slate-700" : "bg-green-100 text-green-800"}`}
              >
                {c.withdrawnOn ? t.patients.withdrawn : t.patients.active}
              </span>
              <span className="font-medium">{c.facilityName}</span>
              <span className="text-sm text-slate-600">
                {t.patients.obtainedOn}: {formatDate(c.obtainedOn, locale)}
                {c.withdrawnOn && ` ・ ${t.patients.withdrawnOn}: ${formatDate(c.withdrawnOn, locale)}`}
              </span>
            </div>
            <ol className="mt-2 space-y-1 border-l-2 border-slate-200 pl-3 text-sm">
              {c.events.map((ev) => (
                <li key={ev.id}>
                  <span className="font-medium">{t.patients.eventKinds[ev.kind]}</span>{" "}
                  {formatDate(ev.effectiveOn, locale)}
                  {ev.facilityNames.length > 0 && (
                    <span className="text-slate-600"> — {ev.facilityNames.join("、")}</span>
                  )}
                  {" ・ "}
                  <a
                    className="text-brand-700 underline"
                    href={`/api/consent-documents/${ev.documentId}`}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t.patients.viewDocument}
                  </a>
                  <span className="ml-2 text-xs text-slate-500">{formatDateTime(ev.recordedAt, locale)}</span>
                </li>
              ))}
            </ol>
            {!c.withdrawnOn && mayRecordConsentAt(me, c.facilityId) && (
              <div className="mt-3 grid gap-2">
                <ConsentEventForm mode="add" patientId={patient.id} consentId={c.id} labels={labels} />
                <ConsentEventForm
                  mode="withdraw"
                  patientId={patient.id}
                  consentId={c.id}
                  facilities={c.scope
                    .filter((s) => !s.withdrawnOn)
                    .map((s) => ({
                      id: s.facilityId,
                      name: s.facilityName,
                      kindLabel: t.common.facilityKinds[s.facilityKind],
                    }))}
                  labels={labels}
                />
              </div>
            )}
          </article>
        ))}
        {view.consents.some((c) => !c.withdrawnOn) &&
          view.consents.every((c) => c.withdrawnOn || mayRecordConsentAt(me, c.facilityId)) && (
            <ConsentEventForm mode="leave" patientId={patient.id} facilities={[]} labels={labels} />
          )}
        {mayRecordConsentAt(me, me.facilityId) && (
          <ConsentEventForm
            mode="grant"
            patientId={patient.id}
            labels={labels}
            asksSignedAt={me.roles.includes("network_admin")}
          />
        )}
      </section>

      {(me.roles.includes("network_admin") || me.roles.includes("facility_admin")) && (
        <p>
          <Link
            className="text-sm text-brand-700 underline"
            href={
              me.roles.includes("network_admin")
                ? `/audit?historyFor=${patient.id}`
                : `/patients/${patient.id}/access-history`
            }
          >
            {t.patients.accessHistory}
          </Link>
        </p>
      )}
    </div>
  );
}
