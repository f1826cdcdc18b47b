import ICAL from "ical.js";
import { wallTimeIn } from "../../model/zoned-time";

/**
 * Pathway meetings as iCalendar (RFC 5545) text, built with ical.js's
 * component model (value formats, escaping) and written out here: CRLF line
 * ends, lines folded at 75 octets (the continuation's leading space counted,
 * which ical.js's own folding does not) and never inside a UTF-8 character,
 * so Japanese titles survive every calendar application.
 *
 * A meeting is one VEVENT with a stable UID, its SEQUENCE (bumped by every
 * change), DTSTART/DTEND in its time zone with a VTIMEZONE, the RRULE, an
 * EXDATE per cancelled occurrence, STATUS, DTSTAMP, ORGANIZER and ATTENDEEs.
 * Patients never appear in it: the agenda is read in the application, inside
 * consent; a calendar feed is a bearer URL.
 */

export interface CalendarMeeting {
  id: string;
  /** the VEVENT's UID when it is not a pathway meeting's (a case conference's, say) */
  uid?: string;
  title: string;
  description: string;
  location: string;
  timeZone: string;
  startsAt: Date;
  durationMinutes: number;
  rrule: string | null;
  status: "scheduled" | "cancelled";
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  organizer: { id: string; name: string };
  attendees: { id: string; name: string; kind: "practitioner" | "facility" }[];
  /** starts (RECURRENCE-IDs) of occurrences cancelled alone */
  cancelledOccurrences: Date[];
}

export type CalendarMethod = "REQUEST" | "CANCEL" | "PUBLISH";

export const PRODUCT_ID = "-//OKI-net Collaboration Suite//Pathway meetings//JA";
const UID_DOMAIN = "pathway-meetings.okinet-collab";
const AGENDA_NOTE =
  "議題（症例）は会議のページで確認してください。カレンダーには患者の情報を載せません。 / The cases are listed on the meeting's page; calendars carry no patient data.";

export const meetingUid = (meetingId: string) => `${meetingId}@${UID_DOMAIN}`;

/**
 * Asia/Tokyo as a VTIMEZONE: one standard observance at +09:00 (Japan has
 * kept no daylight saving since 1951), written out statically so nothing is
 * looked up at run time.
 */
function vtimezone(timeZone: string): ICAL.Component {
  if (timeZone !== "Asia/Tokyo") throw new Error(`no VTIMEZONE for ${timeZone}`);
  const zone = new ICAL.Component("vtimezone");
  zone.addPropertyWithValue("tzid", "Asia/Tokyo");
  const standard = new ICAL.Component("standard");
  standard.addPropertyWithValue("tzoffsetfrom", ICAL.UtcOffset.fromString("+09:00"));
  standard.addPropertyWithValue("tzoffsetto", ICAL.UtcOffset.fromString("+09:00"));
  standard.addPropertyWithValue("tzname", "JST");
  standard.addPropertyWithValue("dtstart", ICAL.Time.fromDateTimeString("1970-01-01T00:00:00"));
  zone.addSubcomponent(standard);
  return zone;
}

const utc = (d: Date) => ICAL.Time.fromJSDate(d, true);

/** A local date-time in the meeting's zone, written with TZID= (not as UTC). */
function zonedProperty(name: string, instant: Date, timeZone: string): ICAL.Property {
  const property = new ICAL.Property(name);
  property.setParameter("tzid", timeZone);
  property.setValue(ICAL.Time.fromData({ ...wallTimeIn(instant, timeZone), isDate: false }));
  return property;
}

