"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { PatientPicker, type PatientPickerLabels, type PickedPatient } from "../referrals/patient-picker";
import { createInstructionAction } from "./actions";

export interface StartInstructionLabels {
  kinds: { regular: string; special: string };
  start: string;
  starting: string;
}

/** 訪問看護指示書を書く: the kind, then the draft opens in its editor. */
export function StartInstructionButtons({
  patientId,
  labels,
}: {
  patientId: string;
  labels: StartInstructionLabels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const start = (kind: "regular" | "special") =>
    startTransition(async () => {
      const created = await createInstructionAction({ patientId, kind });
      setResult(created);
      if (created.ok) router.push(`/nursing-instructions/${created.data.instructionId}/edit`);
    });
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-2">
        {(["regular", "special"] as const).map((kind) => (
          <button
            key={kind}
            type="button"
            className={kind === "regular" ? "btn-primary" : "btn-secondary"}
            disabled={pending}
            onClick={() => start(kind)}
            data-testid={`start-instruction-${kind}`}
          >
            {pending ? labels.starting : labels.kinds[kind]}
          </button>
        ))}
      </div>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.error.fields[0]?.message ?? result.error.message}
        </p>
      )}
    </div>
  );
}

/** From the worklist: choose the patient (search inside consent), then the kind. */
export function NewInstructionPanel({
  labels,
}: {
  labels: StartInstructionLabels & { title: string; help: string; patient: PatientPickerLabels };
}) {
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  return (
    <section className="card space-y-3" data-testid="new-instruction">
      <h2 className="font-semibold">{labels.title}</h2>
      <p className="text-sm text-slate-600">{labels.help}</p>
      <PatientPicker
        idPrefix="new-instruction"
        value={patient}
        onChange={setPatient}
        labels={labels.patient}
      />
      {patient && <StartInstructionButtons key={patient.id} patientId={patient.id} labels={labels} />}
    </section>
  );
}
