"use client";

import type { ReactNode } from "react";
import type { FieldErrors } from "@/app/lib/action-result";

/**
 * The structured lists of a referral letter, a reply or a discharge summary:
 * diagnoses, medication, allergies, test results, procedures.
 */

export interface DiagnosisRow {
  name: string;
  icd10: string;
  certainty: "confirmed" | "suspected";
}
export interface MedicationRow {
  name: string;
  dosage: string;
}
export interface AllergyRow {
  substance: string;
  reaction: string;
}
export interface TestResultRow {
  name: string;
  value: string;
  unit: string;
  observedOn?: string;
}

export interface ProcedureRow {
  name: string;
  performedOn?: string;
  note: string;
}

export interface ListLabels {
  addRow: string;
  removeRow: string;
}

function Rows<T>({
  idPrefix,
  legend,
  rows,
  onChange,
  blank,
  labels,
  error,
  render,
}: {
  idPrefix: string;
  legend: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  blank: T;
  labels: ListLabels;
  error?: string;
  render: (row: T, index: number, set: (row: T) => void) => ReactNode;
}) {
  return (
    <fieldset className="space-y-2" data-testid={`${idPrefix}-list`}>
      <legend className="label">{legend}</legend>
      {rows.map((row, i) => (
        <div
          key={i}
          className="grid gap-2 rounded-md border border-slate-200 bg-slate-50 p-3 sm:grid-cols-[1fr_auto]"
          data-testid={`${idPrefix}-row`}
        >
          <div className="grid gap-2 sm:grid-cols-3">
            {render(row, i, (next) => onChange(rows.map((r, j) => (j === i ? next : r))))}
          </div>
          <button
            type="button"
            className="btn-secondary min-h-9 self-end px-3 py-1"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {labels.removeRow}
          </button>
        </div>
      ))}
      {error && <p className="field-error">{error}</p>}
      <button
        type="button"
        className="btn-secondary min-h-9 px-3 py-1"
        onClick={() => onChange([...rows, blank])}
        data-testid={`${idPrefix}-add`}
      >
        ＋ {labels.addRow}
      </button>
    </fieldset>
  );
}

