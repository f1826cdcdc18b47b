"use server";

import { authenticate } from "@/server/session/current-practitioner";
import { registerPatient } from "@/server/domain/patients/register-patient";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { fileFromForm } from "@/app/lib/file-from-form";
import { formInput, formText, formTexts } from "@/app/lib/action-input";
import { call } from "@/app/lib/call";

export async function registerPatientAction(
  _prev: unknown,
  submitted: FormData,
): Promise<ActionResult<{ patientId: string; regionalId: string }>> {
  return runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    const text = (name: string) => formText(form, name);
    const created = await call(registerPatient, me, {
      familyName: text("familyName"),
      givenName: text("givenName"),
      familyNameKana: text("familyNameKana"),
      givenNameKana: text("givenNameKana"),
      birthDate: text("birthDate"),
      sex: text("sex"),
      postalCode: text("postalCode") ?? "",
      address: text("address") ?? "",
      phone: text("phone") ?? "",
      localId: text("localId"),
      obtainedOn: text("obtainedOn"),
      facilityIds: formTexts(form, "facilityIds"),
      note: text("note") ?? "",
      document: await fileFromForm(form, "document"),
    });
    return { patientId: created.patientId, regionalId: created.regionalId };
  });
}
