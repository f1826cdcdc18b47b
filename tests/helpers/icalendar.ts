import ical, { type VEvent, type VTimeZone } from "node-ical";

/** An iCalendar text read back with node-ical, another implementation than ours: its events and time zones. */
export function parseCalendar(text: string): { events: VEvent[]; zones: VTimeZone[] } {
  const parsed = Object.values(ical.sync.parseICS(text));
  return {
    events: parsed.filter((c): c is VEvent => c?.type === "VEVENT"),
    zones: parsed.filter((c): c is VTimeZone => c?.type === "VTIMEZONE"),
  };
}

/** The VEVENTs of an iCalendar text, read back with node-ical. */
export const calendarEvents = (text: string): VEvent[] => parseCalendar(text).events;
