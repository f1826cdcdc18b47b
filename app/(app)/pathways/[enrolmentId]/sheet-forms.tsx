"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { useCommand } from "@/app/ui/use-command";
import {
  acceptHandoverAction,
  cancelHandoverAction,
  completeEnrolmentAction,
  declineHandoverAction,
  recordStageMeasuresAction,
  recordVarianceAction,
  requestHandoverAction,
  withdrawEnrolmentAction,
} from "../actions";

/** The sheet's form labels: plain strings only cross into client components ({facility} is filled in here). */
export interface SheetFormLabels {
  submit: string;
  recorded: string;
  conflict: string;
  showLatest: string;
  unset: string;
  yes: string;
  no: string;
  category: string;
  occurredOn: string;
  description: string;
  reason: string;
  delayDays: string;
  toStage: string;
  skip: string;
  toFacility: string;
  chooseFacility: string;
  outsideConsent: string;
  noCandidates: string;
  plannedOn: string;
  note: string;
  request: string;
  requested: string;
  consentRefused: string;
  cancelHandover: string;
  cancelConfirm: string;
  accept: string;
  acceptedOn: string;
  decline: string;
  declineReason: string;
  complete: string;
  withdraw: string;
  endedOn: string;
  withdrawReason: string;
  endConfirm: string;
}

export interface Option {
  value: string;
  label: string;
}

/** One measure of a stage as its input: typed by the template's instrument. */
export interface MeasureField {
  key: string;
  label: string;
  kind: "integer" | "code" | "boolean" | "date";
  min?: number;
  max?: number;
  step?: number;
  /** the allowed range, said under the field */
  hint?: string;
  options?: Option[];
  value: number | string | boolean | null;
}

interface Versioned {
  enrolmentId: string;
  version: number;
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
};

