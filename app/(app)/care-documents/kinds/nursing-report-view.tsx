import { daysOfMonth } from "@/server/model/care-documents/home-nursing";
import {
  VISIT_MARKS,
  VISIT_MARK_SYMBOLS,
  daysMarked,
  type NursingReportContent,
} from "@/server/model/care-documents/nursing-report";
import type { Messages } from "@/app/i18n";
import type { KindViewRows } from "./kind-parts";

/** The month's visits read-only, laid out as the nurse tapped them. */
function VisitDays({ c, m }: { c: NursingReportContent; m: Messages["careDocuments"] }) {
  const L = m.nursingReport;
  if (!c.month) return <>{c.visits.map((v) => v.date).join("、")}</>;
  const days = daysOfMonth(c.month);
  const blanks = new Date(`${days[0]}T00:00:00Z`).getUTCDay();
  const marksOn = (date: string) => c.visits.find((v) => v.date === date)?.marks ?? [];
  return (
    <span className="block space-y-2 whitespace-normal">
      <span className="grid max-w-sm grid-cols-7 gap-1 text-center text-xs" data-testid="visit-days">
        {L.weekdays.map((w) => (
          <span key={w} className="text-slate-500">
            {w}
          </span>
        ))}
        {Array.from({ length: blanks }, (_, i) => (
          <span key={`blank-${i}`} />
        ))}
        {days.map((date) => {
          const marks = marksOn(date);
          return (
            <span
              key={date}
              data-date={date}
              className={`rounded border py-1 ${marks.length > 0 ? "border-brand-700 bg-brand-50 font-semibold" : "border-slate-100"}`}
            >
              {Number(date.slice(8))}
              <span className="block min-h-4">{marks.map((x) => VISIT_MARK_SYMBOLS[x]).join("")}</span>
            </span>
          );
        })}
      </span>
      <span className="block" data-testid="visit-count">
        {L.visitDays}: {c.visits.length}
        {L.daysUnit}
        {VISIT_MARKS.filter((x) => daysMarked(c.visits, x) > 0).map((x) => (
          <span key={x} className="ml-3" title={L.marks[x]}>
            {VISIT_MARK_SYMBOLS[x]} {daysMarked(c.visits, x)}
          </span>
        ))}
      </span>
    </span>
  );
}

export const nursingReportRows: KindViewRows<NursingReportContent> = (c, m) => {
  const L = m.nursingReport.labels;
  return [
    [L.month, c.month ?? ""],
    [L.careLevel, c.careLevel ? m.homeNursing.careLevels[c.careLevel] : ""],
    [L.visits, c.visits.length > 0 ? <VisitDays c={c} m={m} /> : ""],
    [L.conditionCourse, c.conditionCourse],
    [L.nursingGiven, c.nursingGiven],
    [L.rehabilitationGiven, c.rehabilitationGiven],
    [L.familyCare, c.familyCare],
    [
      L.suppliesUsed,
      c.suppliesUsed.map((s) => [s.name, s.use, s.quantity].filter(Boolean).join(" ・ ")).join("\n"),
    ],
    [L.suppliesChange, c.suppliesChange],
    [L.specialNotes, c.specialNotes],
  ];
};
