"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import { FormAlert } from "@/app/ui/form-alert";
import { cancelMeetingAction, cancelOccurrenceAction } from "../actions";

interface Labels {
  cancelSeries: string;
  cancelSeriesHelp: string;
  cancelSeriesConfirm: string;
  cancelNote: string;
  cancelOccurrence: string;
  cancelOccurrenceConfirm: string;
  cancelledSeries: string;
  conflict: string;
  showLatest: string;
}

/**
 * 会議全体を中止: with a reason everyone invited reads, after a confirmation.
 * The sequence the page was drawn with goes along: a change made meanwhile
 * is reported, not overwritten.
 */
export function CancelSeries({
  meetingId,
  sequence,
  labels,
}: {
  meetingId: string;
  sequence: number;
  labels: Labels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [note, setNote] = useState("");
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  return (
    <details className="card" data-testid="cancel-series">
      <summary className="btn-secondary cursor-pointer list-none text-red-800">{labels.cancelSeries}</summary>
      <div className="mt-3 grid gap-2">
        <p className="text-sm text-slate-600">{labels.cancelSeriesHelp}</p>
        <label className="label" htmlFor="cancel-series-note">
          {labels.cancelNote}
        </label>
        <textarea
          className="input min-h-16"
          id="cancel-series-note"
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <CommandOutcome
          result={result}
          labels={{ conflict: labels.conflict, showLatest: labels.showLatest }}
          staleField="sequence"
          fieldsShownElsewhere={false}
        />
        <FormAlert state={result} success={labels.cancelledSeries} />
        <button
          type="button"
          className="btn-danger"
          disabled={pending}
          data-testid="cancel-series-confirm"
          onClick={() => {
            if (!window.confirm(labels.cancelSeriesConfirm)) return;
            startTransition(async () => {
              const r = await cancelMeetingAction({ meetingId, sequence, note });
              setResult(r);
              if (r.ok) router.refresh();
            });
          }}
        >
          {labels.cancelSeries}
        </button>
      </div>
    </details>
  );
}

/** この回を中止: one occurrence of a series, after a confirmation; the series goes on. */
export function CancelOccurrenceButton({
  meetingId,
  sequence,
  occurrenceId,
  labels,
}: {
  meetingId: string;
  sequence: number;
  occurrenceId: string;
  labels: Labels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  return (
    <div className="grid gap-1">
      <button
        type="button"
        className="btn-secondary min-h-9 px-3 py-1 text-sm text-red-800"
        disabled={pending}
        data-testid="cancel-occurrence"
        onClick={() => {
          if (!window.confirm(labels.cancelOccurrenceConfirm)) return;
          startTransition(async () => {
            const r = await cancelOccurrenceAction({ meetingId, sequence, occurrenceId, note: "" });
            setResult(r);
            if (r.ok) router.refresh();
          });
        }}
      >
        {labels.cancelOccurrence}
      </button>
      <CommandOutcome
        result={result}
        labels={{ conflict: labels.conflict, showLatest: labels.showLatest }}
        staleField="sequence"
        fieldsShownElsewhere={false}
      />
    </div>
  );
}
