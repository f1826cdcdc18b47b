"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { addConsentFacility } from "@/server/domain/consent/add-consent-facility";
import { openBreakGlass } from "@/server/domain/consent/break-glass";
import { grantConsent } from "@/server/domain/consent/grant-consent";
import { withdrawConsent } from "@/server/domain/consent/withdraw-consent";
import { listFacilities } from "@/server/domain/facilities/manage-facilities";
import { getI18n } from "@/app/i18n";
import type { FacilityOption } from "@/app/ui/facility-checklist";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { fileFromForm } from "@/app/lib/file-from-form";
import { formInput, formText as text, formTexts } from "@/app/lib/action-input";
import { call, type UseCase } from "@/app/lib/call";

type ConsentUseCase<T> = UseCase<Record<string, unknown>, T>;

/** The patient the form was about, to re-render its page: only from a real form. */
const formPatientId = (form: unknown) => (form instanceof FormData ? (text(form, "patientId") ?? "") : "");

async function consentAction<T>(submitted: FormData, useCase: ConsentUseCase<T>) {
  const patientId = formPatientId(submitted);
  const result = await runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    const input = {
      patientId,
      consentId: text(form, "consentId"),
      signedAtFacilityId: text(form, "signedAtFacilityId"),
      leaveNetwork: text(form, "leaveNetwork") === "true",
      obtainedOn: text(form, "date"),
      effectiveOn: text(form, "date"),
      withdrawnOn: text(form, "date"),
      facilityIds: formTexts(form, "facilityIds"),
      note: text(form, "note") ?? "",
      document: await fileFromForm(form, "document"),
    };
    return call(useCase, me, input);
  });
  if (result.ok) revalidatePath(`/patients/${patientId}`);
  return result;
}

export async function grantConsentAction(_prev: unknown, form: FormData): Promise<ActionResult<unknown>> {
  return consentAction(form, grantConsent);
}

export async function addConsentFacilityAction(
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<unknown>> {
  return consentAction(form, addConsentFacility);
}

export async function withdrawConsentAction(_prev: unknown, form: FormData): Promise<ActionResult<unknown>> {
  return consentAction(form, withdrawConsent);
}

export async function breakGlassAction(_prev: unknown, submitted: FormData): Promise<ActionResult<unknown>> {
  const patientId = formPatientId(submitted);
  const result = await runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    return call(openBreakGlass, me, { patientId, reason: text(form, "reason") });
  });
  if (result.ok) revalidatePath(`/patients/${patientId}`);
  return result;
}

/**
 * The consent forms' checklist of the network's facilities (and the office's 署名した施設), asked
 * for when a form is first opened instead of sent with every patient page: the whole
 * directory in each page's payload cost more than the rest of the page (issue 16). The
 * directory is what every signed-in practitioner may read (/admin/facilities); recording
 * the consent is checked where it is recorded.
 */
export async function consentFacilityOptionsAction(): Promise<ActionResult<FacilityOption[]>> {
  return runAction(async () => {
    await authenticate();
    const [facilities, { t }] = await Promise.all([call(listFacilities), getI18n()]);
    return facilities
      .filter((f) => f.active)
      .map((f) => ({ id: f.id, name: f.name, kindLabel: t.common.facilityKinds[f.kind] }));
  });
}
