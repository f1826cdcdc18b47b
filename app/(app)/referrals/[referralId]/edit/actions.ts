"use server";

import { authenticate } from "@/server/session/current-practitioner";
import { removeReferralAttachment } from "@/server/domain/referrals/referral-attachments";
import { cancelReferral } from "@/server/domain/referrals/respond-to-referral";
import { saveReferralDraft } from "@/server/domain/referrals/save-referral-draft";
import { sendReferral } from "@/server/domain/referrals/send-referral";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, wireId } from "@/app/lib/action-input";
import { z } from "zod";
import { call, act } from "@/app/lib/call";

const AttachmentIds = z.tuple([wireId, wireId]);

/** Autosave: the whole editable part with the version it was based on; a stale version is a CONFLICT. */
export async function saveReferralDraftAction(
  input: unknown,
): Promise<ActionResult<{ version: number; savedAt: string }>> {
  return act(saveReferralDraft, input);
}

export async function sendReferralAction(input: {
  referralId: string;
  version: number;
}): Promise<ActionResult<{ referralId: string; version: number }>> {
  return runAction(async () => {
    const { referralId, version } = await call(sendReferral, await authenticate(), input);
    return { referralId, version };
  });
}

export async function cancelDraftAction(input: {
  referralId: string;
  version: number;
}): Promise<ActionResult<unknown>> {
  return act(cancelReferral, input);
}

export async function removeReferralAttachmentAction(
  referralId: string,
  attachmentId: string,
): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    const [referral, attachment] = actionInput(AttachmentIds, [referralId, attachmentId]);
    await call(removeReferralAttachment, me, referral, attachment);
    return null;
  });
}
