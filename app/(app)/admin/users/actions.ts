"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/auth/current-practitioner";
import { getDb } from "@/server/db/client";
import {
  createPractitioner,
  resetPractitionerMfa,
  unlockPractitioner,
  updatePractitioner,
} from "@/server/domain/practitioners/manage-practitioners";
import { runAction, type ActionResult } from "@/app/lib/action-result";

const USERS_PATH = "/admin/users";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/** Returns the one-time initial password: the client shows it once and never stores it. */
export async function createPractitionerAction(
  form: FormData,
): Promise<ActionResult<{ practitionerId: string; initialPassword: string }>> {
  return runAction(async () => {
    const me = await authenticate();
    const created = await createPractitioner(await getDb(), me, {
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

export async function updatePractitionerRolesAction(form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    await updatePractitioner(await getDb(), me, {
      practitionerId: text(form, "practitionerId"),
      roles: form.getAll("roles"),
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
    await updatePractitioner(await getDb(), me, {
      practitionerId: input.practitionerId,
      disabled: input.disabled,
    });
    revalidatePath(USERS_PATH);
    return null;
  });
}

export async function resetPractitionerMfaAction(input: {
  practitionerId: string;
}): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    await resetPractitionerMfa(await getDb(), me, { practitionerId: input.practitionerId });
    revalidatePath(USERS_PATH);
    return null;
  });
}

export async function unlockPractitionerAction(input: {
  practitionerId: string;
}): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    await unlockPractitioner(await getDb(), me, { practitionerId: input.practitionerId });
    revalidatePath(USERS_PATH);
    return null;
  });
}
