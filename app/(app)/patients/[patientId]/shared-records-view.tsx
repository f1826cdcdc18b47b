import type { ReactNode } from "react";
import type { FacilityStatus } from "@/server/domain/records/get-record-timeline";
import type { RecordKind } from "@/server/domain/records/fhir-resources";
import { RecordItemButton, type RecordItemLabels } from "./record-item-button";

/** One line of the timeline, ready to show: every string came from a facility or our messages, and is text. */
export interface TimelineRow {
  key: string;
  kind: RecordKind;
  kindLabel: string;
  dateLabel: string;
  title: string;
  detail: string;
  facilityName: string;
  items: { key: string; href: string; title: string; fileName: string; sizeLabel: string | null }[];
}

export interface FacilityStatusRow {
  facilityId: string;
  name: string;
  status: FacilityStatus;
  statusLabel: string;
  /** why it failed; null when ok */
  message: string | null;
  notes: string[];
}

const STATUS_STYLE: Record<FacilityStatus, string> = {
  ok: "bg-green-100 text-green-800",
  timeout: "bg-amber-100 text-amber-900",
  too_large: "bg-amber-100 text-amber-900",
  error: "bg-red-100 text-red-800",
};

const KIND_STYLE: Record<RecordKind, string> = {
  document: "bg-brand-100 text-brand-800",
  report: "bg-violet-100 text-violet-800",
  imaging: "bg-sky-100 text-sky-800",
  encounter: "bg-slate-100 text-slate-700",
  prescription: "bg-emerald-100 text-emerald-800",
  dispensing: "bg-teal-100 text-teal-900",
};

/** The medicines' own marks, so a prescription and its dispensing read as a pair at a glance. */
const KIND_ICON: Partial<Record<RecordKind, string>> = { prescription: "℞", dispensing: "💊" };

/** One facility's status: answered (with how many records), or why not; "pending" while it is still answering. */
export function FacilityStatusItem({ row }: { row: FacilityStatusRow | PendingStatusRow }) {
  const pending = row.status === "pending";
  return (
    <li
      className="rounded-md border border-slate-200 px-3 py-2 text-sm"
      data-testid="record-facility-status"
      data-status={row.status}
    >
      <span className="font-medium">{row.name}</span>{" "}
      <span
        className={`badge ${pending ? "animate-pulse bg-slate-100 text-slate-600" : STATUS_STYLE[row.status]}`}
      >
        {row.statusLabel}
      </span>
      {!pending && row.message && <p className="mt-1 text-xs text-slate-700">{row.message}</p>}
      {!pending &&
        row.notes.map((n) => (
          <p key={n} className="mt-1 text-xs text-slate-500">
            {n}
          </p>
        ))}
    </li>
  );
}

export interface PendingStatusRow {
  facilityId: string;
  name: string;
  status: "pending";
  statusLabel: string;
}

/**
 * Timeline lines. Nothing from a facility is ever markup here: titles, details
 * and names are React text, and the only links are to our own item route.
 */
export function TimelineList({
  rows,
  itemLabels,
  testId = "record-timeline",
}: {
  rows: TimelineRow[];
  itemLabels: RecordItemLabels;
  testId?: string;
}) {
  return (
    <ol className="divide-y divide-slate-100" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.key} className="space-y-1 py-3" data-testid="record-entry">
          <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
            <span className="font-mono">{r.dateLabel}</span>
            <span className={`badge ${KIND_STYLE[r.kind]}`} data-kind={r.kind}>
              {KIND_ICON[r.kind] && (
                <span aria-hidden="true" className="mr-1">
                  {KIND_ICON[r.kind]}
                </span>
              )}
              {r.kindLabel}
            </span>
            <span>{r.facilityName}</span>
          </p>
          <p className="font-medium break-words">{r.title || r.kindLabel}</p>
          {r.detail && <p className="text-sm break-words text-slate-700">{r.detail}</p>}
          {r.items.length > 0 && (
            <div className="flex flex-col gap-2 pt-1 sm:flex-row sm:flex-wrap">
              {r.items.map((item) => (
                <div key={item.key} className="flex flex-col gap-1">
                  <RecordItemButton
                    href={item.href}
                    title={item.title}
                    fileName={item.fileName}
                    labels={itemLabels}
                  />
                  {item.sizeLabel && <span className="text-xs text-slate-500">{item.sizeLabel}</span>}
                </div>
              ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

/**
 * The merged timeline of the facilities that answered first, each facility's
 * status, and below, as they land, the records of the facilities that were
 * still answering (`pending` status slots and `late` sections, streamed in).
 */
export function SharedRecordsTimelineView({
  statuses,
  pending,
  rows,
  late,
  emptyLabel,
  itemLabels,
}: {
  statuses: FacilityStatusRow[];
  pending?: ReactNode;
  rows: TimelineRow[];
  late?: ReactNode;
  emptyLabel: string | null;
  itemLabels: RecordItemLabels;
}) {
  return (
    <div className="space-y-3">
      <ul className="flex flex-col gap-2 sm:flex-row sm:flex-wrap" data-testid="record-facility-statuses">
        {statuses.map((s) => (
          <FacilityStatusItem key={s.facilityId} row={s} />
        ))}
        {pending}
      </ul>
      {rows.length === 0 ? (
        emptyLabel && <p className="text-sm text-slate-600">{emptyLabel}</p>
      ) : (
        <TimelineList rows={rows} itemLabels={itemLabels} />
      )}
      {late}
    </div>
  );
}
