import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { listReadingFacilityOptions } from "@/server/domain/readings/reading-facilities";
import { formatDate, getI18n, titled } from "@/app/i18n";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";
import { ReadingRequestForm } from "./reading-request-form";
import { DiscReadingRequestForm } from "./disc-reading-form";
import { firstParam } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.newReadingRequest");

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => firstParam(v) ?? "";

/**
 * 読影依頼の作成, from one of two sources: a study on the patient's image list
 * (it travels in the address with the list's signature, checked again when the
 * request is sent) or a CD/DVD the requester uploads (`?source=disc`, or no study
 * in the address). The hospitals offered are those inside the patient's consent.
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
  const fromPacs = one(s.studyUid) !== "" && one(s.source) !== "disc";
  const labels = {
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
  };
  /** this form's address with the other source */
  const sourceHref = (source: "pacs" | "disc") => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(s)) if (k !== "source" && v !== undefined) q.set(k, one(v));
    if (source === "disc") q.set("source", "disc");
    return `/readings/new?${q.toString()}`;
  };
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{m.newTitle}</h1>
      {one(s.studyUid) !== "" && (
        <nav className="flex gap-2" aria-label={m.study} data-testid="reading-sources">
          <Link className={fromPacs ? "btn-primary" : "btn-secondary"} href={sourceHref("pacs")}>
            {m.sources.pacs}
          </Link>
          <Link
            className={fromPacs ? "btn-secondary" : "btn-primary"}
            href={sourceHref("disc")}
            data-testid="source-disc"
          >
            {m.sources.disc}
          </Link>
        </nav>
      )}
      {!fromPacs && one(s.studyUid) === "" && <h2 className="font-semibold">{m.sources.disc}</h2>}
      {fromPacs && (
        <section className="card space-y-1" data-testid="reading-study">
          <h2 className="text-sm font-semibold text-slate-600">{m.study}</h2>
          <p className="font-medium">
            {label.description || label.modalities.join(" / ") || one(s.studyUid)}
          </p>
          <p className="text-sm text-slate-600">
            {[label.date ? formatDate(label.date, locale) : null, label.modalities.join("・") || null]
              .filter(Boolean)
              .join(" ・ ")}
          </p>
        </section>
      )}
      {options.length === 0 ? (
        <p className="card text-slate-700">{m.noFacilities}</p>
      ) : fromPacs ? (
        <ReadingRequestForm
          patientId={patientId}
          study={{ facilityId: one(s.facilityId), studyUid: one(s.studyUid), sig: one(s.sig), label }}
          facilities={options}
          labels={labels}
        />
      ) : (
        <DiscReadingRequestForm
          patientId={patientId}
          facilities={options}
          labels={labels}
          disc={m.disc}
          sexes={t.common.sex}
        />
      )}
      <Link className="btn-secondary" href={`/patients/${patientId}`}>
        {m.backToPatient}
      </Link>
    </div>
  );
}
