"use server";

import { authenticate } from "@/server/session/current-practitioner";
import { saveSummaryDraft } from "@/server/domain/summaries/save-summary-draft";
import { sendSummary } from "@/server/domain/summaries/send-summary";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import type { DraftSaved } from "@/app/ui/autosave";
import { call } from "@/app/lib/call";

/** Autosave: the whole working copy with the revision it was based on; a stale revision is a CONFLICT. */
export async function saveSummaryDraftAction(input: unknown): Promise<ActionResult<DraftSaved>> {
  return runAction(async () => {
    const { revision, savedAt } = await call(saveSummaryDraft, await authenticate(), input);
    return { version: revision, savedAt };
  });
}

/** Sends the working copy as the next version (the first send, or an amendment). */
export async function sendSummaryAction(input: {
  summaryId: string;
  revision: number;
}): Promise<ActionResult<{ summaryId: string; version: number }>> {
  return runAction(async () => {
    const { summaryId, version } = await call(sendSummary, await authenticate(), input);
    return { summaryId, version };
  });
}
