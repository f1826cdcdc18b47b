import { and, asc, desc, eq, gt, inArray, lte, lt, ne, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import {
  AGENDA_EVENT_KINDS,
  facilities,
  pathwayEnrolments,
  pathwayEvents,
  pathwayMeetingAgendaChanges,
  pathwayMeetingAttendance,
  pathwayMeetingDecisions,
  pathwayMeetingOccurrences,
  pathwayStages,
  patients,
  practitioners,
} from "../../db/schema";
import { professionMaySee, type Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { PATHWAY_DATA } from "../pathways/load-enrolment";
import { pathwayLabel, stageLabel } from "../pathways/pathway-statistics";
import type { AgendaCase } from "../../model/pathway-meetings";
import type { AgendaEntry } from "./agenda-entry";
import { agendaCandidates } from "./agenda-candidates";
import { decisionFacilities } from "./decision-facilities";
import { loadOccurrence, type Meeting, type MeetingOccurrence, type OccurrenceAccess } from "./load-meeting";
import { OccurrenceInput } from "./meetings.schema";
import { auditPathwayMeetings } from "./pathway-meetings-audit";

/** The first occurrence of a series looks back this far for changes (there is no previous one). */
export const FIRST_AGENDA_LOOKBACK_DAYS = 30;

export interface AgendaWindow {
  /** exclusive: the previous occurrence held (a cancelled one was not) */
  since: Date;
  /** inclusive: this occurrence's start */
  until: Date;
  previousOccurrenceId: string | null;
}

export type { AgendaEntry };

export async function agendaWindow(db: Db, occurrence: MeetingOccurrence): Promise<AgendaWindow> {
  const [previous] = await db
    .select({ id: pathwayMeetingOccurrences.id, startsAt: pathwayMeetingOccurrences.startsAt })
    .from(pathwayMeetingOccurrences)
    .where(
      and(
        eq(pathwayMeetingOccurrences.meetingId, occurrence.meetingId),
        lt(pathwayMeetingOccurrences.startsAt, occurrence.startsAt),
        ne(pathwayMeetingOccurrences.status, "cancelled"),
      ),
    )
    .orderBy(desc(pathwayMeetingOccurrences.startsAt))
    .limit(1);
  return {
    since:
      previous?.startsAt ?? new Date(occurrence.startsAt.getTime() - FIRST_AGENDA_LOOKBACK_DAYS * 86_400_000),
    until: occurrence.startsAt,
    previousOccurrenceId: previous?.id ?? null,
  };
}

const agendaKinds = sql.raw(AGENDA_EVENT_KINDS.map((k) => `'${k}'`).join(", "));

/**
 * The agenda builds itself: the pathway cases whose stage changed or that got a
 * variance since the previous occurrence held (one range over the pathway
 * history's agenda index), plus the cases the coordinator added, minus those
 * removed; for the meeting's pathway only, when it has one. Ordered by
 * pathway, then when the pathway began.
 */
export async function agendaEntries(
  db: Db,
  meeting: Pick<Meeting, "pathwayCode">,
  occurrence: MeetingOccurrence,
  window: AgendaWindow,
): Promise<AgendaEntry[]> {
  const e = pathwayEnrolments;
  const ev = pathwayEvents;
  const o = pathwayMeetingAgendaChanges;
  return queryRows<AgendaEntry & Record<string, unknown>>(
    db,
    sql`with changed as (
          select ${ev.enrolmentId} as enrolment_id,
                 bool_or(${ev.kind} <> 'variance_recorded') as stage_changed,
                 (count(*) filter (where ${ev.kind} = 'variance_recorded'))::int as variances
          from ${ev}
          where ${ev.kind} in (${agendaKinds}) and ${ev.at} > ${window.since.toISOString()} and ${ev.at} <= ${window.until.toISOString()}
          group by ${ev.enrolmentId}
        ), overrides as (
          select ${o.enrolmentId} as enrolment_id, ${o.change} as change from ${o} where ${o.occurrenceId} = ${occurrence.id}
        ), ids as (
          select enrolment_id from changed
          union select enrolment_id from overrides where change = 'added'
        )
        select ${e.id} as "enrolmentId", ${e.patientId} as "patientId", ${e.pathwayCode} as pathway,
               coalesce(changed.stage_changed, false) as "stageChanged",
               coalesce(changed.variances, 0) as variances,
               coalesce(overrides.change = 'added', false) as added
        from ids
        join ${e} on ${e.id} = ids.enrolment_id
        left join changed on changed.enrolment_id = ids.enrolment_id
        left join overrides on overrides.enrolment_id = ids.enrolment_id
        where overrides.change is distinct from 'removed'
          ${meeting.pathwayCode ? sql`and ${e.pathwayCode} = ${meeting.pathwayCode}` : sql``}
        order by ${e.pathwayCode}, ${e.startedOn}, ${e.id}`,
  );
}

/**
 * An occurrence's agenda as one reader sees it: each case shown only if the
 * reader's facility is inside that patient's consent (and their profession may
 * see pathway data), otherwise redacted for them. The cases shown are audited
 * in one event.
 *
 * With `managerTools`, for the meeting's managers only, what their page needs
 * beside it, on the occurrence and agenda already loaded: the cases they may
 * add while the agenda can change (`candidates`) and the 担当施設 choices once
 * decisions can be recorded (`facilities`). Each is an audited look at
 * patients, so it is read only then; null otherwise, and for everyone else.
 */
export async function getMeetingAgenda(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  options: { managerTools?: boolean } = {},
) {
  const { occurrenceId } = parseInput(OccurrenceInput, rawInput);
  return agendaView(
    db,
    actor,
    await loadOccurrence(db, actor, occurrenceId, "pathway_meeting.view"),
    options,
  );
}

/** getMeetingAgenda on an occurrence already loaded (the minutes load it under their own audit action). */
export async function agendaView(
  db: Db,
  actor: Actor,
  access: OccurrenceAccess,
  { managerTools = false }: { managerTools?: boolean } = {},
) {
  const { meeting, occurrence } = access;
  const [agenda, attendance] = await Promise.all([
    buildAgenda(db, actor, meeting, occurrence),
    db
      .select({
        practitionerId: pathwayMeetingAttendance.practitionerId,
        familyName: practitioners.familyName,
        givenName: practitioners.givenName,
        facilityId: pathwayMeetingAttendance.facilityId,
        facilityName: facilities.name,
        firstJoinedAt: pathwayMeetingAttendance.firstJoinedAt,
        lastJoinedAt: pathwayMeetingAttendance.lastJoinedAt,
      })
      .from(pathwayMeetingAttendance)
      .innerJoin(practitioners, eq(practitioners.id, pathwayMeetingAttendance.practitionerId))
      .innerJoin(facilities, eq(facilities.id, pathwayMeetingAttendance.facilityId))
      .where(eq(pathwayMeetingAttendance.occurrenceId, occurrence.id))
      .orderBy(asc(pathwayMeetingAttendance.firstJoinedAt)),
  ]);
  const shown = agenda.cases.flatMap((c) => (c.redacted ? [] : [c.patientId]));
  await auditPathwayMeetings(db, actor, "pathway_meeting.view", {
    details: {
      meetingId: meeting.id,
      occurrenceId: occurrence.id,
      patientIds: shown,
      redacted: agenda.cases.length - shown.length,
    },
  });
  const manage = managerTools && access.manage && meeting.status === "scheduled";
  const [candidates, facilityChoices] = await Promise.all([
    manage && occurrence.status !== "cancelled" ? agendaCandidates(db, actor, access, agenda.entries) : null,
    manage && occurrence.status === "open" ? decisionFacilities(db, actor, access, agenda.entries) : null,
  ]);
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      pathway: meeting.pathwayCode,
      status: meeting.status,
      sequence: meeting.sequence,
      timeZone: meeting.timeZone,
      rrule: meeting.rrule,
      organizerId: meeting.organizerId,
    },
    occurrence: {
      id: occurrence.id,
      startsAt: occurrence.startsAt,
      endsAt: occurrence.endsAt,
      status: occurrence.status,
      conferenceId: occurrence.conferenceId,
    },
    window: agenda.window,
    cases: agenda.cases,
    /** 出席: who joined, from where, first and last */
    attendance,
    me: { role: access.role, manage: access.manage },
    /** 症例を追加: managerTools only */
    candidates,
    /** 担当施設 choices: managerTools only */
    facilities: facilityChoices,
  };
}

