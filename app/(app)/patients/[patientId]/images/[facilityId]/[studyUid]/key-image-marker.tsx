"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import { markKeyImageAction } from "@/app/(app)/readings/actions";
import { announceKeyImagesChanged } from "@/app/lib/key-image-channel";
import { useCurrentImage } from "./current-image";

export interface KeyImageMarkerLabels {
  markKeyImage: string;
  keyImageNote: string;
  keyImageMarked: string;
  conflict: string;
  showLatest: string;
}

/**
 * In the reading's viewer: marks the image on screen (its frame and the window
 * in use) as a key image of the report being written, with an optional note.
 * The report page lists it (told across tabs, key-image-channel.ts); the server
 * refuses anyone but the reading physician.
 */
export function KeyImageMarker({ readingId, labels }: { readingId: string; labels: KeyImageMarkerLabels }) {
  const current = useCurrentImage();
  const [note, setNote] = useState("");
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<{ keyImageId: string }> | null>(null);
  const mark = () => {
    if (!current) return;
    startTransition(async () => {
      const r = await markKeyImageAction({ readingId, ...current, note });
      setResult(r);
      if (r.ok) {
        setNote("");
        // the reading's tab shows the new key image without a reload
        announceKeyImagesChanged(readingId);
      }
    });
  };
  return (
    <section
      className="flex flex-wrap items-center gap-2 rounded border border-brand-200 p-2"
      data-testid="key-image-marker"
    >
      <input
        className="input min-w-0 flex-1"
        aria-label={labels.keyImageNote}
        placeholder={labels.keyImageNote}
        maxLength={200}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        data-testid="key-image-note"
      />
      <button
        type="button"
        className="btn-primary"
        disabled={pending || !current}
        onClick={mark}
        data-testid="mark-key-image"
      >
        {labels.markKeyImage}
      </button>
      {result?.ok && (
        <span className="text-sm text-green-700" role="status" data-testid="key-image-marked">
          {labels.keyImageMarked}
        </span>
      )}
      <CommandOutcome result={result} labels={labels} staleField="revision" fieldsShownElsewhere={false} />
    </section>
  );
}
