"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { addDepartment, createFacility, updateFacility } from "@/server/domain/facilities/manage-facilities";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { formInput, formText as text } from "@/app/lib/action-input";
import { call } from "@/app/lib/call";

/** The fields every editor of a facility may change; the domain schema validates them. */
const editableFields = (form: FormData) => ({
  name: text(form, "name"),
  nameKana: text(form, "nameKana"),
  kind: text(form, "kind"),
  bedCount: text(form, "bedCount"),
  address: text(form, "address"),
  phone: text(form, "phone"),
  recordSystemUrl: text(form, "recordSystemUrl"),
});

export async function createFacilityAction(
  submitted: FormData,
): Promise<ActionResult<{ facilityId: string }>> {
  return runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    const created = await call(createFacility, me, {
      ...editableFields(form),
      code: text(form, "code"),
      role: text(form, "role"),
    });
    revalidatePath("/admin/facilities");
    return created;
  });
}

export async function updateFacilityAction(submitted: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    const facilityId = text(form, "facilityId");
    // Code, role and status are only in the network office's form; a facility admin's form leaves them out.
    const officeFields = form.has("code")
      ? { code: text(form, "code"), role: text(form, "role"), active: text(form, "active") === "true" }
      : {};
    await call(updateFacility, me, { facilityId, ...editableFields(form), ...officeFields });
    revalidatePath("/admin/facilities");
    revalidatePath(`/admin/facilities/${facilityId}`);
    return null;
  });
}

export async function addDepartmentAction(
  submitted: FormData,
): Promise<ActionResult<{ departmentId: string }>> {
  return runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    const facilityId = text(form, "facilityId");
    const added = await call(addDepartment, me, {
      facilityId,
      name: text(form, "name"),
      acceptsReferrals: form.get("acceptsReferrals") === "on",
      referralNotes: text(form, "referralNotes"),
    });
    revalidatePath(`/admin/facilities/${facilityId}`);
    return added;
  });
}
