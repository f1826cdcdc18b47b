import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { isUuid } from "../../validation";
import { attachments, referralAttachments } from "../../db/schema";
import { DomainError, msg } from "../../errors";
import { env } from "../../env";
import type { Actor } from "../../model/permissions";
import { storeAttachment, type UploadedFile } from "../attachments/store-attachment";
import { loadReferral, lockReferral } from "./load-referral";
import { FINAL_STATUSES } from "./referral-status";
import { auditReferrals } from "./referrals-audit";

const attachmentNotFound = () => new DomainError("NOT_FOUND", msg("referrals.attachmentNotFound"));

const REFERRAL_FILE_TYPES = ["application/pdf", "image/jpeg", "image/png", "application/dicom"] as const;

/**
 * Adds a document or image to a referral: the referrer while it is a draft
 * (sent with the letter), the destination while the loop is open (sent back
 * with a report). Checked by content and size; stored with the referral in one
 * transaction.
 */
export async function addReferralAttachment(db: Db, actor: Actor, referralId: string, file: UploadedFile) {
  const access = await loadReferral(db, actor, referralId, "referral.attachment_add");
  const part =
    access.side === "referrer" && access.referral.status === "draft"
      ? "letter"
      : access.side === "destination" && !FINAL_STATUSES.includes(access.referral.status)
        ? "reply"
        : null;
  if (!part) {
    throw new DomainError("INVALID_TRANSITION", msg("referrals.documentsCannotAddedStage"));
  }
  return db.transaction(async (tx) => {
    const referral = await lockReferral(tx, referralId);
    const attachmentId = await storeAttachment(tx, actor, file, {
      field: "file",
      allowed: REFERRAL_FILE_TYPES,
      maxBytes: env().REFERRAL_ATTACHMENT_MAX_BYTES,
      patientId: referral.patientId,
    });
    await tx.insert(referralAttachments).values({ referralId, attachmentId, part });
    await auditReferrals(tx, actor, "referral.attachment_add", {
      patientId: referral.patientId,
      details: { referralId, attachmentId, part },
    });
    return { attachmentId };
  });
}

/** Removes a file from a draft (the bytes stay, unreferenced, as every stored document does). */
export async function removeReferralAttachment(
  db: Db,
  actor: Actor,
  referralId: string,
  attachmentId: string,
) {
  const access = await loadReferral(db, actor, referralId, "referral.edit");
  if (access.side !== "referrer" || access.referral.status !== "draft") {
    throw new DomainError("INVALID_TRANSITION", msg("referrals.attachmentsStayOnceSent"));
  }
  if (!isUuid(attachmentId)) throw attachmentNotFound();
  const removed = await db
    .delete(referralAttachments)
    .where(
      and(eq(referralAttachments.referralId, referralId), eq(referralAttachments.attachmentId, attachmentId)),
    )
    .returning({ attachmentId: referralAttachments.attachmentId });
  // an attachment of another referral (or none) named through this draft: not found, not a silent success
  if (removed.length === 0) throw attachmentNotFound();
}

/** One attachment's bytes, for a party of the referral inside consent; every read is audited. */
export async function getReferralAttachment(db: Db, actor: Actor, referralId: string, attachmentId: string) {
  const access = await loadReferral(db, actor, referralId, "referral.attachment_view");
  if (!isUuid(attachmentId)) throw attachmentNotFound();
  const [row] = await db
    .select({ file: attachments })
    .from(referralAttachments)
    .innerJoin(attachments, eq(attachments.id, referralAttachments.attachmentId))
    .where(
      and(eq(referralAttachments.referralId, referralId), eq(referralAttachments.attachmentId, attachmentId)),
    );
  if (!row) throw attachmentNotFound();
  await auditReferrals(db, actor, "referral.attachment_view", {
    patientId: access.referral.patientId,
    details: { referralId, attachmentId },
  });
  return row.file;
}
