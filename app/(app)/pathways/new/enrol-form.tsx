"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { FormAlert } from "@/app/ui/form-alert";
import { enrolPatientAction } from "../actions";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
};

/** The enrolment form; on success the new pathway sheet opens. A refusal for consent shows on the facility. */
export function EnrolForm({
  patientId,
  facilityName,
  pathways,
  labels,
}: {
  patientId: string;
  facilityName: string;
  pathways: { value: string; label: string }[];
  labels: {
    pathway: string;
    facility: string;
    admittedOn: string;
    onsetOn: string;
    submit: string;
    unset: string;
  };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<{ enrolmentId: string }> | null>(null);
  const errors = fieldErrors(result);
  return (
    <form
      className="card grid gap-3 sm:grid-cols-2"
      noValidate
      data-testid="enrol-form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        startTransition(async () => {
          const r = await enrolPatientAction({
            patientId,
            pathway: text(form, "pathway"),
            admittedOn: text(form, "admittedOn"),
            onsetOn: text(form, "onsetOn"),
          });
          setResult(r);
          if (r.ok) router.push(`/pathways/${r.data.enrolmentId}`);
        });
      }}
    >
      <div className="sm:col-span-2">
        <label className="label" htmlFor="enrol-pathway">
          {labels.pathway}
        </label>
        <select className="input" id="enrol-pathway" name="pathway" defaultValue="">
          <option value="">{labels.unset}</option>
          {pathways.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        {errors.pathway && <p className="field-error">{errors.pathway}</p>}
      </div>
      <div className="sm:col-span-2">
        <p className="label">{labels.facility}</p>
        <p data-testid="enrol-facility">{facilityName}</p>
        {(errors.facilityId ?? errors.patientId) && (
          <p className="field-error" role="alert">
            {errors.facilityId ?? errors.patientId}
          </p>
        )}
      </div>
      <div>
        <label className="label" htmlFor="enrol-admitted">
          {labels.admittedOn}
        </label>
        <input className="input" type="date" id="enrol-admitted" name="admittedOn" />
        {errors.admittedOn && <p className="field-error">{errors.admittedOn}</p>}
      </div>
      <div>
        <label className="label" htmlFor="enrol-onset">
          {labels.onsetOn}
        </label>
        <input className="input" type="date" id="enrol-onset" name="onsetOn" />
        {errors.onsetOn && <p className="field-error">{errors.onsetOn}</p>}
      </div>
      <div className="grid gap-2 sm:col-span-2">
        <FormAlert state={result} />
        <button className="btn-primary" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
