import { and, asc, eq, inArray, isNotNull, isNull, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  dischargeSummaries,
  dischargeSummaryRecipients,
  pathwayEnrolments,
  pathwayMeetingAgendaChanges,
  pathwayMeetingDecisions,
  pathwayMeetingFacilities,
  pathwayMeetingOccurrences,
  pathwayMeetings,
  pathwayStages,
  practitioners,
  referrals,
} from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { facilityReferralDesk, recordNotification } from "../notifications/notify";
import { cancelPendingHandover } from "../pathways/cancel-handover";
import { lockEnrolment } from "../pathways/load-enrolment";
import { applyTransition } from "../referrals/referral-transition";
import { FINAL_STATUSES, canTransition } from "../referrals/referral-status";

/** What a facility that lost access is told: document numbers and places, never who the patient is. */
export interface ConsentScopeLeftDetails {
  withdrawnOn?: string;
  /** open referrals sent from or to the facility (document numbers; drafts have none) */
  referrals: string[];
  /** of those, the ones closed now: they awaited an answer and can no longer get one */
  cancelledReferrals: string[];
  /** discharge summaries written at or sent to the facility */
  summaries: string[];
  /** pathway stages at the facility: the pathway, the stage and what became of it */
  pathwayStages: { pathway: string; stage: string; status: string }[];
  /** meeting occurrences where the case was on the agenda or decided on */
  meetings: { title: string; startsAt: string }[];
}

/** Stored on the referral as its cancel note: part of the (Japanese) record, like a letter's text. */
const CANCEL_NOTE = "同意の撤回により終了";

/**
 * Inside the withdrawal's transaction: for each facility that no longer sees the patient,
 * - referrals still awaiting an answer (draft, sent, received, forwarded) to or from it are
 *   cancelled, their other side told; accepted ones stay open and are listed, so the desks can
 *   settle them by phone;
 * - a pending pathway handover to it is taken back; an active stage there stays and is listed;
 * - summaries and meetings are listed (the agenda already hides the case from it);
 * and its desk (clerks, liaison officers, administrators) gets one notification listing all of it.
 * Returns the push to send after commit.
 */
