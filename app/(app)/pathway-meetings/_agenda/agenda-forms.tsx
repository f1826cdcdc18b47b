"use client";

import { type FormEvent } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { useCommand } from "@/app/ui/use-command";
import { changeAgendaAction, recordDecisionAction } from "./actions";

/** The agenda forms' wording: plain strings only cross into client components. */
export interface AgendaFormLabels {
  remove: string;
  removed: string;
  add: string;
  addHelp: string;
  chooseCase: string;
  noCandidates: string;
  addSubmit: string;
  added: string;
  decisionForm: string;
  decision: string;
  responsibleFacility: string;
  chooseFacility: string;
  pathwayFacilities: string;
  otherFacilities: string;
  outsideConsent: string;
  dueOnLabel: string;
  record: string;
  recorded: string;
}

export interface CandidateOption {
  enrolmentId: string;
  label: string;
}

export interface FacilityOption {
  id: string;
  name: string;
}

/** A refusal no field of the form shows (the case is gone from the agenda, the room is not open yet). */
function Refusal({ result, shownFields }: { result: ActionResult<unknown> | null; shownFields: string[] }) {
  if (!result || result.ok) return null;
  const own = result.error.fields.filter((f) => !shownFields.includes(f.field));
  if (result.error.fields.length > 0 && own.length === 0) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
      {own[0]?.message ?? result.error.message}
    </p>
  );
}

/** Takes a case off this occurrence's agenda (even one redacted for the coordinator). */
export function RemoveCaseButton({
  occurrenceId,
  enrolmentId,
  labels,
}: {
  occurrenceId: string;
  enrolmentId: string;
  labels: Pick<AgendaFormLabels, "remove">;
}) {
  const { pending, result, run } = useCommand();
  return (
    <div className="space-y-1">
      <button
        type="button"
        className="btn-secondary min-h-9 px-3 py-1 text-sm"
        disabled={pending}
        data-testid="agenda-remove"
        onClick={() => run(() => changeAgendaAction({ occurrenceId, enrolmentId, change: "remove" }))}
      >
        {labels.remove}
      </button>
      <Refusal result={result} shownFields={[]} />
    </div>
  );
}

/** 症例を追加: one of the cases the coordinator may see and the history did not bring. */
export function AddCaseForm({
  occurrenceId,
  candidates,
  labels,
}: {
  occurrenceId: string;
  candidates: CandidateOption[];
  labels: AgendaFormLabels;
}) {
  const { pending, result, errors, run } = useCommand();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const enrolmentId = new FormData(form).get("enrolmentId");
    run(
      () =>
        changeAgendaAction({
          occurrenceId,
          enrolmentId: typeof enrolmentId === "string" ? enrolmentId : "",
          change: "add",
        }),
      (r) => r.ok && form.reset(),
    );
  };
  const id = `agenda-add-${occurrenceId}`;
  return (
    <details className="rounded-md border border-slate-200 bg-white p-3" data-testid="agenda-add">
      <summary className="text-brand-700 cursor-pointer py-1 font-medium">{labels.add}</summary>
      <p className="mt-2 text-xs text-slate-500">{labels.addHelp}</p>
      {candidates.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{labels.noCandidates}</p>
      ) : (
        <form className="mt-2 grid gap-2" noValidate onSubmit={onSubmit}>
          <label className="label" htmlFor={id}>
            {labels.chooseCase}
          </label>
          <select
            className="input"
            id={id}
            name="enrolmentId"
            defaultValue=""
            aria-invalid={errors.enrolmentId ? true : undefined}
            aria-describedby={errors.enrolmentId ? `${id}-error` : undefined}
          >
            <option value="" disabled>
              {labels.chooseCase}
            </option>
            {candidates.map((c) => (
              <option key={c.enrolmentId} value={c.enrolmentId}>
                {c.label}
              </option>
            ))}
          </select>
          {errors.enrolmentId && (
            <p className="field-error" id={`${id}-error`}>
              {errors.enrolmentId}
            </p>
          )}
          <Refusal result={result} shownFields={["enrolmentId"]} />
          {result?.ok && (
            <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
              {labels.added}
            </p>
          )}
          <button className="btn-primary" disabled={pending}>
            {labels.addSubmit}
          </button>
        </form>
      )}
    </details>
  );
}

