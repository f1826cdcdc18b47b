import { getDb } from "@/server/db/client";
import type { Actor } from "@/server/auth/permissions";
import { isDomainError } from "@/server/errors";
import { getRecordTimeline, type RecordTimeline } from "@/server/domain/records/get-record-timeline";
import { formatDate, formatDateTime, type Locale, type Messages } from "@/app/i18n";
import { SharedRecordsTimelineView, type FacilityStatusRow, type TimelineRow } from "./shared-records-view";

const EXTENSIONS: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "image/webp": ".webp",
  "application/pdf": ".pdf",
  "application/dicom": ".dcm",
  "text/plain": ".txt",
};

/** A file name for saving: the record's title without path or control characters, with an extension. */
function fileNameOf(title: string, contentType: string) {
  // titles are plain text already (no control characters); path and reserved characters go
  const base = title.replace(/[\\/:*?"<>|]/g, "_").slice(0, 80) || "record";
  const ext = EXTENSIONS[contentType] ?? "";
  return base.toLowerCase().endsWith(ext) ? base : `${base}${ext}`;
}

function dateLabel(date: string | null, locale: Locale, undated: string) {
  if (!date) return undated;
  if (date.includes("T")) return formatDateTime(date, locale);
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return formatDate(date, locale);
  return date;
}

/**
 * The timeline, fetched from the facilities while the rest of the page is
 * already shown (the page renders this inside Suspense and streams it in).
 */
export async function SharedRecordsTimeline({
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
  const r = t.records;
  let timeline: RecordTimeline;
  try {
    timeline = await getRecordTimeline(await getDb(), actor, { patientId });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return (
      <p role="alert" className="text-sm text-red-700">
        {e.message}
      </p>
    );
  }
  const statuses: FacilityStatusRow[] = timeline.facilities.map((f) => ({
    facilityId: f.facilityId,
    name: f.name,
    status: f.status,
    statusLabel: f.status === "ok" ? `${r.statuses.ok}・${r.entries(f.entries)}` : r.statuses[f.status],
    message: f.reason
      ? `${r.reasons[f.reason]}${f.httpStatus ? `（${r.httpStatus(f.httpStatus)}）` : ""}`
      : null,
    notes: [...(f.skipped ? [r.skipped(f.skipped)] : []), ...(f.truncated ? [r.truncated] : [])],
  }));
  const rows: TimelineRow[] = timeline.entries.map((e) => ({
    key: e.key,
    kind: e.kind,
    kindLabel: r.kinds[e.kind],
    dateLabel: dateLabel(e.date, locale, r.undated),
    title: e.title,
    detail: e.detail,
    facilityName: e.facilityName,
    items: e.attachments.map((a, i) => {
      const query = new URLSearchParams({ url: a.url, sig: a.sig });
      return {
        key: `${e.key}#${i}`,
        href: `/api/records/${patientId}/facilities/${e.facilityId}/item?${query.toString()}`,
        title: a.title || e.title || r.kinds[e.kind],
        fileName: fileNameOf(a.title || e.title, a.contentType),
        sizeLabel: a.size === null ? null : r.size(a.size),
      };
    }),
  }));
  return (
    <SharedRecordsTimelineView
      statuses={statuses}
      rows={rows}
      emptyLabel={r.empty}
      itemLabels={{
        fetch: r.fetch,
        fetching: r.fetching,
        cancel: r.cancel,
        open: r.open,
        save: r.save,
        failed: r.failed,
        progress: r.progress,
        received: r.received,
      }}
    />
  );
}
