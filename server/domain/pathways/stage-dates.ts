import { lengthOfStay as daysInHospital, parseDate, type CalendarDate } from "../../documents/pdf/format";
import { DomainError, type FieldIssue } from "../../errors";
import type { Instrument, StageMeasures } from "../../model/pathway-template";

export interface StageDates {
  admittedOn: string | null;
  dischargedOn: string | null;
}

interface Neighbour extends StageDates {
  name: string;
}

/**
 * The dates of one stage against themselves and the stages either side: a
 * discharge before the admission, or a stage that starts before the previous
 * one ended (or ends after the next one started), is refused on the field that
 * would have to change. A transfer on the day of discharge is not an overlap.
 * Dates are YYYY-MM-DD, so they compare as strings.
 */
export function stageDateIssues(
  stage: StageDates,
  neighbours: { previous?: Neighbour | null; next?: Neighbour | null } = {},
  fields: { admittedOn: string; dischargedOn: string } = {
    admittedOn: "admittedOn",
    dischargedOn: "dischargedOn",
  },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { admittedOn, dischargedOn } = stage;
  if (admittedOn && dischargedOn && dischargedOn < admittedOn) {
    issues.push({
      field: fields.dischargedOn,
      message: `退院日（終了日）${dischargedOn} が入院日（開始日）${admittedOn} より前です / The discharge ${dischargedOn} is before the admission ${admittedOn}`,
    });
  }
  const previous = neighbours.previous;
  const previousEnd = previous ? (previous.dischargedOn ?? previous.admittedOn) : null;
  if (previous && admittedOn && previousEnd && admittedOn < previousEnd) {
    issues.push({
      field: fields.admittedOn,
      message: `前の段階（${previous.name}）の${previous.dischargedOn ? "退院日" : "入院日"} ${previousEnd} より前です。段階の期間が重なっています / Overlaps the previous stage (${previous.dischargedOn ? "discharged" : "admitted"} ${previousEnd})`,
    });
  }
  const next = neighbours.next;
  const nextStart = next ? (next.admittedOn ?? next.dischargedOn) : null;
  if (next && dischargedOn && nextStart && dischargedOn > nextStart) {
    issues.push({
      field: fields.dischargedOn,
      message: `次の段階（${next.name}）の入院日 ${nextStart} より後です。段階の期間が重なっています / Overlaps the next stage (admitted ${nextStart})`,
    });
  }
  return issues;
}

/** A date measure (the surgery) falls inside the stage it belongs to. */
export function measureDateIssues(
  measures: StageMeasures,
  dates: StageDates,
  instrumentOf: (key: string) => Instrument | undefined,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(measures)) {
    if (instrumentOf(key)?.kind !== "date" || typeof value !== "string") continue;
    if (dates.admittedOn && value < dates.admittedOn) {
      issues.push({
        field: `measures.${key}`,
        message: `入院日（開始日）${dates.admittedOn} より前の日付です / Before the stage began (${dates.admittedOn})`,
      });
    } else if (dates.dischargedOn && value > dates.dischargedOn) {
      issues.push({
        field: `measures.${key}`,
        message: `退院日（終了日）${dates.dischargedOn} より後の日付です / After the stage ended (${dates.dischargedOn})`,
      });
    }
  }
  return issues;
}

/** Throws one VALIDATION error naming every field at fault, or returns. */
export function throwIfIssues(issues: FieldIssue[]): void {
  if (issues.length === 0) return;
  throw new DomainError(
    "VALIDATION",
    `Invalid input: ${[...new Set(issues.map((i) => i.field))].join(", ")}`,
    issues,
  );
}

/** 入院日数 as Japanese hospitals count it: admission and discharge day both count (1st to 3rd = 3 days). */
export function lengthOfStay(dates: StageDates): number | null {
  if (!dates.admittedOn || !dates.dischargedOn) return null;
  return daysInHospital(parseDate(dates.admittedOn), parseDate(dates.dischargedOn));
}

/**
 * An open stay counted the same way up to `today` (入院N日目: the day of
 * admission is day 1); null before the admission date or once discharged.
 */
export function dayOfStay(dates: StageDates, today: CalendarDate): number | null {
  if (!dates.admittedOn || dates.dischargedOn) return null;
  const days = daysInHospital(parseDate(dates.admittedOn), today);
  return days >= 1 ? days : null;
}
