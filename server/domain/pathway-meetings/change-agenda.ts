import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { pathwayEnrolments, pathwayMeetingAgendaChanges } from "../../db/schema";
import { invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { addConferenceAgendaCases, removeConferenceAgendaCase } from "../conferences/conference-members";
import { PATHWAY_DATA } from "../pathways/load-enrolment";
import { publishAgendaChanged } from "./agenda-events";
import { loadOccurrence, requireManager } from "./load-meeting";
import { assertMeetingTransition, assertOccurrenceTransition } from "./meeting-status";
import { ChangeAgendaInput } from "./meetings.schema";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/**
 * The coordinator's hand on an occurrence's agenda: add a case the history did
 * not bring (one the coordinator may see, of the meeting's pathway), or remove
 * one (even one redacted for them). An open room's agenda follows.
 */
export async function changeAgenda(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ChangeAgendaInput, rawInput);
  const access = await loadOccurrence(db, actor, input.occurrenceId, "pathway_meeting.agenda_change");
  requireManager(access);
  const { meeting, occurrence } = access;
  assertMeetingTransition(meeting.status, "change_agenda");
  assertOccurrenceTransition(occurrence.status, "change_agenda");
  const [enrolment] = await db
    .select({
      id: pathwayEnrolments.id,
      patientId: pathwayEnrolments.patientId,
      pathway: pathwayEnrolments.pathwayCode,
    })
    .from(pathwayEnrolments)
    .where(eq(pathwayEnrolments.id, input.enrolmentId));
  if (!enrolment) throw invalidField("enrolmentId", msg("pathwayMeetings.noSuchPathwayCase"));
  if (input.change === "add") {
    await requirePatientAccess(db, actor, enrolment.patientId, PATHWAY_DATA, "pathway_meeting.agenda_change");
    if (meeting.pathwayCode && meeting.pathwayCode !== enrolment.pathway) {
      throw invalidField("enrolmentId", msg("pathwayMeetings.notCaseMeetingsPathway"));
    }
  }

  await db.transaction(async (tx) => {
    const change = input.change === "add" ? ("added" as const) : ("removed" as const);
    const now = new Date();
    await tx
      .insert(pathwayMeetingAgendaChanges)
      .values({
        occurrenceId: occurrence.id,
        enrolmentId: enrolment.id,
        change,
        changedBy: actor.practitionerId,
        changedAt: now,
      })
      .onConflictDoUpdate({
        target: [pathwayMeetingAgendaChanges.occurrenceId, pathwayMeetingAgendaChanges.enrolmentId],
        set: { change, changedBy: actor.practitionerId, changedAt: now },
      });
    if (occurrence.conferenceId) {
      if (change === "added") {
        await addConferenceAgendaCases(
          tx,
          occurrence.conferenceId,
          [{ patientId: enrolment.patientId, question: "" }],
          actor.practitionerId,
        );
      } else {
        await removeConferenceAgendaCase(tx, occurrence.conferenceId, enrolment.patientId);
      }
    }
    await auditPathwayMeetings(tx, actor, "pathway_meeting.agenda_change", {
      patientId: enrolment.patientId,
      details: { meetingId: meeting.id, occurrenceId: occurrence.id, enrolmentId: enrolment.id, change },
    });
  });
  publishAgendaChanged(occurrence);
  return { occurrenceId: occurrence.id, enrolmentId: enrolment.id, change: input.change };
}
