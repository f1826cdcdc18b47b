"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { acknowledgeSummary } from "@/server/domain/summaries/acknowledge-summary";
import { amendSummary, discardSummaryAmendment } from "@/server/domain/summaries/amend-summary";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, anyObject } from "@/app/lib/action-input";
import { call } from "@/app/lib/call";

/** Runs one summary command; its page is re-rendered once the use case accepted the id. */
async function command<T>(
  submitted: unknown,
  run: (input: Record<string, unknown>) => Promise<T>,
): Promise<ActionResult<T>> {
  let summaryId: unknown;
  const result = await runAction(async () => {
    const input = actionInput(anyObject, submitted);
    summaryId = input.summaryId;
    return run(input);
  });
  if (result.ok && typeof summaryId === "string") revalidatePath(`/summaries/${summaryId}`);
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
  return command(input, async (parsed) => call(acknowledgeSummary, await authenticate(), parsed));
}

/** 訂正する: the latest version becomes the working copy of the next one. */
export async function amendSummaryAction(input: Revisioned): Promise<ActionResult<{ summaryId: string }>> {
  return command(input, async (parsed) => {
    const { summaryId } = await call(amendSummary, await authenticate(), parsed);
    return { summaryId };
  });
}

export async function discardSummaryAmendmentAction(input: Revisioned): Promise<ActionResult<unknown>> {
  return command(input, async (parsed) => call(discardSummaryAmendment, await authenticate(), parsed));
}
