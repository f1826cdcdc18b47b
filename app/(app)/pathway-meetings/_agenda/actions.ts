"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { changeAgenda } from "@/server/domain/pathway-meetings/change-agenda";
import { recordDecision } from "@/server/domain/pathway-meetings/record-decision";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, wireText } from "@/app/lib/action-input";
import { z } from "zod";
import { call, act } from "@/app/lib/call";

const DecisionForm = z.looseObject({ dueOn: wireText });

/**
 * The agenda's commands, from the occurrence page and from its conference
 * room alike: both show the same agenda, so both are re-rendered.
 */
function revalidateAgendaPages() {
  revalidatePath("/pathway-meetings/[meetingId]/occurrences/[occurrenceId]", "page");
  revalidatePath("/conferences/[conferenceId]", "page");
}

export async function changeAgendaAction(input: {
  occurrenceId: string;
  enrolmentId: string;
  change: "add" | "remove";
}): Promise<ActionResult<unknown>> {
  const result = await act(changeAgenda, input);
  if (result.ok) revalidateAgendaPages();
  return result;
}

export async function recordDecisionAction(input: {
  occurrenceId: string;
  enrolmentId: string;
  decision: string;
  responsibleFacilityId: string;
  dueOn: string;
}): Promise<ActionResult<unknown>> {
  const result = await runAction(async () =>
    call(recordDecision, await authenticate(), {
      ...actionInput(DecisionForm, input),
      // an empty date input is no due date, not an invalid one
      dueOn: actionInput(DecisionForm, input).dueOn || null,
    }),
  );
  if (result.ok) revalidateAgendaPages();
  return result;
}
