const DAY_MS = 86_400_000;

/** 入院日数, counting the day of admission and the day of discharge (as the summary documents do). */
export function lengthOfStay(admission?: string, discharge?: string): number | null {
  if (!admission || !discharge) return null;
  const days = (Date.parse(`${discharge}T00:00:00Z`) - Date.parse(`${admission}T00:00:00Z`)) / DAY_MS;
  return Number.isFinite(days) && days >= 0 ? days + 1 : null;
}
