import { and, asc, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careTeamMembers, homeVisits, patients, practitioners } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { activeMemberIds, requireCareTeamAccess } from "./care-team-access";
import { CancelHomeVisitInput, ScheduleHomeVisitInput } from "./care-team.schema";
import { needsReplyOf, overdueOf } from "./care-team-board";
import { publishCareTeamChanged } from "./care-team-events";
import { tellTeam } from "./manage-care-team";
import { auditCareTeam } from "./care-team-audit";

/** 訪問予定: a member of the team will visit the patient at a time; the whole team sees it. */
export async function scheduleHomeVisit(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ScheduleHomeVisitInput, rawInput);
  await requireCareTeamAccess(db, actor, input.patientId, "care_team.visit_schedule");
  const members = await activeMemberIds(db, input.patientId);
  if (!members.some((m) => m.practitionerId === input.visitorId)) {
    throw invalidField("visitorId", msg("careTeam.visitorMustTeam"));
  }
  const startsAt = new Date(input.startsAt);
  if (startsAt.getTime() < Date.now() - 3600_000) {
    throw invalidField("startsAt", msg("careTeam.timePassed"));
  }
  const [visitor] = await db
    .select({ facilityId: practitioners.facilityId })
    .from(practitioners)
    .where(eq(practitioners.id, input.visitorId));
  const visitId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(homeVisits)
      .values({
        patientId: input.patientId,
        visitorId: input.visitorId,
        facilityId: visitor!.facilityId,
        startsAt,
        durationMinutes: input.durationMinutes,
        purpose: input.purpose,
        createdBy: actor.practitionerId,
      })
      .returning({ id: homeVisits.id });
    await auditCareTeam(tx, actor, "care_team.visit_schedule", {
      patientId: input.patientId,
      details: { visitId: row!.id, visitorId: input.visitorId },
    });
    return row!.id;
  });
  publishCareTeamChanged({
    patientId: input.patientId,
    postId: null,
    recipientIds: members.map((m) => m.practitionerId).filter((id) => id !== actor.practitionerId),
  });
  return { visitId };
}

export async function cancelHomeVisit(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(CancelHomeVisitInput, rawInput);
  await requireCareTeamAccess(db, actor, input.patientId, "care_team.visit_cancel");
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(homeVisits)
      .set({ cancelledAt: new Date() })
      .where(
        and(
          eq(homeVisits.id, input.visitId),
          eq(homeVisits.patientId, input.patientId),
          isNull(homeVisits.cancelledAt),
        ),
      )
      .returning({ id: homeVisits.id });
    if (rows.length === 0) {
      throw new DomainError("INVALID_TRANSITION", msg("careTeam.noSuchVisitCancel"), [
        { field: "visitId", message: msg("careTeam.noSuchVisitCancel") },
      ]);
    }
    await auditCareTeam(tx, actor, "care_team.visit_cancel", {
      patientId: input.patientId,
      details: { visitId: input.visitId },
    });
  });
  await tellTeam(db, input.patientId, actor, []);
  return { visitId: input.visitId };
}

/**
 * The next home visits the reader makes or their teams expect, for the home
 * page: only patients whose team the reader is an active member of, inside
 * consent. Naming them is audited (once for the list).
 */
export async function listNextHomeVisits(db: Db, actor: Actor, options: { limit?: number; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const rows = await db
    .select({
      id: homeVisits.id,
      patientId: homeVisits.patientId,
      familyName: patients.familyName,
      givenName: patients.givenName,
      startsAt: homeVisits.startsAt,
      durationMinutes: homeVisits.durationMinutes,
      purpose: homeVisits.purpose,
      visitorId: homeVisits.visitorId,
      visitorFamilyName: practitioners.familyName,
      visitorProfession: practitioners.profession,
    })
    .from(homeVisits)
    .innerJoin(patients, eq(patients.id, homeVisits.patientId))
    .innerJoin(practitioners, eq(practitioners.id, homeVisits.visitorId))
    .innerJoin(
      careTeamMembers,
      and(
        eq(careTeamMembers.patientId, homeVisits.patientId),
        eq(careTeamMembers.practitionerId, actor.practitionerId),
        isNull(careTeamMembers.removedAt),
      ),
    )
    .where(
      and(
        isNull(homeVisits.cancelledAt),
        gt(homeVisits.startsAt, now),
        inCurrentConsentScope(db, homeVisits.patientId, actor.facilityId),
      ),
    )
    .orderBy(sql`(${homeVisits.visitorId} = ${actor.practitionerId}) desc`, asc(homeVisits.startsAt))
    .limit(options.limit ?? 5);
  if (rows.length > 0) {
    await auditCareTeam(db, actor, "care_team.worklist", {
      patientId: null,
      details: { patientIds: [...new Set(rows.map((r) => r.patientId))], visits: rows.length },
      read: true,
    });
  }
  return rows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Counts for the home page's day of work (no patient named). */
export async function careTeamDayCounts(db: Db, actor: Actor, now = new Date()) {
  const mine = and(
    eq(careTeamMembers.practitionerId, actor.practitionerId),
    isNull(careTeamMembers.removedAt),
    inCurrentConsentScope(db, careTeamMembers.patientId, actor.facilityId),
  );
  const [row] = await db
    .select({
      teams: count(),
      unread: sql<number>`coalesce(sum(${careTeamMembers.unreadCount}), 0)::int`,
      needsReply: sql<number>`coalesce(sum(${needsReplyOf(careTeamMembers.patientId, actor.practitionerId)}), 0)::int`,
      overdue: sql<number>`coalesce(sum(${overdueOf(careTeamMembers.patientId, actor.practitionerId, now)}), 0)::int`,
    })
    .from(careTeamMembers)
    // a join makes drizzle qualify the columns inside the subqueries (a single-table select would not)
    .innerJoin(patients, eq(patients.id, careTeamMembers.patientId))
    .where(mine);
  return {
    teams: row?.teams ?? 0,
    unread: row?.unread ?? 0,
    needsReply: row?.needsReply ?? 0,
    overdue: row?.overdue ?? 0,
  };
}