export async function closeOutLostAccess(
  tx: Db,
  actor: Actor,
  patientId: string,
  lostFacilityIds: string[],
  withdrawnOn?: string,
): Promise<() => void> {
  const pushes: (() => void)[] = [];
  if (lostFacilityIds.length === 0) return () => undefined;
  const lost = new Set(lostFacilityIds);

  const openReferrals = await tx
    .select()
    .from(referrals)
    .where(
      and(
        eq(referrals.patientId, patientId),
        notInArray(referrals.status, [...FINAL_STATUSES]),
        or(
          inArray(referrals.referrerFacilityId, lostFacilityIds),
          inArray(referrals.destinationFacilityId, lostFacilityIds),
        ),
      ),
    )
    .orderBy(asc(referrals.createdAt))
    .for("update");
  const referralsOf = new Map<string, { all: string[]; cancelled: string[] }>();
  const note = (facilityId: string, number: string | null, cancelled: boolean) => {
    if (!lost.has(facilityId) || !number) return;
    const entry = referralsOf.get(facilityId) ?? { all: [], cancelled: [] };
    entry.all.push(number);
    if (cancelled) entry.cancelled.push(number);
    referralsOf.set(facilityId, entry);
  };
  for (const r of openReferrals) {
    const cancel = canTransition(r.status, "cancel");
    if (cancel) {
      const { publish } = await applyTransition(tx, actor, r, "cancel", {
        patch: { cancelNote: CANCEL_NOTE },
        details: { reason: "consent_withdrawn" },
        notify: {
          kind: "referral_status",
          recipientIds: [
            r.referrerId,
            ...(r.status === "draft"
              ? []
              : await facilityReferralDesk(tx, r.destinationFacilityId, r.destinationPractitionerId)),
          ],
        },
      });
      pushes.push(publish);
    }
    note(r.referrerFacilityId, r.documentNumber, cancel);
    note(r.destinationFacilityId, r.documentNumber, cancel);
  }

  const summaries = await tx
    .selectDistinct({
      documentNumber: dischargeSummaries.documentNumber,
      authorFacilityId: dischargeSummaries.authorFacilityId,
      recipientFacilityId: dischargeSummaryRecipients.facilityId,
    })
    .from(dischargeSummaries)
    .leftJoin(
      dischargeSummaryRecipients,
      and(
        eq(dischargeSummaryRecipients.summaryId, dischargeSummaries.id),
        isNotNull(dischargeSummaryRecipients.sinceVersion),
      ),
    )
    .where(and(eq(dischargeSummaries.patientId, patientId), isNotNull(dischargeSummaries.documentNumber)));
  const summariesOf = new Map<string, Set<string>>();
  for (const s of summaries) {
    for (const f of [s.authorFacilityId, s.recipientFacilityId]) {
      if (f && lost.has(f)) summariesOf.set(f, (summariesOf.get(f) ?? new Set()).add(s.documentNumber!));
    }
  }

  // pathway stages at a lost facility, a pending handover there taken back
  const stages = await tx
    .select({
      enrolmentId: pathwayStages.enrolmentId,
      facilityId: pathwayStages.facilityId,
      stageKey: pathwayStages.stageKey,
      status: pathwayStages.status,
      pathwayCode: pathwayEnrolments.pathwayCode,
    })
    .from(pathwayStages)
    .innerJoin(pathwayEnrolments, eq(pathwayEnrolments.id, pathwayStages.enrolmentId))
    .where(
      and(
        eq(pathwayEnrolments.patientId, patientId),
        inArray(pathwayStages.facilityId, lostFacilityIds),
        inArray(pathwayStages.status, ["requested", "active"]),
      ),
    );
  const stagesOf = new Map<string, ConsentScopeLeftDetails["pathwayStages"]>();
  for (const s of stages) {
    let status: string = s.status;
    if (s.status === "requested") {
      const locked = await lockEnrolment(tx, s.enrolmentId);
      await cancelPendingHandover(tx, actor, locked, "handover_cancelled");
      status = "cancelled";
    }
    const list = stagesOf.get(s.facilityId) ?? [];
    list.push({ pathway: s.pathwayCode, stage: s.stageKey, status });
    stagesOf.set(s.facilityId, list);
  }

  // meetings of (organised by or inviting) a lost facility where the case was put on or decided
  const enrolmentIds = tx
    .select({ id: pathwayEnrolments.id })
    .from(pathwayEnrolments)
    .where(eq(pathwayEnrolments.patientId, patientId));
  const meetings = await tx
    .selectDistinct({
      occurrenceId: pathwayMeetingOccurrences.id,
      title: pathwayMeetings.title,
      startsAt: pathwayMeetingOccurrences.startsAt,
      organizerFacilityId: pathwayMeetings.organizerFacilityId,
      invitedFacilityId: pathwayMeetingFacilities.facilityId,
    })
    .from(pathwayMeetingOccurrences)
    .innerJoin(pathwayMeetings, eq(pathwayMeetings.id, pathwayMeetingOccurrences.meetingId))
    .leftJoin(
      pathwayMeetingFacilities,
      and(
        eq(pathwayMeetingFacilities.meetingId, pathwayMeetings.id),
        inArray(pathwayMeetingFacilities.facilityId, lostFacilityIds),
      ),
    )
    .where(
      and(
        or(
          inArray(
            pathwayMeetingOccurrences.id,
            tx
              .select({ id: pathwayMeetingAgendaChanges.occurrenceId })
              .from(pathwayMeetingAgendaChanges)
              .where(
                and(
                  inArray(pathwayMeetingAgendaChanges.enrolmentId, enrolmentIds),
                  eq(pathwayMeetingAgendaChanges.change, "added"),
                ),
              ),
          ),
          inArray(
            pathwayMeetingOccurrences.id,
            tx
              .select({ id: pathwayMeetingDecisions.occurrenceId })
              .from(pathwayMeetingDecisions)
              .where(inArray(pathwayMeetingDecisions.enrolmentId, enrolmentIds)),
          ),
        ),
        or(
          inArray(pathwayMeetings.organizerFacilityId, lostFacilityIds),
          isNotNull(pathwayMeetingFacilities.facilityId),
        ),
      ),
    )
    .orderBy(asc(pathwayMeetingOccurrences.startsAt));
  const meetingsOf = new Map<string, Map<string, { title: string; startsAt: string }>>();
  for (const m of meetings) {
    for (const f of [m.organizerFacilityId, m.invitedFacilityId]) {
      if (!f || !lost.has(f)) continue;
      const list = meetingsOf.get(f) ?? new Map<string, { title: string; startsAt: string }>();
      list.set(m.occurrenceId, { title: m.title, startsAt: m.startsAt.toISOString() });
      meetingsOf.set(f, list);
    }
  }

  for (const facilityId of lostFacilityIds) {
    const details: ConsentScopeLeftDetails = {
      ...(withdrawnOn ? { withdrawnOn } : {}),
      referrals: referralsOf.get(facilityId)?.all ?? [],
      cancelledReferrals: referralsOf.get(facilityId)?.cancelled ?? [],
      summaries: [...(summariesOf.get(facilityId) ?? [])].sort(),
      pathwayStages: stagesOf.get(facilityId) ?? [],
      meetings: [...(meetingsOf.get(facilityId)?.values() ?? [])],
    };
    pushes.push(
      await recordNotification(tx, {
        kind: "consent_scope_left",
        recipientIds: await consentDesk(tx, facilityId),
        event: "withdrawn",
        actorId: actor.practitionerId,
        details: details as unknown as Record<string, unknown>,
      }),
    );
  }
  return () => {
    for (const push of pushes) push();
  };
}

/**
 * Who at a facility hears that a patient left its scope: those who administer consents there
 * (clerks, the liaison office, the facility's administrators); where there are none (a small
 * pharmacy or clinic), everyone working there.
 */
export async function consentDesk(db: Db, facilityId: string): Promise<string[]> {
  const active = and(eq(practitioners.facilityId, facilityId), isNull(practitioners.disabledAt));
  const desk = await db
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(
      and(
        active,
        or(
          inArray(practitioners.profession, ["clerk", "liaison"]),
          sql`'facility_admin' = any(${practitioners.roles})`,
        ),
      ),
    );
  if (desk.length > 0) return desk.map((d) => d.id);
  return (await db.select({ id: practitioners.id }).from(practitioners).where(active)).map((d) => d.id);
}
