"use server";

import { authenticate } from "@/server/session/current-practitioner";
import { getDb } from "@/server/db/client";
import { createSummary } from "@/server/domain/summaries/create-summary";
import { runAction, type ActionResult } from "@/app/lib/action-result";

/** Starts a discharge summary draft (from a referral when one brought the patient in). */
export async function createSummaryAction(input: {
  patientId: string;
  referralId: string | null;
  authorDepartment: string;
}): Promise<ActionResult<{ summaryId: string }>> {
  return runAction(async () => {
    const { summaryId } = await createSummary(await getDb(), await authenticate(), input);
    return { summaryId };
  });
}
