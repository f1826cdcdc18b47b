"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { acceptHandover, declineHandover } from "@/server/domain/pathways/answer-handover";
import { cancelHandover } from "@/server/domain/pathways/cancel-handover";
import { completeEnrolment, withdrawEnrolment } from "@/server/domain/pathways/end-enrolment";
import { enrolPatient } from "@/server/domain/pathways/enrol-patient";
import { recordStageMeasures } from "@/server/domain/pathways/record-stage-measures";
import { recordVariance } from "@/server/domain/pathways/record-variance";
import { requestHandover } from "@/server/domain/pathways/request-handover";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, anyObject } from "@/app/lib/action-input";
import { act, call, type UseCase } from "@/app/lib/call";

/** Empty form fields are absent to the schemas (an optional date is not ""). */
const present = (input: unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries(actionInput(anyObject, input)).filter(([, v]) => v !== ""));

/**
 * The pathway's commands as server actions: each authenticates, hands the
 * input to one use case (which parses it with its schema and checks access
 * and the version) and re-renders the sheet and the worklist on success.
 */
type Command = UseCase<unknown, { enrolmentId: string; version: number }>;

async function command(useCase: Command, input: { enrolmentId: string }): Promise<ActionResult<unknown>> {
  const result = await act(useCase, present(input));
  if (result.ok) {
    revalidatePath(`/pathways/${input.enrolmentId}`);
    revalidatePath("/pathways");
  }
  return result;
}

interface Versioned {
  enrolmentId: string;
  version: number;
}

export async function enrolPatientAction(input: {
  patientId: string;
  pathway: string;
  admittedOn: string;
  onsetOn: string;
}): Promise<ActionResult<{ enrolmentId: string }>> {
  const result = await runAction(async () => {
    const { enrolmentId } = await call(enrolPatient, await authenticate(), present(input));
    return { enrolmentId };
  });
  if (result.ok) revalidatePath("/pathways");
  return result;
}

export async function recordStageMeasuresAction(
  input: Versioned & {
    stageId: string;
    admittedOn?: string | null;
    dischargedOn?: string | null;
    measures: Record<string, unknown>;
  },
) {
  return command(recordStageMeasures, input);
}

export async function recordVarianceAction(
  input: Versioned & {
    stageId: string;
    category: string;
    occurredOn: string;
    description: string;
    reason: string;
    delayDays: number | null;
  },
) {
  return command(recordVariance, input);
}

export async function requestHandoverAction(
  input: Versioned & { toFacilityId: string; toStageKey: string; plannedOn: string; note: string },
) {
  return command(requestHandover, input);
}

export async function cancelHandoverAction(input: Versioned) {
  return command(cancelHandover, input);
}

export async function acceptHandoverAction(input: Versioned & { admittedOn: string }) {
  return command(acceptHandover, input);
}

export async function declineHandoverAction(input: Versioned & { reason: string; note: string }) {
  return command(declineHandover, input);
}

export async function completeEnrolmentAction(input: Versioned & { endedOn: string; note: string }) {
  return command(completeEnrolment, input);
}

export async function withdrawEnrolmentAction(
  input: Versioned & { endedOn: string; reason: string; note: string },
) {
  return command(withdrawEnrolment, input);
}
