import { lengthOfStay as daysInHospital, parseDate } from "@/server/documents/pdf/format";

/** 入院日数 for the editor and the reader, by the documents' one counting rule; null until both dates make sense. */
export function lengthOfStay(admission?: string, discharge?: string): number | null {
  if (!admission || !discharge) return null;
  const days = daysInHospital(parseDate(admission), parseDate(discharge));
  return Number.isFinite(days) && days >= 1 ? days : null;
}
