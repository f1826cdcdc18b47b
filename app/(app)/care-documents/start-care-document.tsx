"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { createCareDocumentAction } from "./actions";

/** Starts a draft of `kind` for the patient, then opens it in the editor. */
export function StartCareDocumentButton({
  kind,
  patientId,
  label,
  starting,
}: {
  kind: string;
  patientId: string;
  label: string;
  starting: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  return (
    <div className="space-y-1">
      <button
        type="button"
        className="btn-primary"
        disabled={pending}
        data-testid={`start-care-document-${kind}`}
        onClick={() =>
          startTransition(async () => {
            const created = await createCareDocumentAction({ kind, patientId });
            setResult(created);
            if (created.ok) router.push(`/care-documents/${created.data.documentId}/edit`);
          })
        }
      >
        {pending ? starting : label}
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.error.fields[0]?.message ?? result.error.message}
        </p>
      )}
    </div>
  );
}
