"use client";

import type { FieldErrors } from "@/app/lib/action-result";
import { Field } from "@/app/ui/field";
import type { InstructionChoice } from "@/server/domain/care-documents/list-related-choices";
import { CARE_LEVELS, type CareLevel } from "@/server/model/nursing-instruction";
import type { CareDocumentFormLabels } from "./kind-parts";

/**
 * The fields the station's monthly documents (and the hospital's discharge
 * record) share: free text, the month, the instruction followed, the care
 * level, the supplies table. One column on a phone; each names its error by
 * the content field the domain refuses.
 */

export const fieldError = (errors: FieldErrors, path: string) => errors[`content.${path}`];

export function TextAreaField({
  id,
  label,
  value,
  onChange,
  errors,
  path,
  rows = 3,
  max,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  path: string;
  rows?: number;
  max: number;
}) {
  const error = fieldError(errors, path);
  return (
    <Field id={id} label={label} error={error}>
      <textarea
        className="input"
        id={id}
        rows={rows}
        maxLength={max}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(ev) => onChange(ev.target.value)}
      />
    </Field>
  );
}

export function TextInputField({
  id,
  label,
  value,
  onChange,
  errors,
  path,
  max,
  type = "text",
  inputMode,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  path: string;
  max?: number;
  type?: "text" | "date" | "month" | "tel";
  inputMode?: "numeric" | "tel";
}) {
  const error = fieldError(errors, path);
  return (
    <Field id={id} label={label} error={error}>
      <input
        className="input"
        id={id}
        type={type}
        inputMode={inputMode}
        maxLength={max}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(ev) => onChange(ev.target.value)}
      />
    </Field>
  );
}

/** The 訪問看護指示書 a plan or report follows: those the station received for this patient. */
export function InstructionSelect({
  value,
  onChange,
  instructions,
  errors,
  labels,
  label,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  instructions: InstructionChoice[];
  errors: FieldErrors;
  labels: CareDocumentFormLabels;
  label: string;
}) {
  const L = labels.homeNursing;
  const error = fieldError(errors, "instructionId");
  return (
    <Field
      id="care-instructionId"
      label={label}
      error={error}
      hint={instructions.length === 0 ? L.noInstructions : undefined}
    >
      <select
        className="input"
        id="care-instructionId"
        value={value ?? ""}
        aria-invalid={error ? true : undefined}
        onChange={(ev) => onChange(ev.target.value || null)}
      >
        <option value="">{L.chooseInstruction}</option>
        {instructions.map((i) => (
          <option key={i.id} value={i.id}>
            {[
              i.facilityName,
              i.documentNumber,
              `${L.period} ${i.periodStart ?? ""}〜${i.periodEnd ?? ""}`,
              i.inForce ? L.inForce : L.notInForce,
            ]
              .filter(Boolean)
              .join(" ・ ")}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CareLevelSelect({
  value,
  onChange,
  errors,
  labels,
  label,
}: {
  value: CareLevel | null;
  onChange: (level: CareLevel | null) => void;
  errors: FieldErrors;
  labels: CareDocumentFormLabels;
  label: string;
}) {
  return (
    <Field id="care-careLevel" label={label} error={fieldError(errors, "careLevel")}>
      <select
        className="input"
        id="care-careLevel"
        value={value ?? ""}
        onChange={(ev) => onChange((ev.target.value || null) as CareLevel | null)}
      >
        <option value="">{labels.editor.notChosen}</option>
        {CARE_LEVELS.map((c) => (
          <option key={c} value={c}>
            {labels.homeNursing.careLevels[c]}
          </option>
        ))}
      </select>
    </Field>
  );
}

export interface SupplyRow {
  name: string;
  use: string;
  quantity: string;
}

/** The supplies table (衛生材料等): a card per line on a phone, three columns from a tablet up. */
export function SuppliesRows({
  path,
  legend,
  rows,
  onChange,
  errors,
  labels,
  columns,
}: {
  path: string;
  legend: string;
  rows: SupplyRow[];
  onChange: (rows: SupplyRow[]) => void;
  errors: FieldErrors;
  labels: CareDocumentFormLabels;
  columns: { name: string; use: string; quantity: string };
}) {
  return (
    <fieldset className="space-y-2" data-field={`care-${path}`}>
      <legend className="label">{legend}</legend>
      {rows.map((row, i) => (
        <div key={i} className="grid gap-2 rounded-md border border-slate-200 p-2 sm:grid-cols-3">
          {(["name", "use", "quantity"] as const).map((key) => (
            <Field
              key={key}
              id={`care-${path}-${i}-${key}`}
              label={columns[key]}
              error={fieldError(errors, `${path}.${i}.${key}`)}
            >
              <input
                className="input"
                id={`care-${path}-${i}-${key}`}
                maxLength={key === "quantity" ? 100 : 200}
                value={row[key]}
                onChange={(ev) =>
                  onChange(rows.map((r, j) => (j === i ? { ...r, [key]: ev.target.value } : r)))
                }
              />
            </Field>
          ))}
          <button
            type="button"
            className="btn-secondary sm:col-span-3"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {labels.editor.removeRow}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn-secondary"
        data-testid={`add-${path}`}
        onClick={() => onChange([...rows, { name: "", use: "", quantity: "" }])}
      >
        {labels.editor.addRow}
      </button>
      {fieldError(errors, path) && <p className="field-error">{fieldError(errors, path)}</p>}
    </fieldset>
  );
}

/** A set of checkboxes over a closed list, in the list's order. */
export function CheckboxGroup<T extends string>({
  id,
  legend,
  values,
  chosen,
  onChange,
  label,
  error,
}: {
  id: string;
  legend: string;
  values: readonly T[];
  chosen: readonly T[];
  onChange: (chosen: T[]) => void;
  label: (value: T) => string;
  error?: string;
}) {
  return (
    <fieldset data-field={id}>
      <legend className="label">{legend}</legend>
      <div className="grid gap-x-4 sm:grid-cols-2">
        {values.map((v) => (
          <label key={v} className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              className="size-5"
              id={`${id}-${v}`}
              checked={chosen.includes(v)}
              onChange={(ev) =>
                onChange(values.filter((x) => (x === v ? ev.target.checked : chosen.includes(x))))
              }
            />
            {label(v)}
          </label>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
