"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { ReferralDestinationOption } from "@/server/domain/referrals/referral-destination";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { FormAlert } from "@/app/ui/form-alert";
import { createReferralAction } from "../actions";
import {
  DestinationPicker,
  NO_DESTINATION,
  type DestinationLabels,
  type DestinationValue,
} from "../destination-picker";
import { PatientPicker, type PatientPickerLabels, type PickedPatient } from "../patient-picker";

export function NewReferralForm({
  initialPatient,
  destinations,
  kindLabels,
  labels,
}: {
  initialPatient: PickedPatient | null;
  destinations: ReferralDestinationOption[];
  kindLabels: Record<string, string>;
  labels: {
    patient: PatientPickerLabels;
    destination: DestinationLabels;
    priority: string;
    priorities: { routine: string; urgent: string };
    requestedBy: string;
    referrerDepartment: string;
    submit: string;
  };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [patient, setPatient] = useState<PickedPatient | null>(initialPatient);
  const [destination, setDestination] = useState<DestinationValue>(NO_DESTINATION);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : "";
    };
    startTransition(async () => {
      const r = await createReferralAction({
        patientId: patient?.id ?? "",
        ...destination,
        priority: text("priority"),
        requestedBy: text("requestedBy"),
        referrerDepartment: text("referrerDepartment"),
      });
      setResult(r);
      if (r.ok) router.push(`/referrals/${r.data.referralId}/edit`);
    });
  };

  return (
    <form onSubmit={submit} className="card grid gap-4" data-testid="new-referral-form">
      <PatientPicker
        idPrefix="new"
        value={patient}
        onChange={setPatient}
        labels={labels.patient}
        error={errors.patientId}
      />
      <DestinationPicker
        idPrefix="new"
        destinations={destinations}
        value={destination}
        onChange={setDestination}
        labels={labels.destination}
        kindLabels={kindLabels}
        errors={errors}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <fieldset>
          <legend className="label">{labels.priority}</legend>
          <div className="flex gap-4">
            {(["routine", "urgent"] as const).map((p) => (
              <label key={p} className="flex min-h-11 items-center gap-2">
                <input
                  type="radio"
                  name="priority"
                  value={p}
                  defaultChecked={p === "routine"}
                  className="size-5"
                />
                {labels.priorities[p]}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label className="label" htmlFor="new-requested-by">
            {labels.requestedBy}
          </label>
          <input className="input" type="date" id="new-requested-by" name="requestedBy" />
          {errors.requestedBy && <p className="field-error">{errors.requestedBy}</p>}
        </div>
      </div>
      <div>
        <label className="label" htmlFor="new-referrer-department">
          {labels.referrerDepartment}
        </label>
        <input className="input" id="new-referrer-department" name="referrerDepartment" maxLength={100} />
      </div>
      <FormAlert state={result} />
      <button className="btn-primary" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
