"use client";

import { Field } from "@/app/ui/field";
import { VISIT_PROFESSIONS } from "@/server/model/care-documents/home-nursing";
import type { NursingPlanContent } from "@/server/model/care-documents/nursing-plan";
import type { KindFormProps } from "./kind-parts";
import {
  CareLevelSelect,
  CheckboxGroup,
  InstructionSelect,
  SuppliesRows,
  TextAreaField,
  TextInputField,
  fieldError,
} from "./home-nursing-fields";

type Content = NursingPlanContent;
type Problem = Content["problems"][number];

/**
 * 訪問看護計画書, as the form (別紙様式1) orders it: the month and the instruction
 * followed, the goals, the problems with their support (a card each), the
 * planned visits, the rehabilitation plan, the supplies, remarks.
 */
export function NursingPlanForm({ content, onChange, errors, labels, choices }: KindFormProps<Content>) {
  const L = labels.nursingPlan.labels;
  const H = labels.homeNursing;
  const set = <K extends keyof Content>(key: K, value: Content[K]) => onChange({ ...content, [key]: value });
  const setProblem = (i: number, next: Partial<Problem>) =>
    set(
      "problems",
      content.problems.map((p, j) => (j === i ? { ...p, ...next } : p)),
    );
  return (
    <div className="space-y-4">
      <TextInputField
        id="care-month"
        label={L.month}
        type="month"
        value={content.month ?? ""}
        onChange={(v) => set("month", v || undefined)}
        errors={errors}
        path="month"
      />
      <InstructionSelect
        label={L.instructionId}
        value={content.instructionId}
        onChange={(v) => set("instructionId", v)}
        instructions={choices.instructions}
        errors={errors}
        labels={labels}
      />
      <CareLevelSelect
        label={L.careLevel}
        value={content.careLevel}
        onChange={(v) => set("careLevel", v)}
        errors={errors}
        labels={labels}
      />
      <TextAreaField
        id="care-goals"
        label={L.goals}
        value={content.goals}
        onChange={(v) => set("goals", v)}
        errors={errors}
        path="goals"
        max={2000}
      />
      <fieldset className="space-y-2" data-field="care-problems">
        <legend className="label">{L.problems}</legend>
        {content.problems.map((p, i) => (
          <div
            key={i}
            className="space-y-2 rounded-md border border-slate-200 p-2"
            data-testid="plan-problem"
          >
            <TextInputField
              id={`care-problems-${i}-recordedOn`}
              label={L.problemDate}
              type="date"
              value={p.recordedOn ?? ""}
              onChange={(v) => setProblem(i, { recordedOn: v || null })}
              errors={errors}
              path={`problems.${i}.recordedOn`}
            />
            <TextAreaField
              id={`care-problems-${i}-problem`}
              label={L.problem}
              value={p.problem}
              onChange={(v) => setProblem(i, { problem: v })}
              errors={errors}
              path={`problems.${i}.problem`}
              rows={2}
              max={1000}
            />
            <TextAreaField
              id={`care-problems-${i}-support`}
              label={L.support}
              value={p.support}
              onChange={(v) => setProblem(i, { support: v })}
              errors={errors}
              path={`problems.${i}.support`}
              max={2000}
            />
            <TextAreaField
              id={`care-problems-${i}-evaluation`}
              label={L.evaluation}
              value={p.evaluation}
              onChange={(v) => setProblem(i, { evaluation: v })}
              errors={errors}
              path={`problems.${i}.evaluation`}
              rows={2}
              max={1000}
            />
            <button
              type="button"
              className="btn-secondary"
              onClick={() =>
                set(
                  "problems",
                  content.problems.filter((_, j) => j !== i),
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
          data-testid="add-problem"
          onClick={() =>
            set("problems", [
              ...content.problems,
              { recordedOn: null, problem: "", support: "", evaluation: "" },
            ])
          }
        >
          {labels.editor.addRow}
        </button>
        {fieldError(errors, "problems") && <p className="field-error">{fieldError(errors, "problems")}</p>}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="label">{L.visitPattern}</legend>
        <Field id="care-visitsPerWeek" label={L.visitsPerWeek} error={fieldError(errors, "visitsPerWeek")}>
          <input
            className="input w-28"
            id="care-visitsPerWeek"
            type="number"
            inputMode="numeric"
            min={1}
            max={21}
            value={content.visitsPerWeek ?? ""}
            onChange={(ev) => set("visitsPerWeek", ev.target.value === "" ? null : Number(ev.target.value))}
          />
        </Field>
        <CheckboxGroup
          id="care-visitProfessions"
          legend={L.visitProfessions}
          values={VISIT_PROFESSIONS}
          chosen={content.visitProfessions}
          onChange={(v) => set("visitProfessions", v)}
          label={(v) => H.visitProfessions[v]}
          error={fieldError(errors, "visitProfessions")}
        />
        <TextAreaField
          id="care-visitNote"
          label={L.visitNote}
          value={content.visitNote}
          onChange={(v) => set("visitNote", v)}
          errors={errors}
          path="visitNote"
          rows={2}
          max={500}
        />
      </fieldset>
      <TextAreaField
        id="care-rehabilitationPlan"
        label={L.rehabilitationPlan}
        value={content.rehabilitationPlan}
        onChange={(v) => set("rehabilitationPlan", v)}
        errors={errors}
        path="rehabilitationPlan"
        max={2000}
      />
      <fieldset data-field="care-suppliesNeeded">
        <legend className="label">{L.suppliesNeeded}</legend>
        <div className="flex gap-6">
          {([true, false] as const).map((v) => (
            <label key={String(v)} className="flex min-h-11 items-center gap-2">
              <input
                type="radio"
                className="size-5"
                name="care-suppliesNeeded"
                id={`care-suppliesNeeded-${v ? "yes" : "no"}`}
                checked={content.suppliesNeeded === v}
                onChange={() => set("suppliesNeeded", v)}
              />
              {v ? H.yes : H.no}
            </label>
          ))}
        </div>
        {fieldError(errors, "suppliesNeeded") && (
          <p className="field-error">{fieldError(errors, "suppliesNeeded")}</p>
        )}
      </fieldset>
      {content.suppliesNeeded !== false && (
        <SuppliesRows
          path="supplies"
          legend={L.supplies}
          rows={content.supplies}
          onChange={(rows) => set("supplies", rows)}
          errors={errors}
          labels={labels}
          columns={{ name: L.supplyName, use: L.supplyUse, quantity: L.supplyQuantity }}
        />
      )}
      <TextAreaField
        id="care-remarks"
        label={L.remarks}
        value={content.remarks}
        onChange={(v) => set("remarks", v)}
        errors={errors}
        path="remarks"
        max={2000}
      />
    </div>
  );
}