function vevent(meeting: CalendarMeeting, method: CalendarMethod): ICAL.Component {
  const event = new ICAL.Component("vevent");
  const cancelled = meeting.status === "cancelled" || method === "CANCEL";
  event.addPropertyWithValue("uid", meeting.uid ?? meetingUid(meeting.id));
  event.addPropertyWithValue("dtstamp", utc(meeting.updatedAt));
  event.addPropertyWithValue("sequence", meeting.sequence);
  event.addProperty(zonedProperty("dtstart", meeting.startsAt, meeting.timeZone));
  event.addProperty(
    zonedProperty(
      "dtend",
      new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
      meeting.timeZone,
    ),
  );
  if (meeting.rrule) event.addPropertyWithValue("rrule", ICAL.Recur.fromString(meeting.rrule));
  for (const start of [...meeting.cancelledOccurrences].sort((a, b) => a.getTime() - b.getTime())) {
    event.addProperty(zonedProperty("exdate", start, meeting.timeZone));
  }
  event.addPropertyWithValue("summary", meeting.title);
  event.addPropertyWithValue(
    "description",
    meeting.description.trim() ? `${meeting.description.trim()}\n\n${AGENDA_NOTE}` : AGENDA_NOTE,
  );
  if (meeting.location.trim()) event.addPropertyWithValue("location", meeting.location.trim());
  event.addPropertyWithValue("status", cancelled ? "CANCELLED" : "CONFIRMED");
  event.addPropertyWithValue("transp", "OPAQUE");
  event.addPropertyWithValue("created", utc(meeting.createdAt));
  event.addPropertyWithValue("last-modified", utc(meeting.updatedAt));
  const organizer = event.addPropertyWithValue("organizer", `urn:uuid:${meeting.organizer.id}`);
  organizer.setParameter("cn", meeting.organizer.name);
  for (const attendee of meeting.attendees) {
    const property = event.addPropertyWithValue("attendee", `urn:uuid:${attendee.id}`);
    property.setParameter("cn", attendee.name);
    property.setParameter("cutype", attendee.kind === "facility" ? "GROUP" : "INDIVIDUAL");
    property.setParameter("role", "REQ-PARTICIPANT");
    property.setParameter("partstat", "NEEDS-ACTION");
    property.setParameter("rsvp", "FALSE");
  }
  return event;
}

/**
 * A calendar of meetings: one meeting's invitation (REQUEST), its
 * cancellation (CANCEL), or a practitioner's feed (PUBLISH, with a name).
 */
export function meetingCalendar(
  meetings: CalendarMeeting[],
  method: CalendarMethod,
  options: { name?: string; productId?: string } = {},
): string {
  const calendar = new ICAL.Component("vcalendar");
  calendar.addPropertyWithValue("prodid", options.productId ?? PRODUCT_ID);
  calendar.addPropertyWithValue("version", "2.0");
  calendar.addPropertyWithValue("calscale", "GREGORIAN");
  calendar.addPropertyWithValue("method", method);
  if (options.name) {
    calendar.addPropertyWithValue("x-wr-calname", options.name);
    calendar.addPropertyWithValue("x-wr-timezone", "Asia/Tokyo");
  }
  for (const timeZone of [...new Set(meetings.map((m) => m.timeZone))].sort()) {
    calendar.addSubcomponent(vtimezone(timeZone));
  }
  for (const meeting of meetings) calendar.addSubcomponent(vevent(meeting, method));
  return `${contentLines(calendar).map(foldLine).join("\r\n")}\r\n`;
}

/** The component as unfolded content lines, properties before subcomponents (as RFC 5545 orders them). */
function contentLines(component: ICAL.Component): string[] {
  const name = component.name.toUpperCase();
  return [
    `BEGIN:${name}`,
    ...component
      .getAllProperties()
      .map((p) => ICAL.stringify.property(p.toJSON() as unknown[], ICAL.design.icalendar, true)),
    ...component.getAllSubcomponents().flatMap(contentLines),
    `END:${name}`,
  ];
}

const encoder = new TextEncoder();
export const MAX_LINE_OCTETS = 75;

/**
 * RFC 5545 §3.1 folding: no line longer than 75 octets (CRLF excluded); a
 * continuation line starts with one space, which counts; a line breaks only
 * between characters, so a Japanese character's three UTF-8 octets stay together.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n");
}
