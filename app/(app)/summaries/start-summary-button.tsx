"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { createSummaryAction } from "./actions";

/**
 * 退院時サマリを書く: creates the draft (pre-filled from the referral when one
 * is given) and opens the editor. Shown to hospital doctors only; the domain
 * refuses anyone else anyway.
 */
export function StartSummaryButton({
  patientId,
  referralId = null,
  authorDepartment = "",
  label,
  pendingLabel,
  className = "btn-secondary",
}: {
  patientId: string;
  referralId?: string | null;
  authorDepartment?: string;
  label: string;
  pendingLabel: string;
  className?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const start = () =>
    startTransition(async () => {
      const created = await createSummaryAction({ patientId, referralId, authorDepartment });
      setResult(created);
      if (created.ok) router.push(`/summaries/${created.data.summaryId}/edit`);
    });
  return (
    <span className="inline-flex flex-col gap-1">
      <button
        type="button"
        className={className}
        onClick={start}
        disabled={pending}
        data-testid="start-summary"
      >
        {pending ? pendingLabel : label}
      </button>
      {result && !result.ok && (
        <span role="alert" className="field-error">
          {result.error.fields[0]?.message ?? result.error.message}
        </span>
      )}
    </span>
  );
}
