import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, practitioners } from "../../db/schema";
import { DomainError } from "../../errors";
import type { Actor } from "../../auth/permissions";
import type { DocumentFacility } from "../../documents/document-model";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { documentFacility } from "../documents/document-parties";
import { pathwayLabel } from "../pathways/pathway-statistics";
import type { Label, PathwayCode } from "../pathways/pathway-template.schema";
import { loadOccurrence } from "./load-meeting";
import { agendaView, type AgendaCase } from "./meeting-agenda";
import type { MeetingStatus, OccurrenceStatus } from "./meeting-status";
import { MinutesInput } from "./meetings.schema";

/** A case shown to this reader, as the minutes print it. */
export type MinutesCase = Omit<Extract<AgendaCase, { redacted: false }>, "changes">;

/**
 * What the minutes' PDF renderer is given: the occurrence, who attended, and
 * its agenda as this reader may see it. A case outside the reader's consent
 * keeps only its place: not even its enrolment reaches the renderer.
 */
export interface MeetingMinutesDocument {
  meeting: {
    id: string;
    title: string;
    /** null: the meeting reviews every pathway */
    pathway: { code: PathwayCode; name: Label } | null;
    status: MeetingStatus;
    location: string;
    organizerFacilityName: string;
  };
  occurrence: {
    id: string;
    /** ISO instants */
    startsAt: string;
    endsAt: string;
    status: OccurrenceStatus;
  };
  /** the changes the agenda was built from: ISO instants */
  window: { since: string; until: string };
  attendance: {
    name: string;
    facilityName: string;
    /** ISO instants */
    firstJoinedAt: string;
    lastJoinedAt: string;
  }[];
  cases: (MinutesCase | { position: number; redacted: true })[];
  /** the facility printing it, and who */
  issuer: DocumentFacility;
  printedBy: string;
  /** ISO instant */
  issuedAt: string;
}

const pathwayOf = (code: PathwayCode) => ({ code, name: pathwayLabel(code) });

const occurrenceNotFound = () =>
  new DomainError("NOT_FOUND", "会議の回が見つかりません / Meeting occurrence not found");

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
  await appendAuditEvent(db, {
    actorId: actor.practitionerId,
    actorFacilityId: actor.facilityId,
    action: "pathway_meeting.minutes_export",
    purpose: "treatment",
    outcome: "success",
    details: {
      meetingId: agenda.meeting.id,
      occurrenceId,
      format: "pdf",
      patientIds,
      redacted: cases.filter((c) => c.redacted).length,
    },
    ip: actor.ip,
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
