import { Suspense } from "react";
import type { Actor } from "@/server/model/permissions";
import { isDomainError } from "@/server/errors";
import { openRecordsSection } from "@/server/domain/records/get-record-timeline";
import type { Locale, Messages } from "@/app/i18n";
import { SharedRecordsTimeline } from "./shared-records-timeline";
import { call } from "@/app/lib/call";
import { ImagingStudies } from "./imaging-studies";

/** The section's read (the facilities, the timeline under way); null: refused, the section is not shown. */
export type SharedRecordsRead = Promise<Awaited<ReturnType<typeof openRecordsSection>> | null>;

/**
 * Starts the shared records' read (one access check: the facilities holding records and each
 * facility's timeline) for the page to run beside its own reads: the timeline waits on the
 * facilities' own servers, and begun only when this section rendered it ended the page later
 * than anything else on it (issue 16). Audited as before, once every facility has answered.
 */
export function startSharedRecords(actor: Actor, patientId: string): SharedRecordsRead {
  const read = call(openRecordsSection, actor, { patientId }).catch((e: unknown) => {
    if (isDomainError(e)) return null;
    throw e;
  });
  // the page may fail before it renders this section: a rejection then is not an unhandled one
  // (the render that awaits it still sees it)
  read.catch(() => undefined);
  return read;
}

/**
 * 共有記録 / Shared records: the facilities holding the patient's records inside
 * consent, each with a link-out to its own viewer (through our audited
 * redirect), and the merged timeline, streamed in when the facilities answer.
 */
export async function SharedRecords({
  actor,
  patientId,
  reads,
  t,
  locale,
}: {
  actor: Actor;
  patientId: string;
  reads: SharedRecordsRead;
  t: Messages;
  locale: Locale;
}) {
  const r = t.records;
  const section = await reads;
  if (!section) return null;
  const { facilities, timeline } = section;
  return (
    <section id="shared-records" className="card scroll-mt-20 space-y-4" data-testid="shared-records">
      <div>
        <h2 className="font-semibold">{r.title}</h2>
        <p className="mt-1 text-sm text-slate-600">{r.help}</p>
      </div>
      {facilities.length === 0 ? (
        <p className="text-sm text-slate-600">{r.none}</p>
      ) : (
        <ul className="grid gap-2 sm:grid-cols-2" data-testid="record-facilities">
          {facilities.map((f) => (
            <li
              key={f.facilityId}
              className="flex flex-col gap-2 rounded-md border border-slate-200 p-3"
              data-testid="record-facility"
            >
              <div>
                <p className="font-medium">{f.name}</p>
                <p className="text-xs text-slate-500">
                  {t.common.facilityKinds[f.kind]}・{r.localId} <span className="font-mono">{f.localId}</span>
                </p>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                {f.hasViewer ? (
                  <a
                    className="btn-secondary w-full sm:w-auto"
                    href={`/api/records/${patientId}/facilities/${f.facilityId}/viewer`}
                    target="_blank"
                    rel="noopener noreferrer"
                    data-testid="record-viewer-link"
                  >
                    {r.openViewer}
                  </a>
                ) : (
                  <span className="badge bg-slate-100 text-slate-600">{r.noViewer}</span>
                )}
                {!f.hasFhir && <span className="badge bg-slate-100 text-slate-600">{r.noFhir}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
      {facilities.some((f) => f.hasPacs) && (
        <Suspense fallback={<p className="animate-pulse text-sm text-slate-500">{t.images.loading}</p>}>
          <ImagingStudies actor={actor} patientId={patientId} t={t} locale={locale} />
        </Suspense>
      )}
      {timeline && (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">{r.timeline}</h3>
          <Suspense
            fallback={
              <p className="animate-pulse text-sm text-slate-500" data-testid="record-timeline-loading">
                {r.loading}
              </p>
            }
          >
            <SharedRecordsTimeline
              stream={timeline}
              patientId={patientId}
              t={t}
              locale={locale}
              pacsFacilityIds={facilities.filter((f) => f.hasPacs).map((f) => f.facilityId)}
            />
          </Suspense>
        </div>
      )}
    </section>
  );
}
