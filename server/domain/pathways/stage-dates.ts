import { lengthOfStay as daysInHospital, parseDate, type CalendarDate } from "../../documents/pdf/format";
import { DomainError, type FieldIssueInput, msg } from "../../errors";
import type { Instrument, StageMeasures } from "../../model/pathway-template";

export interface StageDates {
  admittedOn: string | null;
  dischargedOn: string | null;
}

interface Neighbour extends StageDates {
  name: { ja: string; en: string };
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
): FieldIssueInput[] {
  const issues: FieldIssueInput[] = [];
  const { admittedOn, dischargedOn } = stage;
  if (admittedOn && dischargedOn && dischargedOn < admittedOn) {
    issues.push({
      field: fields.dischargedOn,
      message: msg("pathways.dischargeBeforeAdmission", { dischargedOn, admittedOn }),
    });
  }
  const previous = neighbours.previous;
  const previousEnd = previous ? (previous.dischargedOn ?? previous.admittedOn) : null;
  if (previous && admittedOn && previousEnd && admittedOn < previousEnd) {
    issues.push({
      field: fields.admittedOn,
      message: msg(
        previous.dischargedOn
          ? "pathways.overlapsPreviousStageDischarge"
          : "pathways.overlapsPreviousStageAdmission",
        { stage: previous.name, date: previousEnd },
      ),
    });
  }
  const next = neighbours.next;
  const nextStart = next ? (next.admittedOn ?? next.dischargedOn) : null;
  if (next && dischargedOn && nextStart && dischargedOn > nextStart) {
    issues.push({
      field: fields.dischargedOn,
      message: msg("pathways.overlapsNextStageAdmitted", { name: next.name, nextStart }),
    });
  }
  return issues;
}

/** A date measure (the surgery) falls inside the stage it belongs to. */
export function measureDateIssues(
  measures: StageMeasures,
  dates: StageDates,
  instrumentOf: (key: string) => Instrument | undefined,
): FieldIssueInput[] {
  const issues: FieldIssueInput[] = [];
  for (const [key, value] of Object.entries(measures)) {
    if (instrumentOf(key)?.kind !== "date" || typeof value !== "string") continue;
    if (dates.admittedOn && value < dates.admittedOn) {
      issues.push({
        field: `measures.${key}`,
        message: msg("pathways.beforeStageBegan2", { admittedOn: dates.admittedOn }),
      });
    } else if (dates.dischargedOn && value > dates.dischargedOn) {
      issues.push({
        field: `measures.${key}`,
        message: msg("pathways.afterStageEnded2", { dischargedOn: dates.dischargedOn }),
      });
    }
  }
  return issues;
}

/** Throws one VALIDATION error naming every field at fault, or returns. */
export function throwIfIssues(issues: FieldIssueInput[]): void {
  if (issues.length === 0) return;
  throw new DomainError("VALIDATION", issues[0]!.message, issues);
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
