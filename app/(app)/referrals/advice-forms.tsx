"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ReferralDestinationOption } from "@/server/domain/referrals/referral-destination";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { FormAlert } from "@/app/ui/form-alert";
import {
  answerAdviceAction,
  askAdviceAction,
  convertAdviceAction,
  referFromAdviceAction,
  routeAdviceAction,
} from "./actions";
import {
  DestinationPicker,
  NO_DESTINATION,
  type DestinationLabels,
  type DestinationValue,
} from "./destination-picker";
import { PatientPicker, type PatientPickerLabels, type PickedPatient } from "./patient-picker";

/** 事前相談: a question about a patient to a department, before any referral. */
export function AskAdviceForm({
  destinations,
  kindLabels,
  labels,
}: {
  destinations: ReferralDestinationOption[];
  kindLabels: Record<string, string>;
  labels: {
    title: string;
    question: string;
    ask: string;
    sent: string;
    patient: PatientPickerLabels;
    destination: DestinationLabels;
  };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const [destination, setDestination] = useState<DestinationValue>(NO_DESTINATION);
  const [question, setQuestion] = useState("");
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);

  const ask = () =>
    startTransition(async () => {
      const r = await askAdviceAction({
        patientId: patient?.id ?? "",
        destinationFacilityId: destination.destinationFacilityId,
        destinationDepartmentId: destination.destinationDepartmentId,
        question,
      });
      setResult(r);
      if (r.ok) {
        setQuestion("");
        setPatient(null);
        setDestination(NO_DESTINATION);
        router.refresh();
      }
    });

  return (
    <details className="card" data-testid="ask-advice">
      <summary className="cursor-pointer font-semibold text-brand-700">{labels.title}</summary>
      <form
        className="mt-4 grid gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <PatientPicker
          idPrefix="advice"
          value={patient}
          onChange={setPatient}
          labels={labels.patient}
          error={errors.patientId}
        />
        <DestinationPicker
          idPrefix="advice"
          destinations={destinations}
          value={destination}
          onChange={setDestination}
          labels={labels.destination}
          kindLabels={kindLabels}
          withDoctor={false}
          errors={errors}
        />
        <div>
          <label className="label" htmlFor="advice-question">
            {labels.question}
          </label>
          <textarea
            className="input min-h-28"
            id="advice-question"
            value={question}
            maxLength={4000}
            onChange={(e) => setQuestion(e.target.value)}
          />
          {errors.question && <p className="field-error">{errors.question}</p>}
        </div>
        <FormAlert state={result} success={labels.sent} />
        <button className="btn-primary" disabled={pending}>
          {labels.ask}
        </button>
      </form>
    </details>
  );
}

/** The department's doctor answers a question, or asks the GP for a referral (a draft is started for them). */
export function AdviceAnswerForm({
  adviceRequestId,
  labels,
}: {
  adviceRequestId: string;
  labels: { answer: string; answerAction: string; convert: string; convertHelp: string };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [answer, setAnswer] = useState("");
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);
  const run = (action: typeof answerAdviceAction | typeof convertAdviceAction) =>
    startTransition(async () => {
      const r = await action({ adviceRequestId, answer });
      setResult(r);
      if (r.ok) router.refresh();
    });
  return (
    <div className="grid gap-2 border-t border-slate-100 pt-2" data-testid="advice-answer-form">
      <label className="label" htmlFor={`answer-${adviceRequestId}`}>
        {labels.answer}
      </label>
      <textarea
        className="input min-h-24"
        id={`answer-${adviceRequestId}`}
        value={answer}
        maxLength={4000}
        onChange={(e) => setAnswer(e.target.value)}
      />
      {errors.answer && <p className="field-error">{errors.answer}</p>}
      <p className="text-xs text-slate-600">{labels.convertHelp}</p>
      <FormAlert state={result} />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="btn-primary"
          disabled={pending}
          onClick={() => run(answerAdviceAction)}
        >
          {labels.answerAction}
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={pending}
          onClick={() => run(convertAdviceAction)}
        >
          {labels.convert}
        </button>
      </div>
    </div>
  );
}

/** The liaison office (or a doctor) of the asked facility routes an open request to one of its doctors. */
export function AdviceRouteForm({
  adviceRequestId,
  doctors,
  labels,
}: {
  adviceRequestId: string;
  doctors: { id: string; name: string }[];
  labels: { route: string; routeChoose: string; routed: string };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [practitionerId, setPractitionerId] = useState("");
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);
  return (
    <form
      className="flex flex-wrap items-end gap-2 border-t border-slate-100 pt-2"
      data-testid="advice-route-form"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const r = await routeAdviceAction({ adviceRequestId, practitionerId });
          setResult(r);
          if (r.ok) router.refresh();
        });
      }}
    >
      <div className="min-w-48 flex-1">
        <label className="label" htmlFor={`route-${adviceRequestId}`}>
          {labels.routeChoose}
        </label>
        <select
          className="input"
          id={`route-${adviceRequestId}`}
          value={practitionerId}
          onChange={(e) => setPractitionerId(e.target.value)}
          required
        >
          <option value="" disabled>
            {labels.routeChoose}
          </option>
          {doctors.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        {errors.practitionerId && <p className="field-error">{errors.practitionerId}</p>}
      </div>
      <button className="btn-secondary" disabled={pending || !practitionerId}>
        {labels.route}
      </button>
      <div className="w-full">
        <FormAlert state={result} success={labels.routed} />
      </div>
    </form>
  );
}

/** 回答から紹介状へ: the asking doctor starts the letter from the answered request, then writes it. */
export function ReferFromAdviceButton({
  adviceRequestId,
  label,
}: {
  adviceRequestId: string;
  label: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  return (
    <div className="grid gap-1">
      <button
        type="button"
        className="btn-primary"
        data-testid="refer-from-advice"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await referFromAdviceAction({ adviceRequestId });
            setResult(r);
            if (r.ok) router.push(`/referrals/${r.data.referralId}/edit`);
          })
        }
      >
        {label}
      </button>
      <FormAlert state={result} />
    </div>
  );
}
