import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  conferenceAgendaItems,
  conferenceParticipants,
  conferences,
  patients,
  practitioners,
} from "../../db/schema";
import { DomainError, isDomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { requirePatientAccess } from "../consent/check-patient-access";
import { CreateConferenceInput } from "./conferences.schema";
import { auditConferences } from "./conferences-audit";

/**
 * Schedules a conference (or opens an ad-hoc one) with invitees from any
 * facility. The host may put only cases they themselves may see on the agenda.
 */
export async function createConference(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CreateConferenceInput, rawInput);
  const inviteeIds = input.invitees.map((i) => i.practitionerId).filter((id) => id !== actor.practitionerId);
  if (inviteeIds.length) {
    const found = await db
      .select({ id: practitioners.id })
      .from(practitioners)
      .where(and(inArray(practitioners.id, inviteeIds), isNull(practitioners.disabledAt)));
    if (found.length !== inviteeIds.length) {
      throw new DomainError("VALIDATION", msg("pathwayMeetings.inviteeDoesNotExistDisabled"), [
        { field: "invitees", message: msg("pathwayMeetings.inviteeDoesNotExistDisabled") },
      ]);
    }
  }
  for (const item of input.agenda) {
    await requirePatientAccess(db, actor, item.patientId, "clinical", "conference.create");
  }
  // a case named by its regional ID joins only if the host may see it; otherwise the
  // form says so next to the field (the refusal itself is audited by the access rule)
  for (const regionalId of input.agendaRegionalIds) {
    const message = msg("conferences.noPatientMaySeeRegional", { regionalId });
    const unknown = new DomainError("VALIDATION", message, [{ field: "agenda", message }]);
    const [patient] = await db
      .select({ id: patients.id })
      .from(patients)
      .where(eq(patients.regionalId, regionalId));
    if (!patient) throw unknown;
    try {
      await requirePatientAccess(db, actor, patient.id, "clinical", "conference.create");
    } catch (e) {
      if (isDomainError(e) && (e.code === "CONSENT_REQUIRED" || e.code === "FORBIDDEN")) throw unknown;
      throw e;
    }
    if (!input.agenda.some((a) => a.patientId === patient.id))
      input.agenda.push({ patientId: patient.id, question: "" });
  }
  const adHoc = !input.scheduledStart;

  const { conferenceId, publish } = await db.transaction(async (tx) => {
    const conferenceId = await insertConference(tx, {
      title: input.title,
      kind: input.kind,
      lobbyPolicy: input.lobbyPolicy,
      status: adHoc ? "open" : "scheduled",
      host: { practitionerId: actor.practitionerId, facilityId: actor.facilityId },
      scheduledStart: input.scheduledStart ? new Date(input.scheduledStart) : null,
      scheduledEnd: input.scheduledEnd ? new Date(input.scheduledEnd) : null,
      participants: input.invitees
        .filter((i) => i.practitionerId !== actor.practitionerId)
        .map((i) => ({ practitionerId: i.practitionerId, role: i.role, admitted: false })),
      agenda: input.agenda,
    });
    await auditConferences(tx, actor, "conference.create", {
      details: {
        conferenceId,
        invitees: inviteeIds.length,
        agendaPatientIds: input.agenda.map((a) => a.patientId),
      },
    });
    // each invitee hears of it in the notification centre (and gets the .ics from there)
    const publish = await recordNotification(tx, {
      kind: "conference_invitation",
      recipientIds: inviteeIds,
      conferenceId,
      event: adHoc ? "invited_now" : "invited",
      actorId: actor.practitionerId,
    });
    return { conferenceId, publish };
  });
  publish();
  return { conferenceId };
}

export interface ConferenceRoom {
  title: string;
  kind: (typeof conferences.$inferInsert)["kind"];
  lobbyPolicy?: (typeof conferences.$inferInsert)["lobbyPolicy"];
  status: "scheduled" | "open";
  host: { practitionerId: string; facilityId: string };
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  /** invitees besides the host; `admitted` skips the lobby (a pathway meeting's invite list is the coordinator's decision) */
  participants: {
    practitionerId: string;
    role: "moderator" | "participant" | "observer";
    admitted: boolean;
  }[];
  agenda: { patientId: string; question: string }[];
}

/**
 * Writes a conference, its host, invitees and agenda in the caller's
 * transaction, with no checks: the caller (createConference, a pathway
 * meeting opening its room) has done them.
 */
export async function insertConference(tx: Db, room: ConferenceRoom): Promise<string> {
  const now = new Date();
  const [conference] = await tx
    .insert(conferences)
    .values({
      title: room.title,
      kind: room.kind,
      lobbyPolicy: room.lobbyPolicy ?? "everyone",
      status: room.status,
      hostId: room.host.practitionerId,
      hostFacilityId: room.host.facilityId,
      scheduledStart: room.scheduledStart,
      scheduledEnd: room.scheduledEnd,
    })
    .returning({ id: conferences.id });
  const conferenceId = conference!.id;
  await tx.insert(conferenceParticipants).values([
    {
      conferenceId,
      practitionerId: room.host.practitionerId,
      role: "host",
      admission: "admitted",
      admittedAt: now,
    },
    ...room.participants.map((p) => ({
      conferenceId,
      practitionerId: p.practitionerId,
      role: p.role,
      ...(p.admitted ? { admission: "admitted" as const, admittedAt: now } : {}),
    })),
  ]);
  if (room.agenda.length) {
    await tx.insert(conferenceAgendaItems).values(
      room.agenda.map((a, position) => ({
        conferenceId,
        patientId: a.patientId,
        position,
        question: a.question,
        addedBy: room.host.practitionerId,
      })),
    );
  }
  return conferenceId;
}
