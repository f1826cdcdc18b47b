"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import { acknowledgeSummary } from "@/server/domain/summaries/acknowledge-summary";
import { amendSummary, discardSummaryAmendment } from "@/server/domain/summaries/amend-summary";
import { runAction, type ActionResult } from "@/app/lib/action-result";

async function command<T>(summaryId: string, run: () => Promise<T>): Promise<ActionResult<T>> {
  const result = await runAction(run);
  if (result.ok) revalidatePath(`/summaries/${summaryId}`);
  return result;
}

interface Revisioned {
  summaryId: string;
  revision: number;
}

/** 受領確認 of one version by the reader's facility. */
export async function acknowledgeSummaryAction(input: {
  summaryId: string;
  version: number;
}): Promise<ActionResult<unknown>> {
  return command(input.summaryId, async () => acknowledgeSummary(await getDb(), await authenticate(), input));
}

/** 訂正する: the latest version becomes the working copy of the next one. */
export async function amendSummaryAction(input: Revisioned): Promise<ActionResult<{ summaryId: string }>> {
  return command(input.summaryId, async () => {
    const { summaryId } = await amendSummary(await getDb(), await authenticate(), input);
    return { summaryId };
  });
}

export async function discardSummaryAmendmentAction(input: Revisioned): Promise<ActionResult<unknown>> {
  return command(input.summaryId, async () =>
    discardSummaryAmendment(await getDb(), await authenticate(), input),
  );
}
