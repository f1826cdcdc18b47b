"use client";

import { useState } from "react";
import { PatientPicker, type PatientPickerLabels, type PickedPatient } from "../referrals/patient-picker";
import { StartSummaryButton } from "./start-summary-button";

/**
 * 退院時サマリを書く from the worklist: choose the patient (the search inside
 * consent), then start the draft; the admitting referral, if any, is answered
 * by the domain as from the patient page.
 */
export function NewSummaryPanel({
  labels,
}: {
  labels: { title: string; help: string; start: string; starting: string; patient: PatientPickerLabels };
}) {
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  return (
    <section className="card space-y-3" data-testid="new-summary">
      <h2 className="font-semibold">{labels.title}</h2>
      <p className="text-sm text-slate-600">{labels.help}</p>
      <PatientPicker idPrefix="new-summary" value={patient} onChange={setPatient} labels={labels.patient} />
      {patient && (
        <StartSummaryButton
          key={patient.id}
          patientId={patient.id}
          label={labels.start}
          pendingLabel={labels.starting}
          className="btn-primary"
        />
      )}
    </section>
  );
}