/**
 * The per-reader agenda without the audit (the benchmark times this). The
 * entries name every case's patient, redacted or not: for the managers' tools,
 * never for the page.
 */
export async function buildAgenda(db: Db, viewer: Actor, meeting: Meeting, occurrence: MeetingOccurrence) {
  const window = await agendaWindow(db, occurrence);
  const entries = await agendaEntries(db, meeting, occurrence, window);
  const ids = entries.map((en) => en.enrolmentId);
  if (ids.length === 0) return { window, entries, cases: [] as AgendaCase[] };
  const maySee = professionMaySee(viewer.profession, PATHWAY_DATA);
  const rows = await db
    .select({
      enrolmentId: pathwayEnrolments.id,
      status: pathwayEnrolments.status,
      inConsent: sql<boolean>`${inCurrentConsentScope(db, pathwayEnrolments.patientId, viewer.facilityId)}`,
      regionalId: patients.regionalId,
      familyName: patients.familyName,
      givenName: patients.givenName,
      familyNameKana: patients.familyNameKana,
      givenNameKana: patients.givenNameKana,
      birthDate: patients.birthDate,
      sex: patients.sex,
      stageKey: pathwayStages.stageKey,
      facilityName: facilities.name,
    })
    .from(pathwayEnrolments)
    .innerJoin(patients, eq(patients.id, pathwayEnrolments.patientId))
    .leftJoin(pathwayStages, eq(pathwayStages.id, pathwayEnrolments.currentStageId))
    .leftJoin(facilities, eq(facilities.id, pathwayEnrolments.currentFacilityId))
    .where(inArray(pathwayEnrolments.id, ids));
  const byId = new Map(rows.map((r) => [r.enrolmentId, r]));
  const visible = maySee
    ? entries.filter((en) => byId.get(en.enrolmentId)?.inConsent).map((en) => en.enrolmentId)
    : [];
  const [changes, decisions] = visible.length
    ? await Promise.all([
        db
          .select({
            enrolmentId: pathwayEvents.enrolmentId,
            kind: pathwayEvents.kind,
            stageKey: pathwayStages.stageKey,
            at: pathwayEvents.at,
            details: pathwayEvents.details,
          })
          .from(pathwayEvents)
          .leftJoin(pathwayStages, eq(pathwayStages.id, pathwayEvents.stageId))
          .where(
            and(
              inArray(pathwayEvents.enrolmentId, visible),
              sql`${pathwayEvents.kind} in (${agendaKinds})`,
              gt(pathwayEvents.at, window.since),
              lte(pathwayEvents.at, window.until),
            ),
          )
          .orderBy(asc(pathwayEvents.at)),
        db
          .select({
            id: pathwayMeetingDecisions.id,
            enrolmentId: pathwayMeetingDecisions.enrolmentId,
            decision: pathwayMeetingDecisions.decision,
            responsibleFacilityId: pathwayMeetingDecisions.responsibleFacilityId,
            responsibleFacilityName: facilities.name,
            dueOn: pathwayMeetingDecisions.dueOn,
          })
          .from(pathwayMeetingDecisions)
          .innerJoin(facilities, eq(facilities.id, pathwayMeetingDecisions.responsibleFacilityId))
          .where(
            and(
              eq(pathwayMeetingDecisions.occurrenceId, occurrence.id),
              inArray(pathwayMeetingDecisions.enrolmentId, visible),
            ),
          )
          .orderBy(asc(pathwayMeetingDecisions.recordedAt)),
      ])
    : [[], []];
  const shown = new Set(visible);
  const cases = entries.map((entry, position): AgendaCase => {
    const row = byId.get(entry.enrolmentId)!;
    if (!shown.has(entry.enrolmentId)) return { position, redacted: true, enrolmentId: entry.enrolmentId };
    return {
      position,
      redacted: false,
      enrolmentId: entry.enrolmentId,
      patientId: entry.patientId,
      regionalId: row.regionalId,
      name: `${row.familyName} ${row.givenName}`,
      nameKana: `${row.familyNameKana} ${row.givenNameKana}`,
      birthDate: row.birthDate,
      sex: row.sex,
      pathway: entry.pathway,
      pathwayName: pathwayLabel(entry.pathway),
      status: row.status,
      currentStage: row.stageKey
        ? { key: row.stageKey, name: stageLabel(entry.pathway, row.stageKey), facilityName: row.facilityName }
        : null,
      reasons: { stageChanged: entry.stageChanged, variances: entry.variances, added: entry.added },
      changes: changes
        .filter((c) => c.enrolmentId === entry.enrolmentId)
        .map(({ enrolmentId: _id, ...c }) => c),
      decisions: decisions
        .filter((d) => d.enrolmentId === entry.enrolmentId)
        .map(({ enrolmentId: _id, ...d }) => d),
    };
  });
  return { window, entries, cases };
}
