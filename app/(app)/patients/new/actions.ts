"use server";

import { authenticate } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import { registerPatient } from "@/server/domain/patients/register-patient";
import { runAction, type ActionResult } from "@/app/lib/action-result";
import { fileFromForm } from "@/app/lib/file-from-form";

export async function registerPatientAction(
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<{ patientId: string; regionalId: string }>> {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return runAction(async () => {
    const created = await registerPatient(await getDb(), await authenticate(), {
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
      facilityIds: form.getAll("facilityIds").filter((v): v is string => typeof v === "string"),
      note: text("note") ?? "",
      document: await fileFromForm(form, "document"),
    });
    return { patientId: created.patientId, regionalId: created.regionalId };
  });
}
