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
}

interface WarmSummary {
  items: number;
  fetched: number;
  cached: number;
  failed: number;
  skipped: number;
}

const fill = (template: string, values: WarmSummary) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k as keyof WarmSummary] ?? ""));

/** 資料を事前取得: warms the server's cache with the agenda patients' images and documents. */
export function PrefetchRecordsButton({
  conferenceId,
  labels,
}: {
  conferenceId: string;
  labels: PrefetchLabels;
}) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const prefetch = async () => {
    setPending(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/conferences/${conferenceId}/warm-records`, { method: "POST" });
      const body = (await res.json().catch(() => null)) as
        (WarmSummary & { error?: undefined }) | { error?: { message?: string } } | null;
      if (!res.ok || !body || body.error) {
        setMessage({ ok: false, text: body?.error?.message ?? `HTTP ${res.status}` });
        return;
      }
      const s = body as WarmSummary;
      setMessage({
        ok: s.failed === 0,
        text:
          fill(labels.done, s) +
          (s.failed ? fill(labels.failedPart, s) : "") +
          (s.skipped ? fill(labels.skippedPart, s) : ""),
      });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
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
        <p role="status" className={`text-sm ${message.ok ? "text-green-800" : "text-amber-900"}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}
