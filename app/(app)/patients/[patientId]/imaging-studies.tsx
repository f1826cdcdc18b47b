import Link from "next/link";
import type { Actor } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import {
  listImagingStudies,
  type ImagingStudy,
  type ImagingStudyList,
} from "@/server/domain/images/list-imaging-studies";
import { READING_PROFESSIONS } from "@/server/domain/readings/load-reading";
import { formatDate, translateMessage, type Locale, type Messages } from "@/app/i18n";
import { FacilityStatusItem } from "./shared-records-view";
import { call } from "@/app/lib/call";
import { viewerHref } from "@/app/lib/imaging-stack";

/** Where the viewer opens a study: the signature the list gave travels with it. */
export { viewerHref };

/** The reading request form for one listed study: its signature and its label travel with it. */
export function readingRequestHref(patientId: string, study: ImagingStudy) {
  const q = new URLSearchParams({
    patientId,
    facilityId: study.facilityId,
    studyUid: study.studyUid,
    sig: study.sig,
    modalities: study.modalities.join(","),
    description: study.description,
  });
  if (study.date) q.set("date", study.date);
  return `/readings/new?${q.toString()}`;
}

/**
 * 画像検査 / Imaging studies on the patient's page: the studies in each PACS
 * inside consent, newest first, each opening the viewer; a PACS that is down or
 * slow is named with its facility, and the others are shown all the same.
 */
export async function ImagingStudies({
  actor,
  patientId,
  t,
  locale,
}: {
  actor: Actor;
  patientId: string;
  t: Messages;
  locale: Locale;
}) {
  const m = t.images;
  const asksReadings = READING_PROFESSIONS.includes(actor.profession);
  let list: ImagingStudyList;
  try {
    list = await call(listImagingStudies, actor, { patientId });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return <p className="text-sm text-slate-600">{translateMessage(locale, e)}</p>;
  }
  // a disc the patient brought can be sent for reading whether or not a PACS in consent holds studies
  const discLink = asksReadings && (
    <Link
      className="btn-secondary w-full sm:w-auto"
      href={`/readings/new?${new URLSearchParams({ patientId, source: "disc" }).toString()}`}
      data-testid="request-reading-disc"
    >
      {t.readings.sources.disc}
    </Link>
  );
  if (list.facilities.length === 0) return discLink ? <div>{discLink}</div> : null;
  return (
    <div className="space-y-3" data-testid="imaging-studies">
      <h3 className="text-sm font-semibold">{m.title}</h3>
      <p className="text-xs text-slate-600">{m.help}</p>
      {discLink}
      <ul className="flex flex-col gap-2 sm:flex-row sm:flex-wrap" data-testid="imaging-facility-statuses">
        {list.facilities.map((f) => (
          <FacilityStatusItem
            key={f.facilityId}
            row={{
              facilityId: f.facilityId,
              name: f.name,
              status: f.status,
              statusLabel:
                f.status === "ok" ? `${m.statuses.ok}・${m.studies(f.studies)}` : m.statuses[f.status],
              message: f.reason ? m.reasons[f.reason] : null,
              notes: [],
            }}
          />
        ))}
      </ul>
      {list.studies.length === 0 ? (
        <p className="text-sm text-slate-600">{m.none}</p>
      ) : (
        <ol className="divide-y divide-slate-100" data-testid="imaging-study-list">
          {list.studies.map((s) => (
            <li
              key={`${s.facilityId}/${s.studyUid}`}
              className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
              data-testid="imaging-study"
              data-modalities={s.modalities.join(",")}
            >
              <div className="space-y-1">
                <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <span className="font-mono">{s.date ? formatDate(s.date, locale) : m.undated}</span>
                  {s.modalities.map((mod) => (
                    <span key={mod} className="badge bg-sky-100 text-sky-800">
                      {mod}
                    </span>
                  ))}
                  <span>{s.facilityName}</span>
                </p>
                <p className="font-medium break-words">{s.description || s.modalities.join(" / ")}</p>
                <p className="text-xs text-slate-500">
                  {s.series !== null && m.series(s.series)}
                  {s.series !== null && s.instances !== null && "・"}
                  {s.instances !== null && m.images(s.instances)}
                </p>
              </div>
              <div className="flex flex-col gap-2 sm:flex-row">
                <Link
                  className="btn-primary w-full sm:w-auto"
                  href={viewerHref(patientId, s)}
                  data-testid="open-study"
                >
                  {m.open}
                </Link>
                {asksReadings && (
                  <Link
                    className="btn-secondary w-full sm:w-auto"
                    href={readingRequestHref(patientId, s)}
                    data-testid="request-reading"
                  >
                    {t.readings.ask}
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
