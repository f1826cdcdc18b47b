import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  conferenceAgendaItems,
  conferenceParticipants,
  facilities,
  patients,
  practitioners,
} from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { checkPatientAccess, purposeOf } from "../consent/check-patient-access";
import { ConferenceIdInput } from "./conferences.schema";
import { loadMembership } from "./load-membership";
import { auditConferences } from "./conferences-audit";

export type AgendaCase =
  | {
      position: number;
      redacted: false;
      patientId: string;
      regionalId: string;
      name: string;
      nameKana: string;
      birthDate: string;
      sex: string;
      question: string;
    }
  /** outside this viewer's consent: not even the name */
  | { position: number; redacted: true };

/**
 * A conference as one participant sees it. Each agenda case is shown only if
 * that participant may see the patient's clinical data (their facility inside
 * the patient's consent); otherwise it is redacted for them. Every case shown
 * is an audit event.
 */
export async function getConference(db: Db, actor: Actor, rawInput: unknown) {
  const { conferenceId } = parseInput(ConferenceIdInput, rawInput);
  const me = await loadMembership(db, actor, conferenceId);

  const [people, items] = await Promise.all([
    db
      .select({
        practitionerId: conferenceParticipants.practitionerId,
        role: conferenceParticipants.role,
        admission: conferenceParticipants.admission,
        familyName: practitioners.familyName,
        givenName: practitioners.givenName,
        profession: practitioners.profession,
        facilityName: facilities.name,
      })
      .from(conferenceParticipants)
      .innerJoin(practitioners, eq(practitioners.id, conferenceParticipants.practitionerId))
      .innerJoin(facilities, eq(facilities.id, practitioners.facilityId))
      .where(eq(conferenceParticipants.conferenceId, conferenceId))
      .orderBy(asc(conferenceParticipants.invitedAt)),
    db
      .select({ item: conferenceAgendaItems, patient: patients })
      .from(conferenceAgendaItems)
      .innerJoin(patients, eq(patients.id, conferenceAgendaItems.patientId))
      .where(eq(conferenceAgendaItems.conferenceId, conferenceId))
      .orderBy(asc(conferenceAgendaItems.position)),
  ]);

  const agenda: AgendaCase[] = [];
  for (const { item, patient } of items) {
    const decision = await checkPatientAccess(db, actor, patient.id, "clinical");
    if (!decision.allowed) {
      agenda.push({ position: item.position, redacted: true });
      continue;
    }
    await auditConferences(db, actor, "conference.case_view", {
      patientId: patient.id,
      purpose: purposeOf(decision),
      details: { conferenceId, basis: decision.basis },
    });
    agenda.push({
      position: item.position,
      redacted: false,
      patientId: patient.id,
      regionalId: patient.regionalId,
      name: `${patient.familyName} ${patient.givenName}`,
      nameKana: `${patient.familyNameKana} ${patient.givenNameKana}`,
      birthDate: patient.birthDate,
      sex: patient.sex,
      question: item.question,
    });
  }

  const c = me.conference;
  return {
    conference: {
      id: c.id,
      title: c.title,
      kind: c.kind,
      status: c.status,
      scheduledStart: c.scheduledStart,
      scheduledEnd: c.scheduledEnd,
      hostId: c.hostId,
      version: c.version,
    },
    me: { role: me.role, admission: me.participant.admission, grants: me.grants },
    participants: people,
    agenda,
  };
}
export type ConferenceView = Awaited<ReturnType<typeof getConference>>;
