"use client";

import { useState } from "react";

export interface PrefetchLabels {
  prefetch: string;
  prefetching: string;
  help: string;
  /** templates with {items} {fetched} {cached} / {failed} / {skipped} */
  done: string;
  failedPart: string;
  skippedPart: string;
  /** templates with {studies} {studiesWarmed} {frames} / {overBudget} / {facility} {studiesFailed} / {facility} */
  imagingDone: string;
  imagingOverBudgetPart: string;
  imagingFacilityFailed: string;
  imagingFacilityUnanswered: string;
}

interface ImagingWarmSummary {
  studies: number;
  studiesWarmed: number;
  overBudget: number;
  frames: number;
  failed: number;
  facilitiesFailed: { facilityId: string; name: string; listFailed: boolean; studiesFailed: number }[];
}

interface WarmSummary {
  items: number;
  fetched: number;
  cached: number;
  failed: number;
  skipped: number;
  imaging: ImagingWarmSummary;
}

const fill = (template: string, values: Record<string, unknown>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = values[k];
    return typeof v === "string" || typeof v === "number" ? String(v) : "";
  });

interface Outcome {
  ok: boolean;
  text: string;
  /** the images' line, then one line per facility whose PACS failed (by facility, never by patient) */
  imaging: string | null;
  facilities: { facilityId: string; text: string }[];
}

/**
 * 資料を事前取得: warms the server's cache with the agenda patients' documents
 * and images (their newest imaging studies, frame by frame), then says what it
 * fetched and which facilities failed.
 */
export function PrefetchRecordsButton({
  conferenceId,
  labels,
}: {
  conferenceId: string;
  labels: PrefetchLabels;
}) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<Outcome | null>(null);

  const prefetch = async () => {
    setPending(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/conferences/${conferenceId}/warm-records`, { method: "POST" });
      const body = (await res.json().catch(() => null)) as
        (WarmSummary & { error?: undefined }) | { error?: { message?: string } } | null;
      if (!res.ok || !body || body.error) {
        setMessage({
          ok: false,
          text: body?.error?.message ?? `HTTP ${res.status}`,
          imaging: null,
          facilities: [],
        });
        return;
      }
      const s = body as WarmSummary;
      const img = s.imaging;
      setMessage({
        ok: s.failed === 0 && img.failed === 0 && img.facilitiesFailed.length === 0,
        text:
          fill(labels.done, { ...s }) +
          (s.failed ? fill(labels.failedPart, { ...s }) : "") +
          (s.skipped ? fill(labels.skippedPart, { ...s }) : ""),
        imaging:
          img.studies > 0
            ? fill(labels.imagingDone, { ...img }) +
              (img.overBudget ? fill(labels.imagingOverBudgetPart, { ...img }) : "")
            : null,
        facilities: img.facilitiesFailed.map((f) => ({
          facilityId: f.facilityId,
          text: fill(f.listFailed ? labels.imagingFacilityUnanswered : labels.imagingFacilityFailed, {
            facility: f.name,
            studiesFailed: f.studiesFailed,
          }),
        })),
      });
    } catch (e) {
      setMessage({
        ok: false,
        text: e instanceof Error ? e.message : String(e),
        imaging: null,
        facilities: [],
      });
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="space-y-1" data-testid="prefetch-records">
      <button
        type="button"
        className="btn-secondary w-full sm:w-auto"
        disabled={pending}
        onClick={() => void prefetch()}
      >
        {pending ? labels.prefetching : labels.prefetch}
      </button>
      <p className="text-xs text-slate-500">{labels.help}</p>
      {message && (
        <div
          role="status"
          className={`space-y-1 text-sm ${message.ok ? "text-green-800" : "text-amber-900"}`}
        >
          <p>{message.text}</p>
          {message.imaging && <p data-testid="prefetch-imaging">{message.imaging}</p>}
          {message.facilities.length > 0 && (
            <ul className="list-disc pl-5" data-testid="prefetch-imaging-failures">
              {message.facilities.map((f) => (
                <li key={f.facilityId}>{f.text}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