function Cell({
  id,
  label,
  error,
  children,
  wide,
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}

/** A labelled text input for one column of a row. */
function TextCell({
  id,
  label,
  error,
  value,
  maxLength,
  placeholder,
  wide,
  onChange,
}: {
  id: string;
  label: string;
  error?: string;
  value: string;
  maxLength: number;
  placeholder?: string;
  wide?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <Cell id={id} label={label} error={error} wide={wide}>
      <input
        className="input"
        id={id}
        value={value}
        maxLength={maxLength}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
    </Cell>
  );
}

/** What every list field takes: where its rows live in the draft, their errors and their labels. */
interface ListFieldProps<Row, Labels> {
  idPrefix: string;
  path: string;
  legend: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  labels: ListLabels & Labels;
  errors: FieldErrors;
}

export function DiagnosesField({
  idPrefix,
  path,
  legend,
  rows,
  onChange,
  labels,
  errors,
}: ListFieldProps<
  DiagnosisRow,
  {
    diagnosisName: string;
    icd10: string;
    certainty: string;
    confirmed: string;
    suspected: string;
  }
>) {
  return (
    <Rows
      idPrefix={`${idPrefix}-diagnoses`}
      legend={legend}
      rows={rows}
      onChange={onChange}
      blank={{ name: "", icd10: "", certainty: "confirmed" }}
      labels={labels}
      error={errors[path]}
      render={(row, i, set) => (
        <>
          <TextCell
            id={`${idPrefix}-diagnosis-${i}-name`}
            label={labels.diagnosisName}
            error={errors[`${path}.${i}.name`]}
            value={row.name}
            maxLength={200}
            onChange={(name) => set({ ...row, name })}
          />
          <Cell
            id={`${idPrefix}-diagnosis-${i}-icd10`}
            label={labels.icd10}
            error={errors[`${path}.${i}.icd10`]}
          >
            <input
              className="input font-mono uppercase"
              id={`${idPrefix}-diagnosis-${i}-icd10`}
              value={row.icd10}
              maxLength={8}
              placeholder="I63.9"
              autoCapitalize="characters"
              onChange={(e) => set({ ...row, icd10: e.target.value.toUpperCase() })}
            />
          </Cell>
          <Cell id={`${idPrefix}-diagnosis-${i}-certainty`} label={labels.certainty}>
            <label className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                className="size-5"
                id={`${idPrefix}-diagnosis-${i}-certainty`}
                checked={row.certainty === "suspected"}
                onChange={(e) => set({ ...row, certainty: e.target.checked ? "suspected" : "confirmed" })}
              />
              {labels.suspected}
            </label>
          </Cell>
        </>
      )}
    />
  );
}

export function MedicationsField({
  idPrefix,
  path,
  legend,
  rows,
  onChange,
  labels,
  errors,
}: ListFieldProps<MedicationRow, { medicationName: string; dosage: string }>) {
  return (
    <Rows
      idPrefix={`${idPrefix}-medications`}
      legend={legend}
      rows={rows}
      onChange={onChange}
      blank={{ name: "", dosage: "" }}
      labels={labels}
      error={errors[path]}
      render={(row, i, set) => (
        <>
          <TextCell
            id={`${idPrefix}-medication-${i}-name`}
            label={labels.medicationName}
            error={errors[`${path}.${i}.name`]}
            value={row.name}
            maxLength={200}
            onChange={(name) => set({ ...row, name })}
          />
          <TextCell
            id={`${idPrefix}-medication-${i}-dosage`}
            label={labels.dosage}
            error={errors[`${path}.${i}.dosage`]}
            wide
            value={row.dosage}
            maxLength={300}
            placeholder="1回1錠 1日2回 朝夕食後"
            onChange={(dosage) => set({ ...row, dosage })}
          />
        </>
      )}
    />
  );
}

export function AllergiesField({
  idPrefix,
  path,
  legend,
  rows,
  onChange,
  labels,
  errors,
}: ListFieldProps<AllergyRow, { substance: string; reaction: string }>) {
  return (
    <Rows
      idPrefix={`${idPrefix}-allergies`}
      legend={legend}
      rows={rows}
      onChange={onChange}
      blank={{ substance: "", reaction: "" }}
      labels={labels}
      error={errors[path]}
      render={(row, i, set) => (
        <>
          <TextCell
            id={`${idPrefix}-allergy-${i}-substance`}
            label={labels.substance}
            error={errors[`${path}.${i}.substance`]}
            value={row.substance}
            maxLength={200}
            onChange={(substance) => set({ ...row, substance })}
          />
          <TextCell
            id={`${idPrefix}-allergy-${i}-reaction`}
            label={labels.reaction}
            error={errors[`${path}.${i}.reaction`]}
            wide
            value={row.reaction}
            maxLength={300}
            onChange={(reaction) => set({ ...row, reaction })}
          />
        </>
      )}
    />
  );
}

export function TestResultsField({
  idPrefix,
  path,
  legend,
  rows,
  onChange,
  labels,
  errors,
}: ListFieldProps<
  TestResultRow,
  { testName: string; testValue: string; testUnit: string; observedOn: string }
>) {
  return (
    <Rows
      idPrefix={`${idPrefix}-tests`}
      legend={legend}
      rows={rows}
      onChange={onChange}
      blank={{ name: "", value: "", unit: "" }}
      labels={labels}
      error={errors[path]}
      render={(row, i, set) => (
        <>
          <TextCell
            id={`${idPrefix}-test-${i}-name`}
            label={labels.testName}
            error={errors[`${path}.${i}.name`]}
            value={row.name}
            maxLength={100}
            onChange={(name) => set({ ...row, name })}
          />
          <Cell
            id={`${idPrefix}-test-${i}-value`}
            label={labels.testValue}
            error={errors[`${path}.${i}.value`]}
          >
            <div className="flex gap-2">
              <input
                className="input"
                id={`${idPrefix}-test-${i}-value`}
                value={row.value}
                maxLength={100}
                onChange={(e) => set({ ...row, value: e.target.value })}
              />
              <input
                className="input w-24"
                aria-label={labels.testUnit}
                placeholder={labels.testUnit}
                value={row.unit}
                maxLength={30}
                onChange={(e) => set({ ...row, unit: e.target.value })}
              />
            </div>
          </Cell>
          <Cell
            id={`${idPrefix}-test-${i}-observed`}
            label={labels.observedOn}
            error={errors[`${path}.${i}.observedOn`]}
          >
            <input
              className="input"
              type="date"
              id={`${idPrefix}-test-${i}-observed`}
              value={row.observedOn ?? ""}
              onChange={(e) => set({ ...row, observedOn: e.target.value || undefined })}
            />
          </Cell>
        </>
      )}
    />
  );
}

export function ProceduresField({
  idPrefix,
  path,
  legend,
  rows,
  onChange,
  labels,
  errors,
}: ListFieldProps<ProcedureRow, { procedureName: string; performedOn: string; procedureNote: string }>) {
  return (
    <Rows
      idPrefix={`${idPrefix}-procedures`}
      legend={legend}
      rows={rows}
      onChange={onChange}
      blank={{ name: "", note: "" }}
      labels={labels}
      error={errors[path]}
      render={(row, i, set) => (
        <>
          <TextCell
            id={`${idPrefix}-procedure-${i}-name`}
            label={labels.procedureName}
            error={errors[`${path}.${i}.name`]}
            value={row.name}
            maxLength={200}
            onChange={(name) => set({ ...row, name })}
          />
          <Cell
            id={`${idPrefix}-procedure-${i}-date`}
            label={labels.performedOn}
            error={errors[`${path}.${i}.performedOn`]}
          >
            <input
              className="input"
              type="date"
              id={`${idPrefix}-procedure-${i}-date`}
              value={row.performedOn ?? ""}
              onChange={(e) => set({ ...row, performedOn: e.target.value || undefined })}
            />
          </Cell>
          <TextCell
            id={`${idPrefix}-procedure-${i}-note`}
            label={labels.procedureNote}
            error={errors[`${path}.${i}.note`]}
            value={row.note}
            maxLength={500}
            onChange={(note) => set({ ...row, note })}
          />
        </>
      )}
    />
  );
}
