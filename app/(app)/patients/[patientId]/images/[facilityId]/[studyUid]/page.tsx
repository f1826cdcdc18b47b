import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { openImagingStudy, type OpenedImagingStudy } from "@/server/domain/images/open-imaging-study";
import { formatDate, getI18n, titled, type Locale, type Messages } from "@/app/i18n";
import { viewerHref } from "@/app/lib/imaging-stack";
import { StudyViewer, type ViewerLabels } from "./study-viewer";
import { StudyComparison } from "./study-comparison";
import { ComparisonChooser } from "./comparison-chooser";
import { KeyImageMarker } from "./key-image-marker";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.imageViewer");
export const dynamic = "force-dynamic";

type Search = {
  sig?: string;
  /** the second study of a comparison (its facility, UID and list signature) */
  compareFacility?: string;
  compareStudy?: string;
  compareSig?: string;
  /** "1": list the patient's other studies to compare with */
  choose?: string;
  /** "scroll", "voi" or both, comma-separated */
  link?: string;
  /** 1-based slice the first series opens at */
  slice?: string;
  /** opened from a reading request to write its report (its key images are marked here) */
  reading?: string;
};

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/**
 * 画像ビューア / The viewer page of one study, or of two side by side: opening
 * each is the audited view (openImagingStudy, once per study); the viewers then
 * load metadata and frames through the proxy routes under /api/images, each
 * checked again. The comparison lives in the URL, so it can be shared (the
 * reader it is shared with is checked for each study). A refusal or a PACS that
 * does not answer is said on the page, with the way back to the patient.
 */
export default async function StudyViewerPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string; facilityId: string; studyUid: string }>;
  searchParams: Promise<Search>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.images;
  const { patientId, facilityId, studyUid } = await params;
  const search = await searchParams;
  const sig = one(search.sig);
  const reading = one(search.reading);
  const readingId = /^[0-9a-f-]{36}$/i.test(reading) ? reading : null;
  const compared = search.compareFacility
    ? {
        facilityId: one(search.compareFacility),
        studyUid: one(search.compareStudy),
        sig: one(search.compareSig),
      }
    : null;
  const links = one(search.link).split(",");
  const slice = Math.max(0, Math.trunc(Number(one(search.slice)) || 1) - 1);

  const refusal = (e: unknown) => {
    if (!isDomainError(e)) throw e;
    return (
      <section className="card border-red-300 bg-red-50" data-testid="viewer-refused" data-code={e.code}>
        <h1 className="text-lg font-bold text-red-800">{m.viewerTitle}</h1>
        <p className="mt-2 text-red-900">{tr(e)}</p>
      </section>
    );
  };
  const back = (
    <Link className="btn-secondary" href={`/patients/${patientId}#shared-records`}>
      {m.back}
    </Link>
  );

  let study: OpenedImagingStudy;
  try {
    study = await call(openImagingStudy, me, { patientId, facilityId, studyUid, sig });
  } catch (e) {
    if (isDomainError(e) && e.code === "VALIDATION") notFound();
    return (
      <div className="space-y-4">
        {refusal(e)}
        {back}
      </div>
    );
  }
  const labels = viewerLabels(t);
  const apiBase = (s: OpenedImagingStudy) => `/api/images/${s.patientId}/${s.facilityId}/${s.studyUid}`;

  let second: OpenedImagingStudy | null = null;
  let secondRefused: ReactNode = null;
  if (compared) {
    try {
      second = await call(openImagingStudy, me, { patientId, ...compared });
    } catch (e) {
      secondRefused = refusal(e);
    }
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        {second ? (
          <h1 className="text-lg font-bold">{m.viewerTitle}</h1>
        ) : (
          <StudyHeading study={study} m={m} locale={locale} level="h1" />
        )}
        <div className="flex flex-wrap gap-2">
          {second || compared ? (
            <Link className="btn-secondary" href={viewerHref(patientId, study)} data-testid="end-compare">
              {m.endCompare}
            </Link>
          ) : (
            <Link
              className="btn-secondary"
              href={`${viewerHref(patientId, study)}&choose=1`}
              data-testid="compare"
            >
              {m.compare}
            </Link>
          )}
          {back}
        </div>
      </div>
      {secondRefused}
      {one(search.choose) === "1" && !second && (
        <ComparisonChooser actor={me} patientId={patientId} study={study} t={t} locale={locale} />
      )}
      {second ? (
        <StudyComparison
          viewers={[
            {
              apiBase: apiBase(study),
              sig: study.sig,
              series: study.series,
              heading: <StudyHeading study={study} m={m} locale={locale} level="h2" />,
            },
            {
              apiBase: apiBase(second),
              sig: second.sig,
              series: second.series,
              heading: <StudyHeading study={second} m={m} locale={locale} level="h2" />,
            },
          ]}
          viewerLabels={labels}
          labels={{ linkScroll: m.linkScroll, linkVoi: m.linkVoi, linkedBy: m.linkedBy }}
          initialLink={{ scroll: links.includes("scroll"), voi: links.includes("voi") }}
        />
      ) : (
        <StudyViewer
          apiBase={apiBase(study)}
          sig={study.sig}
          series={study.series}
          labels={labels}
          initialSlice={slice}
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
      )}
    </div>
  );
}

function StudyHeading({
  study,
  m,
  locale,
  level,
}: {
  study: OpenedImagingStudy;
  m: Messages["images"];
  locale: Locale;
  level: "h1" | "h2";
}) {
  const Title = level;
  return (
    <div data-testid="study-heading">
      <Title className={level === "h1" ? "text-lg font-bold" : "font-semibold"}>
        {study.description || study.modalities.join(" / ") || m.viewerTitle}
      </Title>
      <p className="text-sm text-slate-600">
        {study.date ? formatDate(study.date, locale) : m.undated}・{study.facilityName}・
        {study.modalities.join(" / ")}
      </p>
    </div>
  );
}

function viewerLabels(t: Messages): ViewerLabels {
  const m = t.images;
  return {
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
  };
}
