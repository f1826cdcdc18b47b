"use client";

import { useCommand } from "@/app/ui/use-command";
import { cancelHandoverAction } from "@/app/(app)/pathways/actions";
import { Outcome, type SheetFormLabels, type Versioned } from "./parts";

/** The sender takes back a request not answered yet. */
export function CancelHandoverButton({
  enrolmentId,
  version,
  labels,
}: Versioned & { labels: SheetFormLabels }) {
  const { pending, result, run } = useCommand();
  return (
    <div className="grid gap-2">
      <button
        type="button"
        className="btn-secondary"
        disabled={pending}
        data-testid="cancel-handover"
        onClick={() => {
          if (window.confirm(labels.cancelConfirm)) run(() => cancelHandoverAction({ enrolmentId, version }));
        }}
      >
        {labels.cancelHandover}
      </button>
      <Outcome result={result} labels={labels} />
    </div>
  );
}
