"use client";

import { Field } from "@/app/ui/field";
import { useCommand } from "@/app/ui/use-command";
import { recordStageMeasuresAction } from "@/app/(app)/pathways/actions";
import {
  Command,
  Outcome,
  submitting,
  text,
  type Option,
  type SheetFormLabels,
  type Versioned,
} from "./parts";

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
