"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { acknowledgeInstructionAction } from "../actions";

/** 受領を確認する: a nurse of the station confirms the instruction arrived. */
export function AcknowledgeInstructionButton({
  instructionId,
  label,
}: {
  instructionId: string;
  label: string;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  return (
    <div className="space-y-1">
      <button
        type="button"
        className="btn-primary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setResult(await acknowledgeInstructionAction({ instructionId }));
          })
        }
        data-testid="acknowledge-instruction"
      >
        {label}
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.error.message}
        </p>
      )}
    </div>
  );
}