function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div data-field={id}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function Command({
  title,
  testId,
  danger,
  open,
  children,
}: {
  title: string;
  testId: string;
  danger?: boolean;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="rounded-md border border-slate-200 bg-white p-3" data-testid={testId} open={open}>
      <summary className={`cursor-pointer py-1 font-medium ${danger ? "text-red-700" : "text-brand-700"}`}>
        {title}
      </summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}

function Outcome({
  result,
  labels,
  success,
}: {
  result: ActionResult<unknown> | null;
  labels: SheetFormLabels;
  success?: string;
}) {
  if (result?.ok) {
    return success ? (
      <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
        {success}
      </p>
    ) : null;
  }
  return <CommandOutcome result={result} labels={labels} staleField="version" />;
}

const submitting = (handler: (form: FormData) => void) => (event: FormEvent<HTMLFormElement>) => {
  event.preventDefault();
  handler(new FormData(event.currentTarget));
};

/**
 * A stage's dates and outcome measures, one input per measure of the
 * template: numbers with their range and step, codes as selects, yes/no,
 * dates. A value emptied is cleared; one never given stays absent.
 */
export function MeasuresForm({
  title,
  testId,
  enrolmentId,
  version,
  stageId,
  dateLabels,
  admittedOn,
  dischargedOn,
  measures,
  labels,
}: Versioned & {
  title: string;
  testId: string;
  stageId: string;
  dateLabels: { admittedOn: string; dischargedOn: string };
  admittedOn: string | null;
  dischargedOn: string | null;
  measures: MeasureField[];
  labels: SheetFormLabels;
}) {
  const { pending, result, errors, run } = useCommand();
  const id = (name: string) => `${testId}-${name}`;
  const date = (form: FormData, name: string, before: string | null) => {
    const v = text(form, name);
    return v ? v : before ? null : undefined;
  };
  const onSubmit = submitting((form) => {
    const values: Record<string, unknown> = {};
    for (const m of measures) {
      const raw = text(form, `measure-${m.key}`);
      if (raw === "") {
        if (m.value !== null) values[m.key] = null;
        continue;
      }
      values[m.key] = m.kind === "integer" ? Number(raw) : m.kind === "boolean" ? raw === "true" : raw;
    }
    run(() =>
      recordStageMeasuresAction({
        enrolmentId,
        version,
        stageId,
        admittedOn: date(form, "admittedOn", admittedOn),
        dischargedOn: date(form, "dischargedOn", dischargedOn),
        measures: values,
      }),
    );
  });
  return (
    <Command title={title} testId={testId}>
      <form className="grid gap-3 sm:grid-cols-2" noValidate onSubmit={onSubmit}>
        <Field id={id("admittedOn")} label={dateLabels.admittedOn} error={errors.admittedOn}>
          <input
            className="input"
            type="date"
            id={id("admittedOn")}
            name="admittedOn"
            defaultValue={admittedOn ?? ""}
          />
        </Field>
        <Field id={id("dischargedOn")} label={dateLabels.dischargedOn} error={errors.dischargedOn}>
          <input
            className="input"
            type="date"
            id={id("dischargedOn")}
            name="dischargedOn"
            defaultValue={dischargedOn ?? ""}
          />
        </Field>
        {measures.map((m) => {
          const fieldId = id(m.key);
          const error = errors[`measures.${m.key}`];
          const common = {
            id: fieldId,
            name: `measure-${m.key}`,
            className: "input",
            "aria-invalid": error ? true : undefined,
            "aria-describedby": error ? `${fieldId}-error` : undefined,
          };
          return (
            <Field key={m.key} id={fieldId} label={m.label} error={error} hint={m.hint}>
              {m.kind === "integer" ? (
                <input
                  {...common}
                  type="number"
                  inputMode="numeric"
                  min={m.min}
                  max={m.max}
                  step={m.step}
                  defaultValue={typeof m.value === "number" ? m.value : ""}
                />
              ) : m.kind === "date" ? (
                <input {...common} type="date" defaultValue={typeof m.value === "string" ? m.value : ""} />
              ) : (
                <select {...common} defaultValue={m.value === null ? "" : String(m.value)}>
                  <option value="">{labels.unset}</option>
                  {(m.kind === "boolean"
                    ? [
                        { value: "true", label: labels.yes },
                        { value: "false", label: labels.no },
                      ]
                    : (m.options ?? [])
                  ).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          );
        })}
        <div className="grid gap-2 sm:col-span-2">
          <Outcome result={result} labels={labels} success={labels.recorded} />
          <button className="btn-primary" disabled={pending}>
            {labels.submit}
          </button>
        </div>
      </form>
    </Command>
  );
}

/** バリアンス: what went off-plan in this stage, when and why, under a category. */
export function VarianceForm({
  title,
  testId,
  enrolmentId,
  version,
  stageId,
  categories,
  labels,
}: Versioned & {
  title: string;
  testId: string;
  stageId: string;
  categories: Option[];
  labels: SheetFormLabels;
}) {
  const { pending, result, errors, run } = useCommand();
  const id = (name: string) => `${testId}-${name}`;
  const onSubmit = submitting((form) => {
    const delay = text(form, "delayDays");
    run(() =>
      recordVarianceAction({
        enrolmentId,
        version,
        stageId,
        category: text(form, "category"),
        occurredOn: text(form, "occurredOn"),
        description: text(form, "description"),
        reason: text(form, "reason"),
        delayDays: delay === "" ? null : Number(delay),
      }),
    );
  });
  return (
    <Command title={title} testId={testId}>
      <form className="grid gap-3" noValidate onSubmit={onSubmit}>
        <Field id={id("category")} label={labels.category} error={errors.category}>
          <select className="input" id={id("category")} name="category" defaultValue="">
            <option value="">{labels.unset}</option>
            {categories.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={id("occurredOn")} label={labels.occurredOn} error={errors.occurredOn}>
          <input
            className="input"
            type="date"
            id={id("occurredOn")}
            name="occurredOn"
            defaultValue={tokyoDateKey()}
          />
        </Field>
        <Field id={id("description")} label={labels.description} error={errors.description}>
          <textarea className="input" id={id("description")} name="description" rows={2} maxLength={1000} />
        </Field>
        <Field id={id("reason")} label={labels.reason} error={errors.reason}>
          <textarea className="input" id={id("reason")} name="reason" rows={2} maxLength={2000} />
        </Field>
        <Field id={id("delayDays")} label={labels.delayDays} error={errors.delayDays}>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={0}
            max={3650}
            step={1}
            id={id("delayDays")}
            name="delayDays"
          />
        </Field>
        <Outcome result={result} labels={labels} success={labels.recorded} />
        <button className="btn-primary" disabled={pending}>
          {labels.submit}
        </button>
      </form>
    </Command>
  );
}

export interface HandoverTargetOption {
  stageKey: string;
  name: string;
  next: boolean;
  facilities: { id: string; name: string; inConsent: boolean }[];
}

/**
 * 転院・移行の依頼: the next stage (or a later one, skipping) and a facility
 * that may own it. A facility outside the patient's consent is marked; asking
 * it anyway is refused by name, and the page then offers the 連携先追加.
 */
export function HandoverForm({
  title,
  enrolmentId,
  version,
  targets,
  labels,
}: Versioned & { title: string; targets: HandoverTargetOption[]; labels: SheetFormLabels }) {
  const router = useRouter();
  const pathname = usePathname();
  const { pending, result, errors, run } = useCommand();
  const [stageKey, setStageKey] = useState(targets[0]?.stageKey ?? "");
  const [refused, setRefused] = useState<{ id: string; name: string } | null>(null);
  const target = targets.find((s) => s.stageKey === stageKey) ?? targets[0];
  const onSubmit = submitting((form) => {
    const toFacilityId = text(form, "toFacilityId");
    const facility = target?.facilities.find((f) => f.id === toFacilityId);
    run(
      () =>
        requestHandoverAction({
          enrolmentId,
          version,
          toFacilityId,
          toStageKey: stageKey,
          plannedOn: text(form, "plannedOn"),
          note: text(form, "note"),
        }),
      (r) => {
        if (!r.ok && r.error.code === "CONSENT_REQUIRED" && facility) {
          setRefused({ id: facility.id, name: facility.name });
          // the page below the form then shows the consent forms with this facility ticked
          router.replace(`${pathname}?consent=${facility.id}#consent`, { scroll: false });
        } else {
          setRefused(null);
        }
      },
    );
  });
  const facilityError =
    refused && errors.toFacilityId
      ? labels.consentRefused.replace("{facility}", refused.name)
      : errors.toFacilityId;
  return (
    <Command title={title} testId="command-handover">
      <form className="grid gap-3" noValidate onSubmit={onSubmit}>
        {targets.length > 1 && (
          <Field id="handover-stage" label={labels.toStage} error={errors.toStageKey}>
            <select
              className="input"
              id="handover-stage"
              name="toStageKey"
              value={stageKey}
              onChange={(e) => setStageKey(e.target.value)}
            >
              {targets.map((s) => (
                <option key={s.stageKey} value={s.stageKey}>
                  {s.name}
                  {!s.next && ` ${labels.skip}`}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="handover-facility" label={labels.toFacility} error={facilityError}>
          {target && target.facilities.length > 0 ? (
            <select
              className="input"
              id="handover-facility"
              name="toFacilityId"
              defaultValue=""
              key={target.stageKey}
              aria-invalid={facilityError ? true : undefined}
            >
              <option value="">{labels.chooseFacility}</option>
              {target.facilities.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                  {!f.inConsent && `（${labels.outsideConsent}）`}
                </option>
              ))}
            </select>
          ) : (
            <p className="text-sm text-slate-600">{labels.noCandidates}</p>
          )}
        </Field>
        <Field id="handover-planned" label={labels.plannedOn} error={errors.plannedOn}>
          <input className="input" type="date" id="handover-planned" name="plannedOn" />
        </Field>
        <Field id="handover-note" label={labels.note} error={errors.note}>
          <textarea className="input" id="handover-note" name="note" rows={3} maxLength={1000} />
        </Field>
        <Outcome result={result} labels={labels} success={labels.requested} />
        <button className="btn-primary" disabled={pending}>
          {labels.request}
        </button>
      </form>
    </Command>
  );
}

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

/** The asked facility's answer: accept with the day it admits the patient, or decline with a reason. */
export function AnswerHandoverForms({
  enrolmentId,
  version,
  defaultAdmittedOn,
  declineReasons,
  labels,
}: Versioned & { defaultAdmittedOn: string; declineReasons: Option[]; labels: SheetFormLabels }) {
  const accept = useCommand();
  const decline = useCommand();
  return (
    <div className="grid gap-2">
      <Command title={labels.accept} testId="command-accept" open>
        <form
          className="grid gap-3"
          noValidate
          onSubmit={submitting((form) =>
            accept.run(() =>
              acceptHandoverAction({ enrolmentId, version, admittedOn: text(form, "admittedOn") }),
            ),
          )}
        >
          <Field id="accept-admitted" label={labels.acceptedOn} error={accept.errors.admittedOn}>
            <input
              className="input"
              type="date"
              id="accept-admitted"
              name="admittedOn"
              defaultValue={defaultAdmittedOn}
            />
          </Field>
          <Outcome result={accept.result} labels={labels} />
          <button className="btn-primary" disabled={accept.pending}>
            {labels.accept}
          </button>
        </form>
      </Command>
      <Command title={labels.decline} testId="command-decline" danger>
        <form
          className="grid gap-3"
          noValidate
          onSubmit={submitting((form) =>
            decline.run(() =>
              declineHandoverAction({
                enrolmentId,
                version,
                reason: text(form, "reason"),
                note: text(form, "note"),
              }),
            ),
          )}
        >
          <Field id="decline-reason" label={labels.declineReason} error={decline.errors.reason}>
            <select className="input" id="decline-reason" name="reason" defaultValue="">
              <option value="">{labels.unset}</option>
              {declineReasons.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="decline-note" label={labels.note} error={decline.errors.note}>
            <textarea className="input" id="decline-note" name="note" rows={2} maxLength={1000} />
          </Field>
          <Outcome result={decline.result} labels={labels} />
          <button className="btn-danger" disabled={decline.pending}>
            {labels.decline}
          </button>
        </form>
      </Command>
    </div>
  );
}

/** パス達成 or 中止: the pathway ends in the current stage, on a day not before it began. */
export function EndEnrolmentForms({
  enrolmentId,
  version,
  defaultEndedOn,
  withdrawReasons,
  labels,
}: Versioned & { defaultEndedOn: string; withdrawReasons: Option[]; labels: SheetFormLabels }) {
  const complete = useCommand();
  const withdraw = useCommand();
  return (
    <div className="grid gap-2">
      <Command title={labels.complete} testId="command-complete">
        <form
          className="grid gap-3"
          noValidate
          onSubmit={submitting((form) => {
            if (!window.confirm(labels.endConfirm)) return;
            complete.run(() =>
              completeEnrolmentAction({
                enrolmentId,
                version,
                endedOn: text(form, "endedOn"),
                note: text(form, "note"),
              }),
            );
          })}
        >
          <Field id="complete-ended" label={labels.endedOn} error={complete.errors.endedOn}>
            <input
              className="input"
              type="date"
              id="complete-ended"
              name="endedOn"
              defaultValue={defaultEndedOn}
            />
          </Field>
          <Field id="complete-note" label={labels.note} error={complete.errors.note}>
            <textarea className="input" id="complete-note" name="note" rows={2} maxLength={1000} />
          </Field>
          <Outcome result={complete.result} labels={labels} />
          <button className="btn-primary" disabled={complete.pending}>
            {labels.complete}
          </button>
        </form>
      </Command>
      <Command title={labels.withdraw} testId="command-withdraw" danger>
        <form
          className="grid gap-3"
          noValidate
          onSubmit={submitting((form) => {
            if (!window.confirm(labels.endConfirm)) return;
            withdraw.run(() =>
              withdrawEnrolmentAction({
                enrolmentId,
                version,
                endedOn: text(form, "endedOn"),
                reason: text(form, "reason"),
                note: text(form, "note"),
              }),
            );
          })}
        >
          <Field id="withdraw-ended" label={labels.endedOn} error={withdraw.errors.endedOn}>
            <input
              className="input"
              type="date"
              id="withdraw-ended"
              name="endedOn"
              defaultValue={defaultEndedOn}
            />
          </Field>
          <Field id="withdraw-reason" label={labels.withdrawReason} error={withdraw.errors.reason}>
            <select className="input" id="withdraw-reason" name="reason" defaultValue="">
              <option value="">{labels.unset}</option>
              {withdrawReasons.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="withdraw-note" label={labels.note} error={withdraw.errors.note}>
            <textarea className="input" id="withdraw-note" name="note" rows={2} maxLength={1000} />
          </Field>
          <Outcome result={withdraw.result} labels={labels} />
          <button className="btn-danger" disabled={withdraw.pending}>
            {labels.withdraw}
          </button>
        </form>
      </Command>
    </div>
  );
}
