"use client";

import { useState } from "react";
import { CommandOutcome } from "@/app/ui/command-outcome";
import { Field } from "@/app/ui/field";
import { useCommand } from "@/app/ui/use-command";
import type { Messages } from "@/app/i18n";
import { cancelInstructionAction } from "../actions";

/**
 * 指示の取消: the physician opens the form, gives the reason (the station's
 * nurses read it), confirms. A refusal shows under the reason; a change made
 * meanwhile offers the latest state.
 */
export function CancelInstruction({
  instructionId,
  revision,
  labels,
}: {
  instructionId: string;
  revision: number;
  labels: Messages["nursingInstructions"]["cancel"];
}) {
  const { pending, result, errors, run } = useCommand();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (!open) {
    return (
      <button
        type="button"
        className="btn-secondary text-red-800"
        onClick={() => setOpen(true)}
        data-testid="open-cancel-instruction"
      >
        {labels.open}
      </button>
    );
  }
  return (
    <form
      className="space-y-2 rounded-md border border-red-200 p-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!window.confirm(labels.confirm)) return;
        run(() => cancelInstructionAction({ instructionId, revision, reason }));
      }}
      data-testid="cancel-instruction-form"
    >
      <p className="text-sm text-slate-600">{labels.help}</p>
      <Field id="cancel-reason" label={labels.reason} error={errors.reason}>
        <textarea
          className="input w-full"
          id="cancel-reason"
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? "cancel-reason-error" : undefined}
        />
      </Field>
      <button type="submit" className="btn-danger" disabled={pending} data-testid="cancel-instruction">
        {labels.submit}
      </button>
      <CommandOutcome result={result} labels={labels} staleField="revision" />
    </form>
  );
}
