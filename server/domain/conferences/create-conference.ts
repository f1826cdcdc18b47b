import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  conferenceAgendaItems,
  conferenceParticipants,
  conferences,
  patients,
  practitioners,
} from "../../db/schema";
import { DomainError, isDomainError } from "../../errors";
import type { Actor } from "../../auth/permissions";
import { parseInput } from "../../validation";
import { appendAuditEvent } from "../audit/append-audit-event";
import { requirePatientAccess } from "../consent/check-patient-access";
import { CreateConferenceInput } from "./conferences.schema";

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
      throw new DomainError("VALIDATION", "Unknown invitee", [
        {
          field: "invitees",
          message: "招待できない利用者が含まれています / An invitee does not exist or is disabled",
        },
      ]);
    }
  }
  for (const item of input.agenda) {
    await requirePatientAccess(db, actor, item.patientId, "clinical", "conference.create");
  }
  // a case named by its regional ID joins only if the host may see it; otherwise the
  // form says so next to the field (the refusal itself is audited by the access rule)
  for (const regionalId of input.agendaRegionalIds) {
    const unknown = new DomainError("VALIDATION", "Unknown case", [
      {
        field: "agenda",
        message: `${regionalId}: 同意の範囲内に該当する患者がいません / no patient you may see has this regional ID`,
      },
    ]);
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

  return db.transaction(async (tx) => {
    const [conference] = await tx
      .insert(conferences)
      .values({
        title: input.title,
        kind: input.kind,
        status: adHoc ? "open" : "scheduled",
        hostId: actor.practitionerId,
        hostFacilityId: actor.facilityId,
        scheduledStart: input.scheduledStart ? new Date(input.scheduledStart) : null,
        scheduledEnd: input.scheduledEnd ? new Date(input.scheduledEnd) : null,
      })
      .returning({ id: conferences.id });
    const conferenceId = conference!.id;
    await tx.insert(conferenceParticipants).values([
      {
        conferenceId,
        practitionerId: actor.practitionerId,
        role: "host",
        admission: "admitted",
        admittedAt: new Date(),
      },
      ...input.invitees
        .filter((i) => i.practitionerId !== actor.practitionerId)
        .map((i) => ({ conferenceId, practitionerId: i.practitionerId, role: i.role })),
    ]);
    if (input.agenda.length) {
      await tx.insert(conferenceAgendaItems).values(
        input.agenda.map((a, position) => ({
          conferenceId,
          patientId: a.patientId,
          position,
          question: a.question,
          addedBy: actor.practitionerId,
        })),
      );
    }
    await appendAuditEvent(tx, {
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      action: "conference.create",
      purpose: "treatment",
      outcome: "success",
      details: {
        conferenceId,
        invitees: inviteeIds.length,
        agendaPatientIds: input.agenda.map((a) => a.patientId),
      },
      ip: actor.ip,
    });
    return { conferenceId };
  });
}
