import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import {
  careTeamMembers,
  careTeamPostPhotos,
  careTeamPosts,
  careTeamReads,
  facilities,
  homeVisits,
  patients,
  practitioners,
} from "../../db/schema";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { inCurrentConsentScope } from "../consent/check-patient-access";
import {
  instructionsInForceForBoard,
  type BoardInstruction,
} from "../nursing-instructions/list-instructions";
import { activeMember, requireCareTeamAccess } from "./care-team-access";
import { BoardQuery } from "./care-team.schema";
import { publishCareTeamChanged } from "./care-team-events";
import { listCareTeamCandidates } from "./manage-care-team";
import { auditCareTeam } from "./care-team-audit";
import { recordReads } from "./care-team-unread";

const author = alias(practitioners, "care_team_author");
const authorFacility = alias(facilities, "care_team_author_facility");

/** SQL: the posts of a patient waiting for `practitionerId`'s answer: asked by someone else, not answered yet. */
export function needsReplyOf(patientId: unknown, practitionerId: string) {
  return sql<number>`(select count(*)::int from ${careTeamPosts} p
    where p.patient_id = ${patientId} and p.needs_reply and p.answered_at is null
      and p.author_id <> ${practitionerId})`;
}

/** SQL: those of needsReplyOf past their due time: overdue is always a part of needing a reply. */
export function overdueOf(patientId: unknown, practitionerId: string, now: Date) {
  return sql<number>`(select count(*)::int from ${careTeamPosts} p
    where p.patient_id = ${patientId} and p.needs_reply and p.answered_at is null
      and p.author_id <> ${practitionerId} and p.reply_due_at < ${now})`;
}

/**
 * A patient's care team board for one member: the team (active members, by
 * profession and facility), the newest posts with their replies, photos and
 * read receipts (既読), the coming home visits, the visiting-nurse
 * instructions in force that the member may see. Opening it marks what it shows
 * read for the reader, with their unread count, in the transaction of its
 * audit event; the authors' pages hear of the new reads after commit.
 */
