"use client";

import { Field } from "@/app/ui/field";
import { ADHERENCE_LEVELS, type TracingReportContent } from "@/server/model/care-documents/tracing-report";
import type { KindFormProps } from "./kind-parts";

type TextKey = "adherenceNote" | "sideEffects" | "proposal" | "otherInformation";

/** 服薬情報提供書: adherence, leftover medicines (a line each), side effects, the proposal, the patient's agreement. */
export function TracingReportForm({
  content,
  onChange,
  errors,
  labels,
}: KindFormProps<TracingReportContent>) {
  const L = labels.tracingReport.labels;
  const set = <K extends keyof TracingReportContent>(key: K, value: TracingReportContent[K]) =>
    onChange({ ...content, [key]: value });
  const textArea = (key: TextKey, rows = 3, max = 2000) => (
    <Field id={`care-${key}`} label={L[key]} error={errors[`content.${key}`]}>
      <textarea
        className="input"
        id={`care-${key}`}
        rows={rows}
        maxLength={max}
        value={content[key]}
        aria-invalid={errors[`content.${key}`] ? true : undefined}
        onChange={(ev) => set(key, ev.target.value)}
      />
    </Field>
  );
  const leftover = (i: number, key: "drug" | "quantity" | "reason", value: string) =>
    set(
      "leftovers",
      content.leftovers.map((l, j) => (j === i ? { ...l, [key]: value } : l)),
    );
  return (
    <div className="space-y-4">
      <Field id="care-adherence" label={L.adherence} error={errors["content.adherence"]}>
        <select
          className="input"
          id="care-adherence"
          value={content.adherence ?? ""}
          onChange={(ev) => set("adherence", (ev.target.value || null) as TracingReportContent["adherence"])}
        >
          <option value="">{labels.editor.notChosen}</option>
          {ADHERENCE_LEVELS.map((a) => (
            <option key={a} value={a}>
              {labels.tracingReport.adherence[a]}
            </option>
          ))}
        </select>
      </Field>
      {textArea("adherenceNote")}
      <fieldset className="space-y-2" data-field="care-leftovers">
        <legend className="label">{L.leftovers}</legend>
        {content.leftovers.map((l, i) => (
          <div key={i} className="grid gap-2 rounded-md border border-slate-200 p-2 sm:grid-cols-3">
            {(["drug", "quantity", "reason"] as const).map((key) => (
              <Field
                key={key}
                id={`care-leftover-${i}-${key}`}
                label={L[key]}
                error={errors[`content.leftovers.${i}.${key}`]}
              >
                <input
                  className="input"
                  id={`care-leftover-${i}-${key}`}
                  value={l[key]}
                  onChange={(ev) => leftover(i, key, ev.target.value)}
                />
              </Field>
            ))}
            <button
              type="button"
              className="btn-secondary sm:col-span-3"
              onClick={() =>
                set(
                  "leftovers",
                  content.leftovers.filter((_, j) => j !== i),
                )
              }
            >
              {labels.editor.removeRow}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn-secondary"
          data-testid="add-leftover"
          onClick={() => set("leftovers", [...content.leftovers, { drug: "", quantity: "", reason: "" }])}
        >
          {labels.editor.addRow}
        </button>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            id="care-noLeftovers"
            checked={content.noLeftovers}
            onChange={(ev) => set("noLeftovers", ev.target.checked)}
          />
          {L.noLeftovers}
        </label>
        {(errors["content.leftovers"] ?? errors["content.noLeftovers"]) && (
          <p className="field-error">{errors["content.leftovers"] ?? errors["content.noLeftovers"]}</p>
        )}
      </fieldset>
      {textArea("sideEffects")}
      {textArea("proposal", 5, 4000)}
      {textArea("otherInformation")}
      <div data-field="care-patientAgreed">
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            id="care-patientAgreed"
            checked={content.patientAgreed}
            onChange={(ev) => set("patientAgreed", ev.target.checked)}
          />
          {L.patientAgreed}
        </label>
        {errors["content.patientAgreed"] && <p className="field-error">{errors["content.patientAgreed"]}</p>}
      </div>
    </div>
  );
}
