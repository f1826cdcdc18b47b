import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, practitioners } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { documentFacility } from "../documents/document-parties";
import { pathwayLabel } from "../pathways/pathway-statistics";
import type { PathwayCode } from "../../model/pathway-template";
import { loadOccurrence } from "./load-meeting";
import { agendaView } from "./meeting-agenda";
import type { MeetingMinutesDocument } from "../../model/pathway-meetings";
import { MinutesInput } from "./meetings.schema";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

const pathwayOf = (code: PathwayCode) => ({ code, name: pathwayLabel(code) });

const occurrenceNotFound = () =>
  new DomainError("NOT_FOUND", msg("pathwayMeetings.meetingOccurrenceNotFound"));

/**
 * 議事録: an occurrence's minutes as a document, for those at the meeting (the
 * readers of the occurrence page), each case inside the reader's consent or
 * redacted. The agenda is read as the page reads it (audited as a view); the
 * export is audited besides, with the patients it shows. As the other reads
 * that name several patients, the event's patientId stays null and their ids
 * are in the details.
 */
export async function meetingMinutesDocument(
  db: Db,
  actor: Actor,
  rawInput: unknown,
): Promise<MeetingMinutesDocument> {
  const { occurrenceId, meetingId } = parseInput(MinutesInput, rawInput);
  // loaded once: an outsider is refused here, the attempt audited as an export; the agenda is read on it
  const access = await loadOccurrence(db, actor, occurrenceId, "pathway_meeting.minutes_export");
  if (meetingId !== undefined && access.meeting.id !== meetingId) throw occurrenceNotFound();
  const agenda = await agendaView(db, actor, access);
  const [[organizer], [issuer], [printer]] = await Promise.all([
    db
      .select({ name: facilities.name })
      .from(facilities)
      .where(eq(facilities.id, access.meeting.organizerFacilityId)),
    db.select().from(facilities).where(eq(facilities.id, actor.facilityId)),
    db
      .select({ familyName: practitioners.familyName, givenName: practitioners.givenName })
      .from(practitioners)
      .where(eq(practitioners.id, actor.practitionerId)),
  ]);
  const cases = agenda.cases.map((c): MeetingMinutesDocument["cases"][number] => {
    if (c.redacted) return { position: c.position, redacted: true };
    const { changes: _changes, ...shown } = c;
    return shown;
  });
  const patientIds = [...new Set(agenda.cases.flatMap((c) => (c.redacted ? [] : [c.patientId])))];
  await auditPathwayMeetings(db, actor, "pathway_meeting.minutes_export", {
    details: {
      meetingId: agenda.meeting.id,
      occurrenceId,
      format: "pdf",
      patientIds,
      redacted: cases.filter((c) => c.redacted).length,
    },
  });
  const { meeting, occurrence } = agenda;
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      pathway: meeting.pathway ? pathwayOf(meeting.pathway as PathwayCode) : null,
      status: meeting.status,
      location: access.meeting.location,
      organizerFacilityName: organizer?.name ?? "",
    },
    occurrence: {
      id: occurrence.id,
      startsAt: occurrence.startsAt.toISOString(),
      endsAt: occurrence.endsAt.toISOString(),
      status: occurrence.status,
    },
    window: { since: agenda.window.since.toISOString(), until: agenda.window.until.toISOString() },
    attendance: agenda.attendance.map((a) => ({
      name: `${a.familyName} ${a.givenName}`,
      facilityName: a.facilityName,
      firstJoinedAt: a.firstJoinedAt.toISOString(),
      lastJoinedAt: a.lastJoinedAt.toISOString(),
    })),
    cases,
    issuer: documentFacility(issuer!),
    printedBy: printer ? `${printer.familyName} ${printer.givenName}` : "",
    issuedAt: new Date().toISOString(),
  };
}
