import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { listReadingFacilityOptions } from "@/server/domain/readings/reading-facilities";
import { formatDate, getI18n, titled } from "@/app/i18n";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";
import { ReadingRequestForm } from "./reading-request-form";

export const generateMetadata = titled("titles.newReadingRequest");

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/**
 * 読影依頼の作成, opened from a study on the patient's image list: the study
 * travels in the address with the list's signature (checked again when the
 * request is sent), the hospitals offered are those inside the patient's consent.
 */
export default async function NewReadingRequestPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.readings;
  const s = await searchParams;
  const patientId = one(s.patientId);
  let options: Awaited<ReturnType<typeof listReadingFacilityOptions>>;
  try {
    options = await call(listReadingFacilityOptions, me, patientId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <RefusedCard testId="reading-refused">{tr(e)}</RefusedCard>;
  }
  const label = {
    date: /^\d{4}-\d{2}-\d{2}$/.test(one(s.date)) ? one(s.date) : null,
    modalities: one(s.modalities)
      .split(",")
      .filter((x) => /^[A-Z0-9]{1,16}$/.test(x))
      .slice(0, 8),
    description: one(s.description).slice(0, 200),
  };
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{m.newTitle}</h1>
      <section className="card space-y-1" data-testid="reading-study">
        <h2 className="text-sm font-semibold text-slate-600">{m.study}</h2>
        <p className="font-medium">{label.description || label.modalities.join(" / ") || one(s.studyUid)}</p>
        <p className="text-sm text-slate-600">
          {[label.date ? formatDate(label.date, locale) : null, label.modalities.join("・") || null]
            .filter(Boolean)
            .join(" ・ ")}
        </p>
      </section>
      {options.length === 0 ? (
        <p className="card text-slate-700">{m.noFacilities}</p>
      ) : (
        <ReadingRequestForm
          patientId={patientId}
          study={{ facilityId: one(s.facilityId), studyUid: one(s.studyUid), sig: one(s.sig), label }}
          facilities={options}
          labels={{
            readingFacility: m.readingFacility,
            chooseFacility: m.chooseFacility,
            clinicalQuestion: m.clinicalQuestion,
            clinicalQuestionHint: m.clinicalQuestionHint,
            relevantHistory: m.relevantHistory,
            urgency: m.urgency,
            urgencies: m.urgencies,
            urgencyHelp: m.urgencyHelp,
            send: m.send,
            sending: m.sending,
          }}
        />
      )}
      <Link className="btn-secondary" href={`/patients/${patientId}`}>
        {m.backToPatient}
      </Link>
    </div>
  );
}
