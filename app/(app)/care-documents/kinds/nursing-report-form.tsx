"use client";

import type { NursingReportContent } from "@/server/model/care-documents/nursing-report";
import type { KindFormProps } from "./kind-parts";
import {
  CareLevelSelect,
  InstructionSelect,
  SuppliesRows,
  TextAreaField,
  TextInputField,
} from "./home-nursing-fields";
import { VisitCalendar } from "./visit-calendar";

type Content = NursingReportContent;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 訪問看護報告書, as the form (別紙様式2) orders it: the month, then its visit
 * days tapped on a calendar, the course of the condition, the nursing and
 * rehabilitation given, the family's care, the supplies, special notes.
 */
export function NursingReportForm({ content, onChange, errors, labels, choices }: KindFormProps<Content>) {
  const L = labels.nursingReport.labels;
  const set = <K extends keyof Content>(key: K, value: Content[K]) => onChange({ ...content, [key]: value });
  const month = content.month && MONTH.test(content.month) ? content.month : null;
  const visitError = Object.entries(errors).find(([k]) => k.startsWith("content.visits"))?.[1];
  const text = (
    key:
      | "conditionCourse"
      | "nursingGiven"
      | "rehabilitationGiven"
      | "familyCare"
      | "suppliesChange"
      | "specialNotes",
    max: number,
    rows = 3,
  ) => (
    <TextAreaField
      id={`care-${key}`}
      label={L[key]}
      value={content[key]}
      onChange={(v) => set(key, v)}
      errors={errors}
      path={key}
      rows={rows}
      max={max}
    />
  );
  return (
    <div className="space-y-4">
      <TextInputField
        id="care-month"
        label={L.month}
        type="month"
        value={content.month ?? ""}
        onChange={(v) =>
          // a new report month keeps only the days inside it
          onChange({
            ...content,
            month: v || undefined,
            visits: content.visits.filter((d) => v && d.date.startsWith(`${v}-`)),
          })
        }
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
      {month ? (
        <VisitCalendar
          month={month}
          visits={content.visits}
          onChange={(visits) => set("visits", visits)}
          labels={labels}
          error={visitError}
        />
      ) : (
        <div data-field="care-visits">
          <p className="label">{L.visits}</p>
          <p className="text-sm text-slate-600">{labels.nursingReport.enterMonthFirst}</p>
          {visitError && <p className="field-error">{visitError}</p>}
        </div>
      )}
      {text("conditionCourse", 4000, 4)}
      {text("nursingGiven", 4000, 4)}
      {text("rehabilitationGiven", 4000)}
      {text("familyCare", 2000)}
      <SuppliesRows
        path="suppliesUsed"
        legend={L.suppliesUsed}
        rows={content.suppliesUsed}
        onChange={(rows) => set("suppliesUsed", rows)}
        errors={errors}
        labels={labels}
        columns={{ name: L.supplyName, use: L.supplyUse, quantity: L.supplyQuantity }}
      />
      {text("suppliesChange", 1000, 2)}
      {text("specialNotes", 2000)}
    </div>
  );
}
