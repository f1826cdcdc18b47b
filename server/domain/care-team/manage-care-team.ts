import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careTeamMembers, facilities, practitioners } from "../../db/schema";
import { invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import { activeMemberIds, requireCareTeamAccess } from "./care-team-access";
import { AddCareTeamMemberInput, RemoveCareTeamMemberInput } from "./care-team.schema";
import { publishCareTeamChanged } from "./care-team-events";
import { auditCareTeam } from "./care-team-audit";
import { lockTeamForJoining, startUnreadCount } from "./care-team-unread";

/**
 * Adds a person to a patient's care team: only someone at a facility inside
 * the patient's current consent (a facility added by 連携先追加 counts from
 * then on). A member adds; the first member of an empty team adds themselves.
 * Their unread count starts at zero: what the team wrote before is history to
 * read, not unread (care-team-unread.ts).
 */
export async function addCareTeamMember(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AddCareTeamMemberInput, rawInput);
  const access = await requireCareTeamAccess(db, actor, input.patientId, "care_team.member_add", {
    allowFounder: true,
  });
  if (access.mayFound && input.practitionerId !== actor.practitionerId) {
    throw invalidField("practitionerId", msg("careTeam.startTeamAddYourselfFirst"));
  }
  const [person] = await db
    .select({
      id: practitioners.id,
      facilityId: practitioners.facilityId,
      facilityName: facilities.name,
      disabledAt: practitioners.disabledAt,
      inScope: sql<boolean>`${inCurrentConsentScope(db, sql`${input.patientId}::uuid` as never, practitioners.facilityId)}`,
    })
    .from(practitioners)
    .innerJoin(facilities, eq(facilities.id, practitioners.facilityId))
    .where(eq(practitioners.id, input.practitionerId));
  if (!person || person.disabledAt) {
    throw invalidField("practitionerId", msg("careTeam.noSuchPractitioner"));
  }
  if (!person.inScope) {
    throw invalidField(
      "practitionerId",
      msg("careTeam.facilityOutsideConsent", { facility: person.facilityName }),
    );
  }
  const result = await db.transaction(async (tx) => {
    await lockTeamForJoining(tx, input.patientId);
    const [existing] = await tx
      .select()
      .from(careTeamMembers)
      .where(
        and(
          eq(careTeamMembers.patientId, input.patientId),
          eq(careTeamMembers.practitionerId, input.practitionerId),
        ),
      )
      .for("update");
    if (existing && !existing.removedAt && existing.facilityId === person.facilityId) {
      return { memberId: existing.id, added: false };
    }
    const [row] = existing
      ? await tx
          .update(careTeamMembers)
          .set({
            removedAt: null,
            removedBy: null,
            facilityId: person.facilityId,
            addedBy: actor.practitionerId,
            addedAt: new Date(),
          })
          .where(eq(careTeamMembers.id, existing.id))
          .returning({ id: careTeamMembers.id })
      : await tx
          .insert(careTeamMembers)
          .values({
            patientId: input.patientId,
            practitionerId: person.id,
            facilityId: person.facilityId,
            addedBy: actor.practitionerId,
          })
          .returning({ id: careTeamMembers.id });
    await startUnreadCount(tx, row!.id);
    await auditCareTeam(tx, actor, "care_team.member_add", {
      patientId: input.patientId,
      details: { memberId: row!.id, practitionerId: person.id, facilityId: person.facilityId },
    });
    return { memberId: row!.id, added: true };
  });
  if (result.added) await tellTeam(db, input.patientId, actor, []);
  return result;
}

/** Takes a person off the team (a member may remove anyone, themselves too); their posts stay, attributed. */
export async function removeCareTeamMember(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(RemoveCareTeamMemberInput, rawInput);
  await requireCareTeamAccess(db, actor, input.patientId, "care_team.member_remove");
  const removed = await db.transaction(async (tx) => {
    const rows = await tx
      .update(careTeamMembers)
      .set({ removedAt: new Date(), removedBy: actor.practitionerId })
      .where(
        and(
          eq(careTeamMembers.patientId, input.patientId),
          eq(careTeamMembers.practitionerId, input.practitionerId),
          isNull(careTeamMembers.removedAt),
        ),
      )
      .returning({ id: careTeamMembers.id });
    if (rows.length === 0) {
      throw invalidField("practitionerId", msg("careTeam.notTeam"));
    }
    await auditCareTeam(tx, actor, "care_team.member_remove", {
      patientId: input.patientId,
      details: { memberId: rows[0]!.id, practitionerId: input.practitionerId },
    });
    return rows[0]!.id;
  });
  // the one removed hears too: their open page reloads and is refused
  await tellTeam(db, input.patientId, actor, [input.practitionerId]);
  return { memberId: removed };
}

/**
 * Who may be added: active practitioners of the facilities inside the
 * patient's current consent who are not active members yet. For the team's
 * member picker; the caller has passed requireCareTeamAccess.
 */
export async function listCareTeamCandidates(db: Db, patientId: string) {
  return db
    .select({
      practitionerId: practitioners.id,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
      profession: practitioners.profession,
      facilityId: facilities.id,
      facilityName: facilities.name,
      facilityKind: facilities.kind,
    })
    .from(practitioners)
    .innerJoin(facilities, eq(facilities.id, practitioners.facilityId))
    .where(
      and(
        isNull(practitioners.disabledAt),
        sql`${practitioners.profession} <> 'clerk'`,
        inCurrentConsentScope(db, sql`${patientId}::uuid` as never, practitioners.facilityId),
        sql`not exists (select 1 from ${careTeamMembers} where ${careTeamMembers.patientId} = ${patientId}
          and ${careTeamMembers.practitionerId} = ${practitioners.id} and ${careTeamMembers.removedAt} is null)`,
      ),
    )
    .orderBy(asc(facilities.name), asc(practitioners.familyNameKana))
    .limit(500);
}

/** After commit: the team's open pages (and `also`) reload, the actor's own aside. */
export async function tellTeam(db: Db, patientId: string, actor: Actor, also: string[]): Promise<void> {
  const members = (await activeMemberIds(db, patientId)).map((m) => m.practitionerId);
  publishCareTeamChanged({
    patientId,
    postId: null,
    recipientIds: [...new Set([...members, ...also])].filter((id) => id !== actor.practitionerId),
  });
}
