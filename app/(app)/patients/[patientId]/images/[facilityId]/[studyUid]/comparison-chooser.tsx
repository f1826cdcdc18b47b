import Link from "next/link";
import type { Actor } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import { listImagingStudies, type ImagingStudyList } from "@/server/domain/images/list-imaging-studies";
import { formatDate, translateMessage, type Locale, type Messages } from "@/app/i18n";
import { viewerHref } from "@/app/lib/imaging-stack";
import { call } from "@/app/lib/call";

/**
 * The patient's other studies (every facility inside consent, the list the
 * patient page shows, audited as that list is), each opening the comparison
 * with the study on screen.
 */
export async function ComparisonChooser({
  actor,
  patientId,
  study,
  t,
  locale,
}: {
  actor: Actor;
  patientId: string;
  study: { facilityId: string; studyUid: string; sig: string };
  t: Messages;
  locale: Locale;
}) {
  const m = t.images;
  let list: ImagingStudyList;
  try {
    list = await call(listImagingStudies, actor, { patientId });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <p className="text-sm text-slate-600">{translateMessage(locale, e)}</p>;
  }
  const others = list.studies.filter(
    (s) => s.facilityId !== study.facilityId || s.studyUid !== study.studyUid,
  );
  return (
    <section className="card space-y-2" data-testid="comparison-chooser">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">{m.chooseCompared}</h2>
        <Link className="text-sm text-brand-700 underline" href={viewerHref(patientId, study)}>
          {m.cancel}
        </Link>
      </div>
      {others.length === 0 ? (
        <p className="text-sm text-slate-600">{m.noOtherStudies}</p>
      ) : (
        <ol className="divide-y divide-slate-100">
          {others.map((s) => (
            <li
              key={`${s.facilityId}/${s.studyUid}`}
              className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between"
              data-testid="comparable-study"
              data-modalities={s.modalities.join(",")}
            >
              <p className="text-sm break-words">
                <span className="font-mono">{s.date ? formatDate(s.date, locale) : m.undated}</span>・
                {s.description || s.modalities.join(" / ")}・{s.facilityName}
              </p>
              <Link
                className="btn-secondary w-full sm:w-auto"
                href={viewerHref(patientId, study, s)}
                data-testid="compare-with"
              >
                {m.compareWith}
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