export async function loadCareTeamBoard(db: Db, actor: Actor, rawQuery: unknown) {
  const query = parseInput(BoardQuery, rawQuery);
  const access = await requireCareTeamAccess(db, actor, query.patientId, "care_team.view", {
    allowFounder: true,
  });
  const { patientId } = query;
  // the independent reads at once (the pool has room): who, the team, the page, the visits, the picker, the count
  const patientQuery = db
    .select({
      id: patients.id,
      regionalId: patients.regionalId,
      familyName: patients.familyName,
      givenName: patients.givenName,
      familyNameKana: patients.familyNameKana,
      givenNameKana: patients.givenNameKana,
      birthDate: patients.birthDate,
      sex: patients.sex,
    })
    .from(patients)
    .where(eq(patients.id, patientId));

  const membersQuery = db
    .select({
      practitionerId: careTeamMembers.practitionerId,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
      profession: practitioners.profession,
      facilityId: careTeamMembers.facilityId,
      facilityName: facilities.name,
      facilityKind: facilities.kind,
      addedAt: careTeamMembers.addedAt,
    })
    .from(careTeamMembers)
    .innerJoin(practitioners, eq(practitioners.id, careTeamMembers.practitionerId))
    .innerJoin(facilities, eq(facilities.id, careTeamMembers.facilityId))
    .where(and(eq(careTeamMembers.patientId, patientId), activeMember(db)))
    .orderBy(asc(careTeamMembers.addedAt));

  const postColumns = {
    id: careTeamPosts.id,
    parentId: careTeamPosts.parentId,
    kind: careTeamPosts.kind,
    body: careTeamPosts.body,
    vitals: careTeamPosts.vitals,
    dailyLiving: careTeamPosts.dailyLiving,
    needsReply: careTeamPosts.needsReply,
    replyDueAt: careTeamPosts.replyDueAt,
    answeredAt: careTeamPosts.answeredAt,
    replyCount: careTeamPosts.replyCount,
    mentionedPractitionerIds: careTeamPosts.mentionedPractitionerIds,
    mentionedProfessions: careTeamPosts.mentionedProfessions,
    createdAt: careTeamPosts.createdAt,
    authorId: careTeamPosts.authorId,
    authorProfession: careTeamPosts.authorProfession,
    authorFamilyName: author.familyName,
    authorGivenName: author.givenName,
    authorFacilityName: authorFacility.name,
  };
  const topQuery = db
    .select(postColumns)
    .from(careTeamPosts)
    .innerJoin(author, eq(author.id, careTeamPosts.authorId))
    .innerJoin(authorFacility, eq(authorFacility.id, careTeamPosts.authorFacilityId))
    .where(
      and(
        eq(careTeamPosts.patientId, patientId),
        isNull(careTeamPosts.parentId),
        query.before ? lt(careTeamPosts.createdAt, new Date(query.before)) : undefined,
      ),
    )
    .orderBy(desc(careTeamPosts.createdAt), desc(careTeamPosts.id))
    .limit(query.limit + 1);
  const visitsQuery = db
    .select({
      id: homeVisits.id,
      visitorId: homeVisits.visitorId,
      familyName: practitioners.familyName,
      givenName: practitioners.givenName,
      profession: practitioners.profession,
      facilityName: facilities.name,
      startsAt: homeVisits.startsAt,
      durationMinutes: homeVisits.durationMinutes,
      purpose: homeVisits.purpose,
    })
    .from(homeVisits)
    .innerJoin(practitioners, eq(practitioners.id, homeVisits.visitorId))
    .innerJoin(facilities, eq(facilities.id, homeVisits.facilityId))
    .where(
      and(
        eq(homeVisits.patientId, patientId),
        isNull(homeVisits.cancelledAt),
        gt(homeVisits.startsAt, new Date(Date.now() - 12 * 3600_000)),
      ),
    )
    .orderBy(asc(homeVisits.startsAt))
    .limit(20);
  const [[patient], members, top, visits, candidates, instructions] = await Promise.all([
    patientQuery,
    membersQuery,
    // someone about to start an empty team sees no earlier posts before joining it
    access.memberId ? topQuery : Promise.resolve([] as Awaited<typeof topQuery>),
    visitsQuery,
    access.memberId || access.mayFound ? listCareTeamCandidates(db, patientId) : Promise.resolve([]),
    access.memberId
      ? instructionsInForceForBoard(db, actor, patientId)
      : Promise.resolve([] as BoardInstruction[]),
  ]);
  const hasMore = top.length > query.limit;
  const page = top.slice(0, query.limit);
  const topIds = page.map((p) => p.id);
  const replies = topIds.length
    ? await db
        .select(postColumns)
        .from(careTeamPosts)
        .innerJoin(author, eq(author.id, careTeamPosts.authorId))
        .innerJoin(authorFacility, eq(authorFacility.id, careTeamPosts.authorFacilityId))
        .where(inArray(careTeamPosts.parentId, topIds))
        .orderBy(asc(careTeamPosts.createdAt))
    : [];
  const allIds = [...topIds, ...replies.map((r) => r.id)];
  const [photos, reads] = allIds.length
    ? await Promise.all([
        db
          .select({
            postId: careTeamPostPhotos.postId,
            attachmentId: careTeamPostPhotos.attachmentId,
            thumbnailId: careTeamPostPhotos.thumbnailId,
            width: careTeamPostPhotos.width,
            height: careTeamPostPhotos.height,
          })
          .from(careTeamPostPhotos)
          .where(inArray(careTeamPostPhotos.postId, allIds))
          .orderBy(asc(careTeamPostPhotos.position)),
        db
          .select({
            postId: careTeamReads.postId,
            practitionerId: careTeamReads.practitionerId,
            readAt: careTeamReads.readAt,
            familyName: practitioners.familyName,
            givenName: practitioners.givenName,
            profession: practitioners.profession,
          })
          .from(careTeamReads)
          .innerJoin(practitioners, eq(practitioners.id, careTeamReads.practitionerId))
          .where(inArray(careTeamReads.postId, allIds))
          .orderBy(asc(careTeamReads.readAt)),
      ])
    : [[], []];

  // what the page shows is read by the reader now: the posts and replies of others not read yet
  const alreadyRead = new Set(
    reads.filter((r) => r.practitionerId === actor.practitionerId).map((r) => r.postId),
  );
  const unreadShown = access.memberId
    ? [...page, ...replies].filter((p) => p.authorId !== actor.practitionerId && !alreadyRead.has(p.id))
    : [];
  const toRead = unreadShown.map((p) => p.id);
  // the receipts and the reader's unread count change together (care-team-unread.ts)
  const { newlyRead, unread } = await db.transaction(async (tx) => {
    const marked = access.memberId
      ? await recordReads(tx, patientId, actor.practitionerId, toRead)
      : { newlyRead: [] as string[], unread: 0 };
    await auditCareTeam(tx, actor, "care_team.view", {
      patientId,
      details: {
        posts: allIds.length,
        read: marked.newlyRead.length,
        before: query.before ?? null,
        instructionIds: instructions.map((i) => i.id),
      },
    });
    return { newlyRead: marked.newlyRead, unread: marked.unread ?? 0 };
  });
  // the new 既読 matter to the authors of what was read: their pages reload, not the whole team's
  // (a team of 20 opening the board would otherwise reload every member's page 19 times)
  if (newlyRead.length) {
    const read = new Set(newlyRead);
    const authors = new Set(unreadShown.filter((p) => read.has(p.id)).map((p) => p.authorId));
    publishCareTeamChanged({
      patientId,
      postId: null,
      recipientIds: members.map((m) => m.practitionerId).filter((id) => authors.has(id)),
    });
  }
  const now = new Date();
  const self = members.find((m) => m.practitionerId === actor.practitionerId);
  const readNow = new Set(toRead);
  const shape = (p: (typeof page)[number]) => ({
    ...p,
    overdue: p.needsReply && !p.answeredAt && !!p.replyDueAt && p.replyDueAt < now,
    photos: photos.filter((ph) => ph.postId === p.id),
    readBy: [
      ...reads.filter((r) => r.postId === p.id && r.practitionerId !== p.authorId),
      // read by opening this page: shown as read now
      ...(readNow.has(p.id) && self
        ? [
            {
              postId: p.id,
              practitionerId: actor.practitionerId,
              readAt: now,
              familyName: self.familyName,
              givenName: self.givenName,
              profession: self.profession,
            },
          ]
        : []),
    ],
  });
  return {
    patient: patient!,
    isMember: !!access.memberId,
    mayFound: access.mayFound,
    members,
    candidates,
    visits,
    instructions,
    unread,
    hasMore,
    posts: page.map((p) => ({ ...shape(p), replies: replies.filter((r) => r.parentId === p.id).map(shape) })),
  };
}

