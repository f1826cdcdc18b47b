"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import {
  createPractitioner,
  resetPractitionerMfa,
  unlockPractitioner,
  updatePractitioner,
} from "@/server/domain/practitioners/manage-practitioners";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { actionInput, anyObject, formInput, formText as text } from "@/app/lib/action-input";
import { call } from "@/app/lib/call";

const USERS_PATH = "/admin/users";

/** Returns the one-time initial password: the client shows it once and never stores it. */
export async function createPractitionerAction(
  submitted: FormData,
): Promise<ActionResult<{ practitionerId: string; initialPassword: string }>> {
  return runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    const created = await call(createPractitioner, me, {
      loginId: text(form, "loginId"),
      familyName: text(form, "familyName"),
      givenName: text(form, "givenName"),
      familyNameKana: text(form, "familyNameKana"),
      givenNameKana: text(form, "givenNameKana"),
      profession: text(form, "profession"),
      facilityId: text(form, "facilityId"),
      roles: form.getAll("roles"),
    });
    revalidatePath(USERS_PATH);
    return created;
  });
}

export async function updatePractitionerRolesAction(submitted: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    const department = form.get("departmentId");
    await call(updatePractitioner, me, {
      practitionerId: text(form, "practitionerId"),
      roles: form.getAll("roles"),
      // absent: the form offers no department (not a doctor, or the facility has none); "": none
      ...(department === null ? {} : { departmentId: department === "" ? null : department }),
    });
    revalidatePath(USERS_PATH);
    return null;
  });
}

export async function setPractitionerDisabledAction(input: {
  practitionerId: string;
  disabled: boolean;
}): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    const { practitionerId, disabled } = actionInput(anyObject, input);
    await call(updatePractitioner, me, { practitionerId, disabled });
    revalidatePath(USERS_PATH);
    return null;
  });
}

export async function resetPractitionerMfaAction(input: {
  practitionerId: string;
}): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    await call(resetPractitionerMfa, me, {
      practitionerId: actionInput(anyObject, input).practitionerId,
    });
    revalidatePath(USERS_PATH);
    return null;
  });
}

export async function unlockPractitionerAction(input: {
  practitionerId: string;
}): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    await call(unlockPractitioner, me, {
      practitionerId: actionInput(anyObject, input).practitionerId,
    });
    revalidatePath(USERS_PATH);
    return null;
  });
}