/**
 * 議事録 for one case: the decision, the facility that acts on it and by
 * when. The case's pathway facilities come first; those outside the
 * patient's consent are marked, as the server refuses them on the field.
 */
export function DecisionForm({
  occurrenceId,
  enrolmentId,
  facilities,
  pathwayFacilityIds,
  inConsentFacilityIds,
  minDueOn,
  labels,
}: {
  occurrenceId: string;
  enrolmentId: string;
  facilities: FacilityOption[];
  pathwayFacilityIds: string[];
  inConsentFacilityIds: string[];
  /** the meeting's day in Tokyo: a due date before it is refused */
  minDueOn: string;
  labels: AgendaFormLabels;
}) {
  const { pending, result, errors, run } = useCommand();
  const id = (name: string) => `decision-${enrolmentId}-${name}`;
  const inConsent = new Set(inConsentFacilityIds);
  const byId = new Map(facilities.map((f) => [f.id, f]));
  const onPathway = pathwayFacilityIds.flatMap((fid) => byId.get(fid) ?? []);
  const others = facilities.filter((f) => !pathwayFacilityIds.includes(f.id));
  const option = (f: FacilityOption) => (
    <option key={f.id} value={f.id}>
      {inConsent.has(f.id) ? f.name : `${f.name}${labels.outsideConsent}`}
    </option>
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => {
      const v = data.get(name);
      return typeof v === "string" ? v.trim() : "";
    };
    run(
      () =>
        recordDecisionAction({
          occurrenceId,
          enrolmentId,
          decision: text("decision"),
          responsibleFacilityId: text("responsibleFacilityId"),
          dueOn: text("dueOn"),
        }),
      (r) => r.ok && form.reset(),
    );
  };
  const invalid = (name: string) =>
    errors[name] ? { "aria-invalid": true, "aria-describedby": `${id(name)}-error` } : {};
  const error = (name: string) =>
    errors[name] && (
      <p className="field-error" id={`${id(name)}-error`}>
        {errors[name]}
      </p>
    );
  return (
    <details className="rounded-md border border-slate-200 bg-white p-3" data-testid="decision-form">
      <summary className="text-brand-700 cursor-pointer py-1 font-medium">{labels.decisionForm}</summary>
      <form className="mt-2 grid gap-3 sm:grid-cols-2" noValidate onSubmit={onSubmit}>
        <div className="sm:col-span-2">
          <label className="label" htmlFor={id("decision")}>
            {labels.decision}
          </label>
          <textarea
            className="input min-h-20"
            id={id("decision")}
            name="decision"
            maxLength={2000}
            {...invalid("decision")}
          />
          {error("decision")}
        </div>
        <div className="min-w-0">
          <label className="label" htmlFor={id("responsibleFacilityId")}>
            {labels.responsibleFacility}
          </label>
          <select
            className="input w-full"
            id={id("responsibleFacilityId")}
            name="responsibleFacilityId"
            defaultValue=""
            {...invalid("responsibleFacilityId")}
          >
            <option value="">{labels.chooseFacility}</option>
            {onPathway.length > 0 && (
              <optgroup label={labels.pathwayFacilities}>{onPathway.map(option)}</optgroup>
            )}
            <optgroup label={labels.otherFacilities}>{others.map(option)}</optgroup>
          </select>
          {error("responsibleFacilityId")}
        </div>
        <div>
          <label className="label" htmlFor={id("dueOn")}>
            {labels.dueOnLabel}
          </label>
          <input
            className="input"
            type="date"
            id={id("dueOn")}
            name="dueOn"
            min={minDueOn}
            {...invalid("dueOn")}
          />
          {error("dueOn")}
        </div>
        <div className="grid gap-2 sm:col-span-2">
          <Refusal result={result} shownFields={["decision", "responsibleFacilityId", "dueOn"]} />
          {result?.ok && (
            <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
              {labels.recorded}
            </p>
          )}
          <button className="btn-primary" disabled={pending}>
            {labels.record}
          </button>
        </div>
      </form>
    </details>
  );
}
