"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { copyReferral } from "@/server/domain/referrals/create-referral";
import { acknowledgeReply, replyToReferral } from "@/server/domain/referrals/reply-to-referral";
import {
  acceptReferral,
  cancelReferral,
  declineReferral,
  forwardReferral,
  rescheduleReferral,
} from "@/server/domain/referrals/respond-to-referral";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, anyObject, wireText } from "@/app/lib/action-input";
import { z } from "zod";
import { call, act } from "@/app/lib/call";

/** A datetime-local value is a Japan time; the domain wants an instant with its offset. */
const tokyo = (local: string | undefined) =>
  local ? `${local.length === 16 ? `${local}:00` : local}+09:00` : "";

/** The appointment the glue turns into an instant; the use case parses the rest. */
const AppointmentForm = z.looseObject({ appointmentAt: wireText });

/**
 * Runs one referral command on the parsed input; the referral's page is
 * re-rendered once the use case accepted the id.
 */
async function command<T>(
  submitted: unknown,
  run: (input: Record<string, unknown>) => Promise<T>,
): Promise<ActionResult<T>> {
  let referralId: unknown;
  const result = await runAction(async () => {
    const input = actionInput(anyObject, submitted);
    referralId = input.referralId;
    return run(input);
  });
  if (result.ok && typeof referralId === "string") revalidatePath(`/referrals/${referralId}`);
  return result;
}

interface Versioned {
  referralId: string;
  version: number;
}

export async function acceptReferralAction(
  input: Versioned & { appointmentAt: string; note: string },
): Promise<ActionResult<unknown>> {
  return command(input, async () => {
    const form = actionInput(AppointmentForm, input);
    return call(acceptReferral, await authenticate(), {
      ...form,
      appointmentAt: tokyo(form.appointmentAt),
    });
  });
}

export async function rescheduleReferralAction(
  input: Versioned & { appointmentAt: string; note: string },
): Promise<ActionResult<unknown>> {
  return command(input, async () => {
    const form = actionInput(AppointmentForm, input);
    return call(rescheduleReferral, await authenticate(), {
      ...form,
      appointmentAt: tokyo(form.appointmentAt),
    });
  });
}

export async function declineReferralAction(
  input: Versioned & { reason: string; note: string },
): Promise<ActionResult<unknown>> {
  return command(input, async (parsed) => call(declineReferral, await authenticate(), parsed));
}

export async function forwardReferralAction(
  input: Versioned & {
    destinationFacilityId: string;
    destinationDepartmentId: string;
    destinationPractitionerId: string | null;
    note: string;
  },
): Promise<ActionResult<unknown>> {
  return command(input, async (parsed) => call(forwardReferral, await authenticate(), parsed));
}

export async function cancelReferralAction(
  input: Versioned & { note: string },
): Promise<ActionResult<unknown>> {
  return command(input, async (parsed) => call(cancelReferral, await authenticate(), parsed));
}

export async function replyToReferralAction(
  input: Versioned & { kind: "interim" | "final"; content: unknown },
): Promise<ActionResult<unknown>> {
  return command(input, async (parsed) => call(replyToReferral, await authenticate(), parsed));
}

export async function acknowledgeReplyAction(input: {
  referralId: string;
  replyId: string;
}): Promise<ActionResult<unknown>> {
  return command(input, async (parsed) =>
    call(acknowledgeReply, await authenticate(), { replyId: parsed.replyId }),
  );
}

/** 再紹介: a declined or cancelled letter copied into a new draft of the actor's. */
export async function copyReferralAction(input: {
  referralId: string;
}): Promise<ActionResult<{ referralId: string; version: number }>> {
  return act(copyReferral, input);
}
