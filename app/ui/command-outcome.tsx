"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "../lib/action-result";

export const isConflict = (r: ActionResult<unknown> | null | undefined) =>
  !!r && !r.ok && (r.error.code === "CONFLICT" || r.error.code === "INVALID_TRANSITION");

/**
 * The outcome of a command on a document (accept a referral, amend a summary):
 * when someone else acted first, say so plainly and offer the latest state,
 * never retried silently; other refusals in words, unless a field shows them.
 */
export function CommandOutcome({
  result,
  labels,
  staleField,
  fieldsShownElsewhere = true,
}: {
  result: ActionResult<unknown> | null;
  labels: { conflict: string; showLatest: string };
  /** the optimistic-concurrency field (`version`, `revision`): its error is the conflict, not a field's */
  staleField: string;
  /** the form shows field errors next to its fields; without fields, the first one is said here */
  fieldsShownElsewhere?: boolean;
}) {
  const router = useRouter();
  if (!result || result.ok) return null;
  if (isConflict(result)) {
    return (
      <div
        role="alert"
        className="rounded-md bg-red-50 p-3 text-sm text-red-900"
        data-testid="command-conflict"
      >
        <p>{labels.conflict}</p>
        <button type="button" className="btn-secondary mt-2" onClick={() => router.refresh()}>
          {labels.showLatest}
        </button>
      </div>
    );
  }
  const fieldOwned =
    result.error.fields.length > 0 && result.error.fields.every((f) => f.field !== staleField);
  if (fieldOwned && fieldsShownElsewhere) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
      {fieldOwned ? result.error.fields[0]!.message : result.error.message}
    </p>
  );
}
