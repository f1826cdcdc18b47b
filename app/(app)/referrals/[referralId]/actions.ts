"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import { acknowledgeReply, replyToReferral } from "@/server/domain/referrals/reply-to-referral";
import {
  acceptReferral,
  cancelReferral,
  declineReferral,
  forwardReferral,
  rescheduleReferral,
} from "@/server/domain/referrals/respond-to-referral";
import { runAction, type ActionResult } from "@/app/lib/action-result";

/** A datetime-local value is a Japan time; the domain wants an instant with its offset. */
const tokyo = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}+09:00` : "");

async function command<T>(referralId: string, run: () => Promise<T>): Promise<ActionResult<T>> {
  const result = await runAction(run);
  if (result.ok) revalidatePath(`/referrals/${referralId}`);
  return result;
}

interface Versioned {
  referralId: string;
  version: number;
}

export async function acceptReferralAction(
  input: Versioned & { appointmentAt: string; note: string },
): Promise<ActionResult<unknown>> {
  return command(input.referralId, async () =>
    acceptReferral(await getDb(), await authenticate(), {
      ...input,
      appointmentAt: tokyo(input.appointmentAt),
    }),
  );
}

export async function rescheduleReferralAction(
  input: Versioned & { appointmentAt: string; note: string },
): Promise<ActionResult<unknown>> {
  return command(input.referralId, async () =>
    rescheduleReferral(await getDb(), await authenticate(), {
      ...input,
      appointmentAt: tokyo(input.appointmentAt),
    }),
  );
}

export async function declineReferralAction(
  input: Versioned & { reason: string; note: string },
): Promise<ActionResult<unknown>> {
  return command(input.referralId, async () => declineReferral(await getDb(), await authenticate(), input));
}

export async function forwardReferralAction(
  input: Versioned & {
    destinationFacilityId: string;
    destinationDepartmentId: string;
    destinationPractitionerId: string | null;
    note: string;
  },
): Promise<ActionResult<unknown>> {
  return command(input.referralId, async () => forwardReferral(await getDb(), await authenticate(), input));
}

export async function cancelReferralAction(
  input: Versioned & { note: string },
): Promise<ActionResult<unknown>> {
  return command(input.referralId, async () => cancelReferral(await getDb(), await authenticate(), input));
}

export async function replyToReferralAction(
  input: Versioned & { kind: "interim" | "final"; content: unknown },
): Promise<ActionResult<unknown>> {
  return command(input.referralId, async () => replyToReferral(await getDb(), await authenticate(), input));
}

export async function acknowledgeReplyAction(input: {
  referralId: string;
  replyId: string;
}): Promise<ActionResult<unknown>> {
  return command(input.referralId, async () =>
    acknowledgeReply(await getDb(), await authenticate(), { replyId: input.replyId }),
  );
}
