import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { openImagingStudy, type OpenedImagingStudy } from "@/server/domain/images/open-imaging-study";
import { formatDate, getI18n, titled } from "@/app/i18n";
import { KeyImageMarker } from "./key-image-marker";
import { StudyViewer } from "./study-viewer";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.imageViewer");
export const dynamic = "force-dynamic";

/**
 * 画像ビューア / The viewer page of one study: opening it is the audited view
 * (openImagingStudy); the viewer then loads metadata and frames through the
 * proxy routes under /api/images, each checked again. A refusal or a PACS that
 * does not answer is said on the page, with the way back to the patient.
 */
export default async function StudyViewerPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string; facilityId: string; studyUid: string }>;
  /** reading: opened from a reading request to write its report (its key images are marked here) */
  searchParams: Promise<{ sig?: string; reading?: string }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.images;
  const { patientId, facilityId, studyUid } = await params;
  const { sig = "", reading } = await searchParams;
  const readingId = reading && /^[0-9a-f-]{36}$/i.test(reading) ? reading : null;
  let study: OpenedImagingStudy;
  try {
    study = await call(openImagingStudy, me, { patientId, facilityId, studyUid, sig });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "VALIDATION") notFound();
    return (
      <div className="space-y-4">
        <section className="card border-red-300 bg-red-50" data-testid="viewer-refused" data-code={e.code}>
          <h1 className="text-lg font-bold text-red-800">{m.viewerTitle}</h1>
          <p className="mt-2 text-red-900">{tr(e)}</p>
        </section>
        <Link className="btn-secondary" href={`/patients/${patientId}`}>
          {m.back}
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 className="text-lg font-bold">
            {study.description || study.modalities.join(" / ") || m.viewerTitle}
          </h1>
          <p className="text-sm text-slate-600">
            {study.date ? formatDate(study.date, locale) : m.undated}・{study.facilityName}・
            {study.modalities.join(" / ")}
          </p>
        </div>
        <Link className="btn-secondary" href={`/patients/${patientId}#shared-records`}>
          {m.back}
        </Link>
      </div>
      <StudyViewer
        apiBase={`/api/images/${study.patientId}/${study.facilityId}/${study.studyUid}`}
        sig={study.sig}
        series={study.series}
        labels={{
          seriesList: m.seriesList,
          slice: m.slice,
          window: m.window,
          presets: m.presets,
          presetNames: m.presetNames,
          tools: m.tools,
          toolNames: m.toolNames,
          reset: m.reset,
          measurements: m.measurements,
          noMeasurements: m.noMeasurements,
          loadingSeries: m.loadingSeries,
          loaded: m.loaded,
          failed: m.failed,
          help: m.viewerHelp,
        }}
      >
        {readingId && (
          <KeyImageMarker
            readingId={readingId}
            labels={{
              markKeyImage: t.readings.markKeyImage,
              keyImageNote: t.readings.keyImageNote,
              keyImageMarked: t.readings.keyImageMarked,
              conflict: t.readings.conflict,
              showLatest: t.readings.showLatest,
            }}
          />
        )}
      </StudyViewer>
    </div>
  );
}
