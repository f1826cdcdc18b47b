"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import type { KeyImage } from "@/server/model/reading-report";
import { removeKeyImageAction } from "../actions";

export interface KeyImagesLabels {
  keyImages: string;
  noKeyImages: string;
  removeKeyImage: string;
  conflict: string;
  showLatest: string;
}

/**
 * A report version's key images as the PACS renders them with their window
 * (through /api/readings/…/key-images, inside the reader's access), each with
 * its caption and note; on the version being written, each can be removed.
 */
export function KeyImages({
  readingId,
  keyImages,
  removable,
  labels,
  testId,
}: {
  readingId: string;
  /** each with its caption in the reader's language (made on the server: a function cannot cross to the client) */
  keyImages: (KeyImage & { caption: string })[];
  removable: boolean;
  labels: KeyImagesLabels;
  testId: string;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const remove = (keyImageId: string) =>
    startTransition(async () => setResult(await removeKeyImageAction({ readingId, keyImageId })));
  return (
    <section className="space-y-2" data-testid={testId}>
      <h3 className="text-sm font-semibold text-slate-600">{labels.keyImages}</h3>
      {keyImages.length === 0 ? (
        removable && <p className="text-sm text-slate-600">{labels.noKeyImages}</p>
      ) : (
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {keyImages.map((k) => (
            <li key={k.id} className="space-y-1 text-xs" data-testid="key-image">
              {/* a picture of ours streamed from the PACS through the proxy: next/image would fetch it again */}
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img
                src={`/api/readings/${readingId}/key-images/${k.id}`}
                alt={k.caption}
                className="aspect-square w-full rounded bg-black object-contain"
                loading="lazy"
              />
              <p>{k.caption}</p>
              {k.note && <p className="text-slate-700">{k.note}</p>}
              {removable && (
                <button
                  type="button"
                  className="btn-secondary px-2 py-1 text-xs"
                  disabled={pending}
                  onClick={() => remove(k.id)}
                  data-testid="remove-key-image"
                >
                  {labels.removeKeyImage}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <CommandOutcome result={result} labels={labels} staleField="revision" fieldsShownElsewhere={false} />
    </section>
  );
}
