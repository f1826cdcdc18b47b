"use server";

import { authenticate } from "@/server/session/current-practitioner";
import { createSummary } from "@/server/domain/summaries/create-summary";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { call } from "@/app/lib/call";

/** Starts a discharge summary draft (from a referral when one brought the patient in). */
export async function createSummaryAction(input: {
  patientId: string;
  referralId: string | null;
  authorDepartment: string;
}): Promise<ActionResult<{ summaryId: string }>> {
  return runAction(async () => {
    const { summaryId } = await call(createSummary, await authenticate(), input);
    return { summaryId };
  });
}