/**
 * The reader's care teams for their worklist: each patient whose team they are
 * an active member of (inside consent), with what is unread, what waits for a
 * reply (asked by others, not answered yet) and what is overdue, and the next
 * visit. Naming the patients is audited once for the list.
 */
export async function listMyCareTeams(db: Db, actor: Actor, now = new Date()) {
  const rows = await db
    .select({
      patientId: careTeamMembers.patientId,
      regionalId: patients.regionalId,
      familyName: patients.familyName,
      givenName: patients.givenName,
      unread: careTeamMembers.unreadCount,
      needsReply: needsReplyOf(careTeamMembers.patientId, actor.practitionerId),
      overdue: overdueOf(careTeamMembers.patientId, actor.practitionerId, now),
      nextVisitAt: sql<Date | null>`(select min(v.starts_at) from ${homeVisits} v
        where v.patient_id = ${careTeamMembers.patientId} and v.cancelled_at is null and v.starts_at > ${now})`,
    })
    .from(careTeamMembers)
    .innerJoin(patients, eq(patients.id, careTeamMembers.patientId))
    .where(
      and(
        eq(careTeamMembers.practitionerId, actor.practitionerId),
        isNull(careTeamMembers.removedAt),
        inCurrentConsentScope(db, careTeamMembers.patientId, actor.facilityId),
      ),
    )
    .orderBy(asc(patients.familyNameKana))
    .limit(500);
  if (rows.length > 0) {
    await auditCareTeam(db, actor, "care_team.worklist", {
      patientId: null,
      details: { patientIds: rows.map((r) => r.patientId) },
      read: true,
    });
  }
  return rows.map((r) => ({
    ...r,
    nextVisitAt: r.nextVisitAt ? new Date(r.nextVisitAt) : null,
  }));
}

export type CareTeamBoard = Awaited<ReturnType<typeof loadCareTeamBoard>>;
export type CareTeamPost = CareTeamBoard["posts"][number];
