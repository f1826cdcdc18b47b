import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { careTeamPostPhotos, careTeamPosts, careTeamReads } from "../../db/schema";
import { DomainError, invalidField, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { auditCareTeam } from "./care-team-audit";
import { storeAttachment, type UploadedFile } from "../attachments/store-attachment";
import { recordNotification } from "../notifications/notify";
import { activeMemberIds, requireCareTeamAccess } from "./care-team-access";
import { CareTeamPostInput } from "./care-team.schema";
import { publishCareTeamChanged } from "./care-team-events";
import { spendPostingBudget } from "./care-team-limits";
import { countNewPost, lockTeamForPosting } from "./care-team-unread";
import {
  CARE_TEAM_PHOTO_MAX_BYTES,
  CARE_TEAM_PHOTOS_PER_POST,
  processPhoto,
  type ProcessedPhoto,
} from "./care-team-photos";

export interface PostResult {
  postId: string;
  /** the same draft (same device key) was sent before: nothing new was written */
  duplicate: boolean;
}

/**
 * Writes a post (or a reply under one) on a patient's care team board: text,
 * a vital-sign entry, meals/excretion/sleep, photos, a "needs a reply" flag
 * with its due time, mentions of members or professions. The post, its photos,
 * the author's own read, the other members' unread counts, the reply count,
 * the notifications and the audit event commit together; the members' open pages hear of it after commit.
 * A draft resent with the same key returns the first post (never twice).
 */
export async function postToCareTeam(
  db: Db,
  actor: Actor,
  rawInput: unknown,
  photos: UploadedFile[] = [],
): Promise<PostResult> {
  const input = parseInput(CareTeamPostInput, rawInput);
  const action = input.parentId ? "care_team.reply" : "care_team.post";
  await requireCareTeamAccess(db, actor, input.patientId, action);

  const [earlier] = await db
    .select({ id: careTeamPosts.id, patientId: careTeamPosts.patientId })
    .from(careTeamPosts)
    .where(
      and(eq(careTeamPosts.authorId, actor.practitionerId), eq(careTeamPosts.clientKey, input.clientKey)),
    );
  if (earlier) {
    if (earlier.patientId !== input.patientId) {
      throw new DomainError("CONFLICT", msg("careTeam.draftSentAnotherPatient"), [
        {
          field: "clientKey",
          message: msg("careTeam.draftSentAnotherPatient"),
        },
      ]);
    }
    return { postId: earlier.id, duplicate: true };
  }

  if (photos.length > CARE_TEAM_PHOTOS_PER_POST) {
    throw invalidField("photos", msg("careTeam.mostPhotos", { CARE_TEAM_PHOTOS_PER_POST }));
  }
  if (input.replyDueAt && input.needsReply && new Date(input.replyDueAt).getTime() < Date.now() - 60_000) {
    throw invalidField("replyDueAt", msg("careTeam.replyDueTimeInPast"));
  }
  let parent: { id: string; authorId: string } | undefined;
  if (input.parentId) {
    [parent] = await db
      .select({ id: careTeamPosts.id, authorId: careTeamPosts.authorId })
      .from(careTeamPosts)
      .where(
        and(
          eq(careTeamPosts.id, input.parentId),
          eq(careTeamPosts.patientId, input.patientId),
          sql`${careTeamPosts.parentId} is null`,
        ),
      );
    if (!parent) throw invalidField("parentId", msg("careTeam.postRepliedNotFound"));
  }
  const members = await activeMemberIds(db, input.patientId);
  const memberIds = new Set(members.map((m) => m.practitionerId));
  const strangers = input.mentionPractitionerIds.filter((id) => !memberIds.has(id));
  if (strangers.length > 0) {
    throw invalidField("mentionPractitionerIds", msg("careTeam.onlyMembersTeamCanMentioned"));
  }
  await spendPostingBudget(actor, photos.length);
  const processed: ProcessedPhoto[] = [];
  for (const [i, photo] of photos.entries()) processed.push(await processPhoto(photo, `photos.${i}`));

  const kind = input.vitals ? "vitals" : input.dailyLiving ? "daily_living" : "note";
  const mentioned = [
    ...new Set([
      ...input.mentionPractitionerIds,
      ...members.filter((m) => input.mentionProfessions.includes(m.profession)).map((m) => m.practitionerId),
    ]),
  ];

  const outcome = await db.transaction(async (tx) => {
    // before the post: a member joining now either sees it counted for them or starts after it
    await lockTeamForPosting(tx, input.patientId);
    const [post] = await tx
      .insert(careTeamPosts)
      .values({
        patientId: input.patientId,
        parentId: input.parentId ?? null,
        authorId: actor.practitionerId,
        authorFacilityId: actor.facilityId,
        authorProfession: actor.profession,
        kind,
        body: input.body.trim(),
        vitals: input.vitals ?? null,
        dailyLiving: input.dailyLiving ?? null,
        needsReply: input.needsReply,
        replyDueAt: input.needsReply && input.replyDueAt ? new Date(input.replyDueAt) : null,
        mentionedPractitionerIds: input.mentionPractitionerIds,
        mentionedProfessions: input.mentionProfessions,
        clientKey: input.clientKey,
      })
      .onConflictDoNothing({ target: [careTeamPosts.authorId, careTeamPosts.clientKey] })
      .returning({ id: careTeamPosts.id });
    if (!post) {
      // the same draft arrived twice at once: the other request wrote it
      const [first] = await tx
        .select({ id: careTeamPosts.id })
        .from(careTeamPosts)
        .where(
          and(eq(careTeamPosts.authorId, actor.practitionerId), eq(careTeamPosts.clientKey, input.clientKey)),
        );
      return { postId: first!.id, duplicate: true, publish: [] as (() => void)[] };
    }
    for (const [position, photo] of processed.entries()) {
      const store = (bytes: Uint8Array, name: string) =>
        storeAttachment(
          tx,
          actor,
          { fileName: name, bytes },
          {
            field: `photos.${position}`,
            allowed: ["image/jpeg", "image/webp"],
            maxBytes: CARE_TEAM_PHOTO_MAX_BYTES,
            patientId: input.patientId,
          },
        );
      const attachmentId = await store(photo.full, `photo-${position + 1}.jpg`);
      const thumbnailId = await store(photo.thumbnail, `photo-${position + 1}-thumb.webp`);
      await tx.insert(careTeamPostPhotos).values({
        postId: post.id,
        attachmentId,
        thumbnailId,
        position,
        width: photo.width,
        height: photo.height,
      });
    }
    // the author has read what they wrote; everyone else on the team has one more unread
    await tx.insert(careTeamReads).values({ postId: post.id, practitionerId: actor.practitionerId });
    await countNewPost(tx, post.id);
    if (parent) {
      await tx
        .update(careTeamPosts)
        .set({
          replyCount: sql`${careTeamPosts.replyCount} + 1`,
          ...(parent.authorId !== actor.practitionerId
            ? { answeredAt: sql`coalesce(${careTeamPosts.answeredAt}, now())` }
            : {}),
        })
        .where(eq(careTeamPosts.id, parent.id));
    }
    await auditCareTeam(tx, actor, action, {
      patientId: input.patientId,
      details: {
        postId: post.id,
        parentId: input.parentId ?? null,
        kind,
        photos: processed.length,
        needsReply: input.needsReply,
        mentioned: mentioned.length,
      },
    });
    const publish: (() => void)[] = [];
    if (mentioned.length > 0) {
      publish.push(
        await recordNotification(tx, {
          kind: "care_team_mention",
          recipientIds: mentioned,
          careTeamPostId: post.id,
          event: input.needsReply ? "needs_reply" : "mentioned",
          actorId: actor.practitionerId,
          urgent: input.needsReply,
        }),
      );
    }
    if (parent && parent.authorId !== actor.practitionerId && !mentioned.includes(parent.authorId)) {
      publish.push(
        await recordNotification(tx, {
          kind: "care_team_reply",
          recipientIds: [parent.authorId],
          careTeamPostId: parent.id,
          event: "replied",
          actorId: actor.practitionerId,
        }),
      );
    }
    return { postId: post.id, duplicate: false, publish };
  });
  for (const p of outcome.publish) p();
  if (!outcome.duplicate) {
    publishCareTeamChanged({
      patientId: input.patientId,
      postId: outcome.postId,
      recipientIds: [...memberIds].filter((id) => id !== actor.practitionerId),
    });
  }
  return { postId: outcome.postId, duplicate: outcome.duplicate };
}
