"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { reviewBreakGlassAction } from "../actions";

/** Marks one emergency access as reviewed by the network office. */
export function ReviewButton({
  breakGlassId,
  label,
  pendingLabel,
  forbidden,
}: {
  breakGlassId: string;
  label: string;
  pendingLabel: string;
  forbidden: string;
}) {
  const [result, setResult] = useState<ActionResult<null> | null>(null);
  const [pending, startTransition] = useTransition();
  const review = () =>
    startTransition(async () => {
      setResult(await reviewBreakGlassAction({ breakGlassId }));
    });
  return (
    <form action={review} className="space-y-2">
      <button
        type="submit"
        className="btn-primary w-full md:w-auto"
        disabled={pending}
        data-testid="mark-reviewed"
      >
        {pending ? pendingLabel : label}
      </button>
      {!pending && result && !result.ok && (
        <p role="alert" className="text-sm text-red-700">
          {result.error.code === "FORBIDDEN" ? forbidden : result.error.message}
        </p>
      )}
    </form>
  );
}
