"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { searchPatients, type PatientSearchHit } from "@/server/domain/patients/search-patients";
import {
  answerAdvice,
  askAdvice,
  convertAdviceToReferral,
  referFromAdvice,
  routeAdvice,
} from "@/server/domain/referrals/advice-requests";
import { createReferral } from "@/server/domain/referrals/create-referral";
import { listDestinationDoctors } from "@/server/domain/referrals/referral-destination";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, anyObject } from "@/app/lib/action-input";
import { call, act } from "@/app/lib/call";

export type DoctorOption = Awaited<ReturnType<typeof listDestinationDoctors>>[number];

/** Patients the reader may see (inside consent), for choosing whom a referral or question is about. */
export async function searchPatientsAction(q: string): Promise<ActionResult<PatientSearchHit[]>> {
  return runAction(async () => call(searchPatients, await authenticate(), { q, limit: 20 }));
}

export async function destinationDoctorsAction(facilityId: string): Promise<ActionResult<DoctorOption[]>> {
  return runAction(async () => {
    await authenticate();
    return call(listDestinationDoctors, { facilityId });
  });
}

export async function createReferralAction(input: {
  patientId: string;
  destinationFacilityId: string;
  destinationDepartmentId: string;
  destinationPractitionerId: string | null;
  priority: string;
  requestedBy: string;
  referrerDepartment: string;
}): Promise<ActionResult<{ referralId: string }>> {
  return runAction(async () => {
    const me = await authenticate();
    const form = actionInput(anyObject, input);
    const { referralId } = await call(createReferral, me, {
      ...form,
      requestedBy: form.requestedBy || null,
    });
    return { referralId };
  });
}

export async function askAdviceAction(input: {
  patientId: string;
  destinationFacilityId: string;
  destinationDepartmentId: string;
  question: string;
}): Promise<ActionResult<{ adviceRequestId: string }>> {
  const result = await act(askAdvice, input);
  if (result.ok) revalidatePath("/referrals");
  return result;
}

export async function answerAdviceAction(input: {
  adviceRequestId: string;
  answer: string;
}): Promise<ActionResult<{ adviceRequestId: string }>> {
  const result = await act(answerAdvice, input);
  if (result.ok) revalidatePath("/referrals");
  return result;
}

export async function routeAdviceAction(input: {
  adviceRequestId: string;
  practitionerId: string;
}): Promise<ActionResult<{ adviceRequestId: string; assignedTo: string }>> {
  const result = await act(routeAdvice, input);
  if (result.ok) revalidatePath("/referrals");
  return result;
}

export async function referFromAdviceAction(input: {
  adviceRequestId: string;
}): Promise<ActionResult<{ adviceRequestId: string; referralId: string }>> {
  const result = await act(referFromAdvice, input);
  if (result.ok) revalidatePath("/referrals");
  return result;
}

export async function convertAdviceAction(input: {
  adviceRequestId: string;
  answer: string;
}): Promise<ActionResult<{ adviceRequestId: string; referralId: string }>> {
  const result = await act(convertAdviceToReferral, input);
  if (result.ok) revalidatePath("/referrals");
  return result;
}
