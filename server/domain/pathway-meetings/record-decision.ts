import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, pathwayMeetingDecisions } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { requirePatientAccess } from "../consent/check-patient-access";
import { facilityReferralDesk, recordNotification } from "../notifications/notify";
import { inConsent, PATHWAY_DATA } from "../pathways/load-enrolment";
import { publishAgendaChanged } from "./agenda-events";
import { loadOccurrence, requireManager } from "./load-meeting";
import { agendaEntries, agendaWindow } from "./meeting-agenda";
import { assertMeetingTransition, assertOccurrenceTransition } from "./meeting-status";
import { RecordDecisionInput } from "./meetings.schema";
import { formatWallTime, wallTimeIn } from "../../model/zoned-time";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/**
 * 議事録: a decision on one case of an occurrence held, with the facility that
 * acts on it and by when, stored as data linked to the patient's enrolment
 * (the pathway sheet shows it). Recorded by the meeting's organizer or
 * coordinator, who must see the patient; the responsible facility must be
 * inside the patient's consent.
 */
export async function recordDecision(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RecordDecisionInput, rawInput);
  const access = await loadOccurrence(db, actor, input.occurrenceId, "pathway_meeting.decision_record");
  requireManager(access);
  const { meeting, occurrence } = access;
  assertMeetingTransition(meeting.status, "record_decision");
  assertOccurrenceTransition(occurrence.status, "record_decision");
  const entry = (await agendaEntries(db, meeting, occurrence, await agendaWindow(db, occurrence))).find(
    (e) => e.enrolmentId === input.enrolmentId,
  );
  if (!entry) throw invalidField("enrolmentId", msg("pathwayMeetings.notCaseOccurrencesAgenda"));
  await requirePatientAccess(db, actor, entry.patientId, PATHWAY_DATA, "pathway_meeting.decision_record");
  const [facility] = await db
    .select({ active: facilities.active })
    .from(facilities)
    .where(eq(facilities.id, input.responsibleFacilityId));
  if (!facility?.active) throw invalidField("responsibleFacilityId", msg("pathwayMeetings.noSuchFacility"));
  if (!(await inConsent(db, entry.patientId, input.responsibleFacilityId))) {
    throw new DomainError("CONSENT_REQUIRED", msg("pathwayMeetings.outsidePatientsConsent"), [
      {
        field: "responsibleFacilityId",
        message: msg("pathwayMeetings.notInsidePatientsConsent"),
      },
    ]);
  }
  const day = formatWallTime(wallTimeIn(occurrence.startsAt, meeting.timeZone)).slice(0, 10);
  if (input.dueOn && input.dueOn < day) {
    throw invalidField("dueOn", msg("pathwayMeetings.dueDateBeforeMeeting", { day }));
  }

  const { decisionId, push } = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pathwayMeetingDecisions)
      .values({
        occurrenceId: occurrence.id,
        enrolmentId: entry.enrolmentId,
        decision: input.decision,
        responsibleFacilityId: input.responsibleFacilityId,
        dueOn: input.dueOn,
        recordedBy: actor.practitionerId,
        recordedByFacilityId: actor.facilityId,
      })
      .returning({ id: pathwayMeetingDecisions.id });
    await auditPathwayMeetings(tx, actor, "pathway_meeting.decision_record", {
      patientId: entry.patientId,
      details: {
        meetingId: meeting.id,
        occurrenceId: occurrence.id,
        enrolmentId: entry.enrolmentId,
        decisionId: row!.id,
        responsibleFacilityId: input.responsibleFacilityId,
        dueOn: input.dueOn,
      },
    });
    // the responsible facility's desk hears of it (inside the patient's consent, checked above)
    const push = await recordNotification(tx, {
      kind: "meeting_decision_assigned",
      recipientIds: await facilityReferralDesk(tx, input.responsibleFacilityId, null),
      pathwayEnrolmentId: entry.enrolmentId,
      pathwayMeetingId: meeting.id,
      event: "assigned",
      actorId: actor.practitionerId,
    });
    return { decisionId: row!.id, push };
  });
  push();
  publishAgendaChanged(occurrence);
  return { decisionId, occurrenceId: occurrence.id, enrolmentId: entry.enrolmentId };
}
