"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import type { ReadingTransition } from "@/server/domain/readings/reading-status";
import {
  acceptReadingAction,
  acknowledgeReadingAction,
  cancelReadingAction,
  declineReadingAction,
} from "../actions";

export interface ReadingCommandLabels {
  accept: string;
  decline: string;
  cancel: string;
  reason: string;
  acknowledge: string;
  conflict: string;
  showLatest: string;
}

/**
 * The steps open to the reader now: the reading physician accepts or declines
 * (with a reason); the requesting doctor cancels (with a reason) or acknowledges
 * the latest report. Report signing and amending live in the editor.
 */
export function ReadingCommands({
  readingId,
  revision,
  reportedVersion,
  commands,
  labels,
}: {
  readingId: string;
  revision: number;
  reportedVersion: number;
  commands: ReadingTransition[];
  labels: ReadingCommandLabels;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [closing, setClosing] = useState<"decline" | "cancel" | null>(null);
  const [note, setNote] = useState("");
  const run = (action: (input: unknown) => Promise<ActionResult<unknown>>, input: Record<string, unknown>) =>
    startTransition(async () => {
      setResult(await action({ readingId, ...input }));
    });
  const has = (c: ReadingTransition) => commands.includes(c);
  if (!commands.some((c) => c !== "report" && c !== "amend")) return null;
  return (
    <div className="space-y-2" data-testid="reading-commands">
      <div className="flex flex-wrap gap-2">
        {has("accept") && (
          <button
            type="button"
            className="btn-primary"
            disabled={pending}
            onClick={() => run(acceptReadingAction, { revision })}
            data-testid="accept-reading"
          >
            {labels.accept}
          </button>
        )}
        {has("acknowledge") && (
          <button
            type="button"
            className="btn-primary"
            disabled={pending}
            onClick={() => run(acknowledgeReadingAction, { version: reportedVersion })}
            data-testid="acknowledge-reading"
          >
            {labels.acknowledge}
          </button>
        )}
        {has("decline") && (
          <button type="button" className="btn-secondary" onClick={() => setClosing("decline")}>
            {labels.decline}
          </button>
        )}
        {has("cancel") && (
          <button type="button" className="btn-secondary" onClick={() => setClosing("cancel")}>
            {labels.cancel}
          </button>
        )}
      </div>
      {closing && (
        <div className="space-y-2">
          <label className="block space-y-1">
            <span className="text-sm font-medium">{labels.reason}</span>
            <textarea
              className="input w-full"
              rows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="btn-danger"
            disabled={pending}
            onClick={() =>
              run(closing === "decline" ? declineReadingAction : cancelReadingAction, { revision, note })
            }
          >
            {closing === "decline" ? labels.decline : labels.cancel}
          </button>
        </div>
      )}
      <CommandOutcome result={result} labels={labels} staleField="revision" fieldsShownElsewhere={false} />
    </div>
  );
}
