import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getReading, type ReadingView } from "@/server/domain/readings/get-reading";
import { formatBirthDate, formatDate, formatDateTime, getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";
import { viewerHref } from "../../patients/[patientId]/imaging-studies";
import { ReadingStatusBadge, ReadingUrgencyBadge } from "../reading-badges";
import { ReadingCommands } from "./reading-commands";
import { KeyImages } from "./key-images";
import { KeyImagesFollow } from "./key-images-follow";
import type { KeyImage } from "@/server/model/reading-report";
import { ReportEditor } from "./report-editor";
import { firstParam as one } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.readingRequest");

type Search = Record<string, string | string[] | undefined>;
const READING_KINDS = ["reading_status", "reading_reported", "reading_acknowledged"] as const;

/**
 * One reading request: the question and the study (opened in the viewer inside
 * the patient's consent), the report (a signed version, its history, PDF and
 * FHIR), the steps open to the reader, and for the reading physician the
 * report form beside it.
 */
export default async function ReadingPage({
  params,
  searchParams,
}: {
  params: Promise<{ readingId: string }>;
  searchParams: Promise<Search>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.readings;
  const { readingId } = await params;
  const raw = one((await searchParams).version);
  const version = raw && /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : undefined;
  let r: ReadingView;
  try {
    r = await call(getReading, me, readingId, { version });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    return <RefusedCard testId="reading-refused">{tr(e)}</RefusedCard>;
  }
  const open = r.status === "requested" || r.status === "accepted";
  const shownContent = r.shown?.content ?? null;
  const keyImageLabels = {
    keyImages: m.keyImages,
    noKeyImages: m.noKeyImages,
    removeKeyImage: m.removeKeyImage,
    conflict: m.conflict,
    showLatest: m.showLatest,
  };
  const captioned = (keyImages: KeyImage[]) =>
    keyImages.map((k, i) => ({
      ...k,
      caption: m.keyImageCaption(i + 1, k.frame, k.windowWidth, k.windowCenter),
    }));
  return (
    <div className="space-y-4">
      <LiveRefresh kinds={READING_KINDS} />
      {r.mayWriteReport && <KeyImagesFollow readingId={r.id} />}
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-bold">{m.title}</h1>
        <ReadingStatusBadge status={r.status} label={m.statuses[r.status]} />
        <ReadingUrgencyBadge urgency={r.urgency} label={m.urgencies[r.urgency]} />
        {r.overdue && <span className="badge bg-red-600 text-white">{m.overdue}</span>}
      </div>
      <section className="card space-y-2" data-testid="reading-request">
        <p className="text-lg font-semibold" data-testid="reading-patient">
          {r.patient.name}{" "}
          <span className="text-sm font-normal text-slate-500">
            {r.patient.kana} ・ {formatBirthDate(r.patient.birthDate, locale)} ・ {r.patient.regionalId}
          </span>
        </p>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-slate-500">{m.requester}</dt>
          <dd>
            {r.requester.facilityName} {r.requester.name}
          </dd>
          <dt className="text-slate-500">{m.reader}</dt>
          <dd>
            {r.reading.facilityName}
            {r.reading.radiologistName ? `（${m.radiologist} ${r.reading.radiologistName}）` : ""}
          </dd>
          <dt className="text-slate-500">{m.requestedAt}</dt>
          <dd>
            {formatDateTime(r.requestedAt, locale)}
            {open ? ` ・ ${m.due} ${formatDateTime(r.dueAt, locale)}` : ""}
          </dd>
          <dt className="text-slate-500">{m.clinicalQuestion}</dt>
          <dd className="whitespace-pre-wrap">{r.clinicalQuestion}</dd>
          {r.relevantHistory && (
            <>
              <dt className="text-slate-500">{m.relevantHistory}</dt>
              <dd className="whitespace-pre-wrap">{r.relevantHistory}</dd>
            </>
          )}
          {r.closingNote && (
            <>
              <dt className="text-slate-500">{m.closingNote}</dt>
              <dd className="whitespace-pre-wrap">{r.closingNote}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="card flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 className="text-sm font-semibold text-slate-600">{m.study}</h2>
          <p className="font-medium">
            {r.study.description || r.study.modalities.join(" / ") || r.study.studyUid}
          </p>
          <p className="text-sm text-slate-600">
            {[
              r.study.date ? formatDate(r.study.date, locale) : null,
              r.study.modalities.join("・") || null,
              `${m.studyFacility} ${r.study.facilityName}`,
            ]
              .filter(Boolean)
              .join(" ・ ")}
          </p>
        </div>
        <Link
          className="btn-primary w-full sm:w-auto"
          href={
            r.mayWriteReport
              ? `${viewerHref(r.patient.id, r.study)}&reading=${r.id}`
              : viewerHref(r.patient.id, r.study)
          }
          target="_blank"
          data-testid="reading-open-viewer"
        >
          {r.mayWriteReport ? m.openViewerToMark : m.openViewer}
        </Link>
      </section>
      <ReadingCommands
        readingId={r.id}
        revision={r.revision}
        reportedVersion={r.reportedVersion}
        commands={r.commands}
        labels={{
          accept: m.accept,
          decline: m.decline,
          cancel: m.cancel,
          reason: m.reason,
          acknowledge: m.acknowledge,
          conflict: m.conflict,
          showLatest: m.showLatest,
        }}
      />
      <section className="card space-y-3" data-testid="reading-report">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="font-semibold">
            {m.report}
            {r.shown ? ` ${m.version(r.shown.version)}` : ""}
          </h2>
          {r.shown && (
            <span className="flex flex-wrap items-center gap-3 text-sm" data-testid="reading-documents">
              <span className="text-slate-500">{m.documents}:</span>
              <a
                className="text-brand-700 underline"
                href={`/api/readings/${r.id}/report.pdf?version=${r.shown.version}`}
              >
                {m.pdf}
              </a>
              <a
                className="text-brand-700 underline"
                href={`/api/readings/${r.id}/report.fhir.json?version=${r.shown.version}`}
              >
                {m.fhir}
              </a>
            </span>
          )}
        </div>
        {r.shown && shownContent ? (
          <dl className="space-y-2">
            {r.shown.amendmentNote && (
              <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">
                {m.amendmentNote}: {r.shown.amendmentNote}
              </p>
            )}
            <dt className="text-sm text-slate-500">{m.findings}</dt>
            <dd className="whitespace-pre-wrap" data-testid="shown-findings">
              {shownContent.findings}
            </dd>
            <dt className="text-sm text-slate-500">{m.impression}</dt>
            <dd className="whitespace-pre-wrap font-semibold" data-testid="shown-impression">
              {shownContent.impression}
            </dd>
            {shownContent.recommendations && (
              <>
                <dt className="text-sm text-slate-500">{m.recommendations}</dt>
                <dd className="whitespace-pre-wrap">{shownContent.recommendations}</dd>
              </>
            )}
            {r.shown.keyImages.length > 0 && (
              <KeyImages
                readingId={r.id}
                keyImages={captioned(r.shown.keyImages)}
                removable={false}
                labels={keyImageLabels}
                testId="shown-key-images"
              />
            )}
            <p className="text-xs text-slate-500">
              {m.signedBy}: {r.shown.authorName} {formatDateTime(r.shown.signedAt, locale)}
              {r.acknowledged
                ? ` ・ ${m.acknowledged}: ${r.acknowledged.name ?? ""}（${m.version(r.acknowledged.version)}）`
                : ""}
            </p>
          </dl>
        ) : (
          <p className="text-slate-600">{m.noReport}</p>
        )}
        {r.versions.length > 1 && (
          <nav className="flex flex-wrap gap-2 text-sm" aria-label={m.versions}>
            <span className="text-slate-500">{m.versions}:</span>
            {r.versions.map((v) => (
              <Link
                key={v.version}
                href={`/readings/${r.id}?version=${v.version}`}
                aria-current={r.shown?.version === v.version ? "page" : undefined}
                className="text-brand-700 underline"
              >
                {m.version(v.version)}（{formatDateTime(v.signedAt, locale)}）
              </Link>
            ))}
          </nav>
        )}
      </section>
      {r.mayWriteReport && (
        <ReportEditor
          key={r.revision}
          readingId={r.id}
          revision={r.revision}
          initial={
            r.draft?.content ??
            (r.reportedVersion > 0 && shownContent && r.shown?.version === r.reportedVersion
              ? shownContent
              : { findings: "", impression: "", recommendations: "" })
          }
          amending={r.reportedVersion > 0}
          initialAmendmentNote={r.draft?.amendmentNote ?? ""}
          labels={{
            title: r.reportedVersion > 0 ? m.amendEditor : m.editor,
            findings: m.findings,
            impression: m.impression,
            recommendations: m.recommendations,
            amendmentNote: m.amendmentNote,
            saveDraft: m.saveDraft,
            saved: m.saved,
            sign: m.sign,
            signConfirm: m.signConfirm,
            conflict: m.conflict,
            showLatest: m.showLatest,
          }}
        >
          <KeyImages
            readingId={r.id}
            keyImages={captioned(r.draftKeyImages)}
            removable
            labels={keyImageLabels}
            testId="draft-key-images"
          />
        </ReportEditor>
      )}
      <Link className="btn-secondary" href="/readings">
        {m.title}
      </Link>
    </div>
  );
}
