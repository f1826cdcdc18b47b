import { and, asc, desc, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { facilities, pathwayEnrolments, pathwayStages, patients } from "../../db/schema";
import { professionMaySee, type Actor } from "../../model/permissions";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { PATHWAY_DATA } from "../pathways/load-enrolment";
import { pathwayLabel, stageLabel } from "../pathways/pathway-statistics";
import type { Label, PathwayCode } from "../../model/pathway-template";
import { requireManager, type OccurrenceAccess } from "./load-meeting";
import type { AgendaEntry } from "./agenda-entry";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/** The picker lists the most recently changed cases first, and no more than this many. */
export const AGENDA_CANDIDATES_LIMIT = 200;

export interface AgendaCandidate {
  enrolmentId: string;
  patientId: string;
  regionalId: string;
  name: string;
  nameKana: string;
  pathway: PathwayCode;
  pathwayName: Label;
  currentStage: { key: string; name: Label; facilityName: string | null } | null;
}

/**
 * 症例を追加: the cases a coordinator may put on an occurrence's agenda by
 * hand — active enrolments on the meeting's pathway (both when it has none)
 * not already on the agenda — and only those whose consent covers the
 * coordinator's facility, as changeAgenda would refuse the others. A list of
 * patients: the ones shown are audited in one event. Part of a manager's
 * agenda (getMeetingAgenda), on the occurrence and entries it has loaded.
 */
export async function agendaCandidates(
  db: Db,
  actor: Actor,
  access: OccurrenceAccess,
  entries: readonly AgendaEntry[],
): Promise<AgendaCandidate[]> {
  requireManager(access);
  const { meeting, occurrence } = access;
  if (!professionMaySee(actor.profession, PATHWAY_DATA)) return [];
  const onAgenda = entries.map((e) => e.enrolmentId);
  const rows = await db
    .select({
      enrolmentId: pathwayEnrolments.id,
      patientId: patients.id,
      pathway: pathwayEnrolments.pathwayCode,
      regionalId: patients.regionalId,
      familyName: patients.familyName,
      givenName: patients.givenName,
      familyNameKana: patients.familyNameKana,
      givenNameKana: patients.givenNameKana,
      stageKey: pathwayStages.stageKey,
      facilityName: facilities.name,
    })
    .from(pathwayEnrolments)
    .innerJoin(patients, eq(patients.id, pathwayEnrolments.patientId))
    .leftJoin(pathwayStages, eq(pathwayStages.id, pathwayEnrolments.currentStageId))
    .leftJoin(facilities, eq(facilities.id, pathwayEnrolments.currentFacilityId))
    .where(
      and(
        eq(pathwayEnrolments.status, "active"),
        meeting.pathwayCode ? eq(pathwayEnrolments.pathwayCode, meeting.pathwayCode) : undefined,
        onAgenda.length ? notInArray(pathwayEnrolments.id, onAgenda) : undefined,
        sql`${inCurrentConsentScope(db, pathwayEnrolments.patientId, actor.facilityId)}`,
      ),
    )
    .orderBy(desc(pathwayEnrolments.updatedAt), asc(pathwayEnrolments.id))
    .limit(AGENDA_CANDIDATES_LIMIT);
  if (rows.length) {
    await auditPathwayMeetings(db, actor, "pathway_meeting.view", {
      details: {
        meetingId: meeting.id,
        occurrenceId: occurrence.id,
        read: "agenda_candidates",
        patientIds: [...new Set(rows.map((r) => r.patientId))],
      },
    });
  }
  return rows.map((r): AgendaCandidate => {
    const pathway = r.pathway as PathwayCode;
    return {
      enrolmentId: r.enrolmentId,
      patientId: r.patientId,
      regionalId: r.regionalId,
      name: `${r.familyName} ${r.givenName}`,
      nameKana: `${r.familyNameKana} ${r.givenNameKana}`,
      pathway,
      pathwayName: pathwayLabel(pathway),
      currentStage: r.stageKey
        ? { key: r.stageKey, name: stageLabel(pathway, r.stageKey), facilityName: r.facilityName }
        : null,
    };
  });
}
