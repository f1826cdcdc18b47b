import { Suspense } from "react";
import {
  mergeTimelines,
  type OpenedTimeline,
  type FacilityTimeline,
  type RecordTimeline,
  type TimelineEntry,
} from "@/server/domain/records/get-record-timeline";
import { formatDate, formatDateTime, type Locale, type Messages } from "@/app/i18n";
import {
  FacilityStatusItem,
  SharedRecordsTimelineView,
  TimelineList,
  type FacilityStatusRow,
  type TimelineRow,
} from "./shared-records-view";

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
 * How long the merged timeline waits for the facilities before it is shown:
 * what has come by then is merged at once; each facility still answering
 * (up to its own deadline) lands below when it does. One slow hospital never
 * holds up the others' records.
 */
const FIRST_PAINT_MS = 1000;

/** The parts that settle within `ms`, by facility (the promises never reject: a failure is a status). */
async function settledWithin(parts: Map<string, Promise<RecordTimeline>>, ms: number) {
  const settled = new Map<string, RecordTimeline>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all([...parts].map(([id, part]) => part.then((t) => settled.set(id, t)))),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
  return new Map(settled);
}

type Shape = ReturnType<typeof shapers>;

function shapers(patientId: string, t: Messages, locale: Locale, pacsFacilityIds: readonly string[] = []) {
  const r = t.records;
  // a facility with a PACS shows its studies in the viewer (画像検査): its imaging records point there
  const pacs = new Set(pacsFacilityIds);
  return {
    status: (f: FacilityTimeline): FacilityStatusRow => ({
      facilityId: f.facilityId,
      name: f.name,
      status: f.status,
      statusLabel: f.status === "ok" ? `${r.statuses.ok}・${r.entries(f.entries)}` : r.statuses[f.status],
      message: f.reason
        ? `${r.reasons[f.reason]}${f.httpStatus ? `（${r.httpStatus(f.httpStatus)}）` : ""}`
        : null,
      notes: [...(f.skipped ? [r.skipped(f.skipped)] : []), ...(f.truncated ? [r.truncated] : [])],
    }),
    row: (e: TimelineEntry): TimelineRow => ({
      key: e.key,
      kind: e.kind,
      kindLabel: r.kinds[e.kind],
      dateLabel: dateLabel(e.date, locale, r.undated),
      title: e.title,
      detail:
        e.kind === "imaging" && pacs.has(e.facilityId)
          ? `${e.detail}・${t.images.inViewer}`
          : e.medication
            ? [
                e.medication.quantity,
                e.medication.days === null ? "" : r.medication.days(e.medication.days),
                e.medication.dosage,
                e.medication.prescription ? r.medication.fills(e.medication.prescription) : "",
              ]
                .filter(Boolean)
                .join("・")
            : e.detail,
      facilityName: e.facilityName,
      items: (e.kind === "imaging" && pacs.has(e.facilityId) ? [] : e.attachments).map((a, i) => {
        const query = new URLSearchParams({ url: a.url, sig: a.sig });
        return {
          key: `${e.key}#${i}`,
          href: `/api/records/${patientId}/facilities/${e.facilityId}/item?${query.toString()}`,
          title: a.title || e.title || r.kinds[e.kind],
          fileName: fileNameOf(a.title || e.title, a.contentType),
          sizeLabel: a.size === null ? null : r.size(a.size),
        };
      }),
    }),
    itemLabels: {
      fetch: r.fetch,
      fetching: r.fetching,
      cancel: r.cancel,
      open: r.open,
      save: r.save,
      failed: r.failed,
      progress: r.progress,
      received: r.received,
    },
  };
}

/** A late facility's status, once it has answered (or met its deadline). */
async function LateStatus({ part, shape }: { part: Promise<RecordTimeline>; shape: Shape }) {
  const { facilities } = await part;
  return (
    <>
      {facilities.map((f) => (
        <FacilityStatusItem key={f.facilityId} row={shape.status(f)} />
      ))}
    </>
  );
}

/** A late facility's records, in a section of their own below the merged timeline. */
async function LateEntries({
  part,
  name,
  shape,
  heading,
}: {
  part: Promise<RecordTimeline>;
  name: string;
  shape: Shape;
  heading: (facility: string) => string;
}) {
  const { entries } = await part;
  if (entries.length === 0) return null;
  return (
    <section className="space-y-1" data-testid="record-late">
      <h4 className="text-sm font-semibold text-slate-700">{heading(name)}</h4>
      <TimelineList
        rows={entries.map(shape.row)}
        itemLabels={shape.itemLabels}
        testId="record-late-timeline"
      />
    </section>
  );
}

/**
 * The timeline, fetched from the facilities while the rest of the page is
 * already shown (the page renders this inside Suspense and streams it in).
 */
export async function SharedRecordsTimeline({
  stream,
  patientId,
  t,
  locale,
  pacsFacilityIds,
}: {
  /** every facility's fetch, under way since the page began (openRecordsSection) */
  stream: OpenedTimeline;
  patientId: string;
  t: Messages;
  locale: Locale;
  pacsFacilityIds?: readonly string[];
}) {
  const r = t.records;
  const parts = new Map([...stream.facilities].map(([id, f]) => [id, f.part]));
  const early = await settledWithin(parts, FIRST_PAINT_MS);
  const merged = mergeTimelines(patientId, [...early.values()]);
  const late = [...stream.facilities].filter(([id]) => !early.has(id));
  const shape = shapers(patientId, t, locale, pacsFacilityIds);
  return (
    <SharedRecordsTimelineView
      statuses={merged.facilities.map(shape.status)}
      pending={late.map(([id, f]) => (
        <Suspense
          key={id}
          fallback={
            <FacilityStatusItem
              row={{ facilityId: id, name: f.name, status: "pending", statusLabel: r.pending }}
            />
          }
        >
          <LateStatus part={f.part} shape={shape} />
        </Suspense>
      ))}
      rows={merged.entries.map(shape.row)}
      late={late.map(([id, f]) => (
        <Suspense key={id} fallback={null}>
          <LateEntries part={f.part} name={f.name} shape={shape} heading={r.late} />
        </Suspense>
      ))}
      emptyLabel={late.length > 0 ? null : r.empty}
      itemLabels={shape.itemLabels}
    />
  );
}
