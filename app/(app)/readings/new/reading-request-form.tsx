"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { READING_URGENCIES, type ReadingUrgency } from "@/server/model/reading-report";
import { requestReadingAction } from "../actions";

export interface Labels {
  readingFacility: string;
  chooseFacility: string;
  clinicalQuestion: string;
  clinicalQuestionHint: string;
  relevantHistory: string;
  urgency: string;
  urgencies: Record<ReadingUrgency, string>;
  urgencyHelp: Record<ReadingUrgency, string>;
  send: string;
  sending: string;
}

/** The request form: the hospital, the question, the history, the urgency; refusals shown at their field. */
export function ReadingRequestForm({
  patientId,
  study,
  facilities,
  labels,
}: {
  patientId: string;
  study: {
    facilityId: string;
    studyUid: string;
    sig: string;
    label: { date: string | null; modalities: string[]; description: string };
  };
  facilities: { id: string; name: string }[];
  labels: Labels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<{ readingId: string }> | null>(null);
  const errors = fieldErrors(result);
  const fieldError = fieldErrorOf(errors);

  const submit = (form: FormData) =>
    startTransition(async () => {
      const r = await requestReadingAction({
        patientId,
        readingFacilityId: form.get("readingFacilityId"),
        clinicalQuestion: form.get("clinicalQuestion"),
        relevantHistory: form.get("relevantHistory"),
        urgency: form.get("urgency"),
        study,
      });
      setResult(r);
      if (r.ok) router.push(`/readings/${r.data.readingId}`);
    });

  const other = result && !result.ok && Object.keys(errors).every((f) => f === "study" || f === "(input)");
  return (
    <form action={submit} className="card space-y-4" data-testid="reading-request-form">
      <ReadingRequestFields facilities={facilities} labels={labels} fieldError={fieldError} />
      {fieldError("study")}
      {other && !errors.study && (
        <p className="text-sm text-red-700" role="alert">
          {result.error.message}
        </p>
      )}
      <button
        type="submit"
        className="btn-primary w-full sm:w-auto"
        disabled={pending}
        data-testid="send-reading"
      >
        {pending ? labels.sending : labels.send}
      </button>
    </form>
  );
}

/** The request's own fields (hospital, question, history, urgency), shared by both sources of the form. */
export function ReadingRequestFields({
  facilities,
  labels,
  fieldError,
}: {
  facilities: { id: string; name: string }[];
  labels: Labels;
  fieldError: (name: string) => React.ReactNode;
}) {
  return (
    <>
      <label className="block space-y-1">
        <span className="text-sm font-medium">{labels.readingFacility}</span>
        <select
          name="readingFacilityId"
          className="input w-full"
          defaultValue={facilities.length === 1 ? facilities[0]!.id : ""}
          required
        >
          <option value="">{labels.chooseFacility}</option>
          {facilities.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
        {fieldError("readingFacilityId")}
      </label>
      <label className="block space-y-1">
        <span className="text-sm font-medium">{labels.clinicalQuestion}</span>
        <textarea
          name="clinicalQuestion"
          rows={3}
          maxLength={2000}
          className="input w-full"
          placeholder={labels.clinicalQuestionHint}
          required
        />
        {fieldError("clinicalQuestion")}
      </label>
      <label className="block space-y-1">
        <span className="text-sm font-medium">{labels.relevantHistory}</span>
        <textarea name="relevantHistory" rows={3} maxLength={4000} className="input w-full" />
        {fieldError("relevantHistory")}
      </label>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">{labels.urgency}</legend>
        <div className="flex flex-wrap gap-3">
          {READING_URGENCIES.map((u) => (
            <label key={u} className="flex min-h-11 items-center gap-2">
              <input type="radio" name="urgency" value={u} defaultChecked={u === "routine"} />
              <span>
                {labels.urgencies[u]}{" "}
                <span className="text-xs text-slate-500">（{labels.urgencyHelp[u]}）</span>
              </span>
            </label>
          ))}
        </div>
        {fieldError("urgency")}
      </fieldset>
    </>
  );
}

/** A field's refusal under it, or nothing. */
export const fieldErrorOf = (errors: Record<string, string | undefined>) => (name: string) =>
  errors[name] ? (
    <p className="text-sm text-red-700" role="alert">
      {errors[name]}
    </p>
  ) : null;
