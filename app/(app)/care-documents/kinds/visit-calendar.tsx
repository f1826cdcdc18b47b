"use client";

import { useState } from "react";
import { daysOfMonth } from "@/server/model/care-documents/home-nursing";
import {
  VISIT_MARKS,
  VISIT_MARK_SYMBOLS,
  daysMarked,
  type ReportVisit,
  type VisitMark,
} from "@/server/model/care-documents/nursing-report";
import type { CareDocumentFormLabels } from "./kind-parts";

/**
 * The report's visit days as the form has them: the month's calendar, each
 * day carrying the marks of who visited (○ nurse, ◇ therapist, △ special
 * instruction, × emergency). The nurse chooses a mark once, then taps days:
 * a tap puts the mark on the day or takes it off again. Each day is a button
 * whose pressed state says whether it carries the chosen mark; its text says
 * every mark it carries. 44 px targets, seven columns fit a 390 px phone.
 */
export function VisitCalendar({
  month,
  visits,
  onChange,
  labels,
  error,
}: {
  month: string;
  visits: readonly ReportVisit[];
  onChange: (visits: ReportVisit[]) => void;
  labels: CareDocumentFormLabels;
  error?: string;
}) {
  const L = labels.nursingReport;
  const [mark, setMark] = useState<VisitMark>("nurse");
  const days = daysOfMonth(month);
  const firstWeekday = new Date(`${days[0]}T00:00:00Z`).getUTCDay();
  const marksOn = (date: string) => visits.find((v) => v.date === date)?.marks ?? [];

  const toggle = (date: string) => {
    const current = marksOn(date);
    const next = current.includes(mark)
      ? current.filter((m) => m !== mark)
      : VISIT_MARKS.filter((m) => m === mark || current.includes(m));
    const others = visits.filter((v) => v.date !== date);
    onChange(
      (next.length > 0 ? [...others, { date, marks: next }] : others).sort((a, b) =>
        a.date.localeCompare(b.date),
      ),
    );
  };

  return (
    <fieldset className="space-y-3" data-field="care-visits" data-testid="visit-calendar">
      <legend className="label">{L.labels.visits}</legend>
      <div role="radiogroup" aria-label={L.markToApply} className="grid gap-1">
        <p className="text-sm text-slate-600">{L.markToApply}</p>
        {VISIT_MARKS.map((m) => (
          <label key={m} className="flex min-h-11 items-center gap-2 text-sm">
            <input
              type="radio"
              className="size-5"
              name="care-visit-mark"
              id={`care-visit-mark-${m}`}
              checked={mark === m}
              onChange={() => setMark(m)}
            />
            <span className="w-5 text-center text-lg" aria-hidden>
              {VISIT_MARK_SYMBOLS[m]}
            </span>
            {L.marks[m]}
          </label>
        ))}
      </div>
      <p className="text-xs text-slate-500">{L.calendarHelp}</p>
      <div className="grid grid-cols-7 gap-1 text-center" role="group" aria-label={L.labels.visits}>
        {L.weekdays.map((w, i) => (
          <span
            key={w}
            aria-hidden
            className={`text-xs ${i === 0 ? "text-red-700" : i === 6 ? "text-blue-700" : "text-slate-500"}`}
          >
            {w}
          </span>
        ))}
        {Array.from({ length: firstWeekday }, (_, i) => (
          <span key={`blank-${i}`} aria-hidden />
        ))}
        {days.map((date) => {
          const marks = marksOn(date);
          const pressed = marks.includes(mark);
          return (
            <button
              key={date}
              type="button"
              data-date={date}
              aria-pressed={pressed}
              title={marks.map((m) => L.marks[m]).join(" / ") || undefined}
              onClick={() => toggle(date)}
              className={`flex min-h-11 min-w-0 flex-col items-center justify-center rounded-md border text-sm ${
                marks.length > 0
                  ? "border-brand-700 bg-brand-50 font-semibold text-brand-900"
                  : "border-slate-200 bg-white text-slate-700"
              } ${pressed ? "ring-2 ring-brand-700" : ""}`}
            >
              <span>{Number(date.slice(8))}</span>
              <span className="min-h-4 text-xs leading-4">
                {marks.map((m) => VISIT_MARK_SYMBOLS[m]).join("")}
              </span>
            </button>
          );
        })}
      </div>
      <p className="text-sm" data-testid="visit-count" aria-live="polite">
        {L.visitDays}: {visits.length}
        {L.daysUnit}
        {VISIT_MARKS.filter((m) => daysMarked(visits, m) > 0).map((m) => (
          <span key={m} className="ml-3">
            {VISIT_MARK_SYMBOLS[m]} {daysMarked(visits, m)}
          </span>
        ))}
      </p>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
