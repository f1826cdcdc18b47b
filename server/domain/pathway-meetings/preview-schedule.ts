import { parseInput } from "../../validation";
import { ScheduleMeetingInput } from "./meetings.schema";
import { planSchedule } from "./recurrence";

const PREVIEW_LIMIT = 12;

/** The schedule's own fields, as scheduling parses them. */
const PreviewInput = ScheduleMeetingInput.pick({
  startsAt: true,
  timeZone: true,
  durationMinutes: true,
  rrule: true,
});

/**
 * The dates a schedule gives, before it is saved: the same planSchedule the
 * scheduling runs, so what the form previews is what is stored, and a rule
 * it would refuse is refused here on the same field. Nothing is read or
 * written; the first PREVIEW_LIMIT dates and the total are returned.
 */
export function previewSchedule(rawInput: unknown) {
  const input = parseInput(PreviewInput, rawInput);
  const schedule = planSchedule(input);
  return {
    rrule: schedule.rrule,
    total: schedule.occurrences.length,
    occurrences: schedule.occurrences.slice(0, PREVIEW_LIMIT),
  };
}
