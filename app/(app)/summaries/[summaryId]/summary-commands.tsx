"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import { acknowledgeSummaryAction, amendSummaryAction, discardSummaryAmendmentAction } from "./actions";

export interface SummaryCommandLabels {
  acknowledge: string;
  amend: string;
  continueAmendment: string;
  discardAmendment: string;
  discardAmendmentConfirm: string;
  edit: string;
  conflict: string;
  showLatest: string;
}

/**
 * What the reader may do with the summary: a recipient confirms receipt of the
 * version shown (受領確認); the author amends a sent summary (訂正する), or
 * continues or discards an amendment being written.
 */
export function SummaryCommands({
  summaryId,
  revision,
  acknowledgeVersion,
  mayAmend,
  amendmentInProgress,
  draftInProgress,
  labels,
}: {
  summaryId: string;
  revision: number;
  /** the version a recipient may confirm now (null: nothing to confirm) */
  acknowledgeVersion: number | null;
  mayAmend: boolean;
  amendmentInProgress: boolean;
  /** a never-sent draft the reader may edit */
  draftInProgress: boolean;
  labels: SummaryCommandLabels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);

  const acknowledge = (version: number) =>
    startTransition(async () => {
      setResult(await acknowledgeSummaryAction({ summaryId, version }));
    });
  const amend = () =>
    startTransition(async () => {
      const r = await amendSummaryAction({ summaryId, revision });
      setResult(r);
      if (r.ok) router.push(`/summaries/${summaryId}/edit`);
    });
  const discard = () => {
    if (!window.confirm(labels.discardAmendmentConfirm)) return;
    startTransition(async () => {
      setResult(await discardSummaryAmendmentAction({ summaryId, revision }));
    });
  };

  return (
    <div className="space-y-2" data-testid="summary-commands">
      <div className="flex flex-wrap gap-2">
        {acknowledgeVersion !== null && (
          <button
            type="button"
            className="btn-primary"
            disabled={pending}
            onClick={() => acknowledge(acknowledgeVersion)}
            data-testid="acknowledge-summary"
          >
            {labels.acknowledge}
          </button>
        )}
        {draftInProgress && (
          <Link className="btn-primary" href={`/summaries/${summaryId}/edit`}>
            {labels.edit}
          </Link>
        )}
        {mayAmend && (
          <button type="button" className="btn-secondary" disabled={pending} onClick={amend}>
            {labels.amend}
          </button>
        )}
        {amendmentInProgress && (
          <>
            <Link className="btn-primary" href={`/summaries/${summaryId}/edit`}>
              {labels.continueAmendment}
            </Link>
            <button type="button" className="btn-danger" disabled={pending} onClick={discard}>
              {labels.discardAmendment}
            </button>
          </>
        )}
      </div>
      <CommandOutcome result={result} labels={labels} staleField="revision" fieldsShownElsewhere={false} />
    </div>
  );
}
