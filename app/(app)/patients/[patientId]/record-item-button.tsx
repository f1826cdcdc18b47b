"use client";

import { useEffect, useRef, useState } from "react";

export interface RecordItemLabels {
  fetch: string;
  fetching: string;
  cancel: string;
  open: string;
  save: string;
  failed: string;
  /** with {received} and {total} (in MB) */
  progress: string;
  /** with {received}, when the size is not known */
  received: string;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

type State =
  | { phase: "idle" }
  | { phase: "loading"; received: number; total: number | null }
  | { phase: "done"; url: string; inline: boolean; size: number }
  | { phase: "failed"; message: string };

const INLINE = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

/**
 * Fetches one image or document of the shared-record timeline through our
 * server, showing the bytes received against Content-Length, then offers it to
 * open or save (a click of the user's own, so no pop-up blocker is involved).
 */
export function RecordItemButton({
  href,
  title,
  fileName,
  labels,
}: {
  href: string;
  title: string;
  fileName: string;
  labels: RecordItemLabels;
}) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const blobUrl = useRef<string | null>(null);

  // leaving the page stops a download and frees a finished one
  useEffect(
    () => () => {
      abort.current?.abort();
      if (blobUrl.current) URL.revokeObjectURL(blobUrl.current);
    },
    [],
  );

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: "loading", received: 0, total: null });
    try {
      const res = await fetch(href, { signal: controller.signal });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `${labels.failed} (HTTP ${res.status})`);
      }
      // the route repeats the size in X-Content-Length: Next.js sends route handler bodies chunked
      const declared = Number(res.headers.get("content-length") ?? res.headers.get("x-content-length"));
      const total = Number.isFinite(declared) && declared > 0 ? declared : null;
      const type = res.headers.get("content-type") ?? "application/octet-stream";
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        // a repaint per 256 KiB is plenty for a progress bar
        if (received - shown >= 256 * 1024) {
          shown = received;
          setState({ phase: "loading", received, total });
        }
      }
      if (total !== null && received !== total) throw new Error(labels.failed);
      const blob = new Blob(chunks, { type });
      blobUrl.current = URL.createObjectURL(blob);
      setState({ phase: "done", url: blobUrl.current, inline: INLINE.test(type), size: received });
    } catch (e) {
      if (controller.signal.aborted) setState({ phase: "idle" });
      else setState({ phase: "failed", message: e instanceof Error ? e.message : labels.failed });
    }
  };

  if (state.phase === "loading") {
    return (
      <div className="w-full space-y-1 sm:w-72" data-testid="record-item-progress">
        <progress
          className="h-2 w-full accent-brand-600"
          value={state.received}
          max={state.total ?? undefined}
          aria-label={`${title} ${labels.fetching}`}
        />
        <div className="flex items-center justify-between gap-2 text-xs text-slate-600">
          <span aria-live="polite">
            {state.total === null && state.received === 0
              ? labels.fetching
              : state.total === null
                ? labels.received.replace("{received}", mb(state.received))
                : labels.progress
                    .replace("{received}", mb(state.received))
                    .replace("{total}", mb(state.total))}
          </span>
          <button type="button" className="underline" onClick={() => abort.current?.abort()}>
            {labels.cancel}
          </button>
        </div>
      </div>
    );
  }
  if (state.phase === "done") {
    return (
      <span className="flex flex-wrap gap-2" data-testid="record-item-ready">
        {state.inline && (
          <a className="btn-secondary" href={state.url} target="_blank" rel="noopener noreferrer">
            {labels.open}
          </a>
        )}
        <a className="btn-secondary" href={state.url} download={fileName}>
          {labels.save}
        </a>
      </span>
    );
  }
  return (
    <span className="flex flex-col gap-1">
      <button
        type="button"
        className="btn-secondary w-full sm:w-auto"
        onClick={() => void start()}
        data-testid="record-item-fetch"
      >
        {labels.fetch}: {title}
      </button>
      {state.phase === "failed" && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </span>
  );
}
