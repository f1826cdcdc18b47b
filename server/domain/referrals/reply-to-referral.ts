import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { referralEvents, referralReplies } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import type { Actor } from "../../model/permissions";
import { parseInput } from "../../validation";
import { recordNotification } from "../notifications/notify";
import { nextDocumentNumber } from "./document-number";
import {
  loadReferral,
  lockReferral,
  REFERRAL_AUTHOR_PROFESSIONS,
  requireSide,
  requireVersion,
} from "./load-referral";
import { SendableReferralReply } from "../../model/referral-letter";
import { applyTransition } from "./referral-transition";
import { AcknowledgeReplyInput, ReplyToReferralInput } from "./referrals.schema";
import { auditReferrals } from "./referrals-audit";

/**
 * The destination's doctor reports back: an interim report (the loop stays
 * open) or the final reply (返書), which completes the referral. The reply is a
 * structured document of its own; the referrer is told at once.
 */
export async function replyToReferral(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(ReplyToReferralInput, rawInput);
  parseInput(z.object({ content: SendableReferralReply }), { content: input.content });
  const access = await loadReferral(db, actor, input.referralId, "referral.complete");
  requireSide(access, actor, "destination", REFERRAL_AUTHOR_PROFESSIONS);
  requireVersion(access.referral, input.version);
  const transition = input.kind === "final" ? "complete" : "interim_report";
  // taken in a step of its own (a reply that then fails leaves a gap in the numbers)
  const documentNumber = await nextDocumentNumber(db, actor.facilityId);

  const { referral, publish, replyId } = await db.transaction(async (tx) => {
    const locked = await lockReferral(tx, input.referralId);
    requireVersion(locked, input.version);
    const now = new Date();
    const [reply] = await tx
      .insert(referralReplies)
      .values({
        referralId: locked.id,
        kind: input.kind,
        documentNumber,
        authorId: actor.practitionerId,
        authorFacilityId: actor.facilityId,
        content: input.content,
        sentAt: now,
      })
      .returning({ id: referralReplies.id });
    const result = await applyTransition(tx, actor, locked, transition, {
      patch: input.kind === "final" ? { completedAt: now } : {},
      details: { replyId: reply!.id },
      notify: { kind: "referral_reply", recipientIds: [locked.referrerId], event: transition },
    });
    return { ...result, replyId: reply!.id };
  });
  publish();
  return { referralId: referral.id, version: referral.version, status: referral.status, replyId };
}

/** The referrer confirms they have read a reply (受領確認); the destination sees it. */
export async function acknowledgeReply(db: Db, actor: Actor, rawInput: unknown) {
  const input = parseInput(AcknowledgeReplyInput, rawInput);
  const [reply] = await db.select().from(referralReplies).where(eq(referralReplies.id, input.replyId));
  if (!reply) throw new DomainError("NOT_FOUND", msg("referrals.replyNotFound"));
  const access = await loadReferral(db, actor, reply.referralId, "referral.acknowledge_reply");
  if (access.side !== "referrer") {
    throw new DomainError("FORBIDDEN", msg("referrals.onlyReferrerAcknowledgesReply"));
  }
  const publish = await db.transaction(async (tx) => {
    const now = new Date();
    const done = await tx
      .update(referralReplies)
      .set({ acknowledgedAt: now, acknowledgedBy: actor.practitionerId })
      .where(and(eq(referralReplies.id, reply.id), isNull(referralReplies.acknowledgedAt)))
      .returning({ id: referralReplies.id });
    if (done.length === 0) return () => undefined; // already acknowledged: nothing more to say
    await tx.insert(referralEvents).values({
      referralId: reply.referralId,
      kind: "acknowledge_reply",
      fromStatus: access.referral.status,
      toStatus: access.referral.status,
      actorId: actor.practitionerId,
      actorFacilityId: actor.facilityId,
      details: { replyId: reply.id },
      at: now,
    });
    await auditReferrals(tx, actor, "referral.acknowledge_reply", {
      patientId: access.referral.patientId,
      details: { referralId: reply.referralId, replyId: reply.id },
    });
    return recordNotification(tx, {
      kind: "referral_status",
      recipientIds: [reply.authorId],
      referralId: reply.referralId,
      event: "acknowledge_reply",
      actorId: actor.practitionerId,
    });
  });
  publish();
  return { replyId: reply.id };
}
