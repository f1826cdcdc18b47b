"use server";

import { revalidatePath } from "next/cache";
import { authenticate } from "@/server/session/current-practitioner";
import { changePassword } from "@/server/domain/practitioners/manage-practitioners";
import { DomainError } from "@/server/errors";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { formInput, formText as text } from "@/app/lib/action-input";
import { call } from "@/app/lib/call";

/** The confirmation field is the form's own concern; the domain checks the current password and the rules. */
export async function changePasswordAction(submitted: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const me = await authenticate();
    const form = formInput(submitted);
    const newPassword = text(form, "newPassword");
    if (newPassword !== text(form, "confirmPassword")) {
      throw new DomainError("VALIDATION", "account.passwordMismatch", [
        { field: "confirmPassword", message: "account.passwordMismatch" },
      ]);
    }
    await call(changePassword, me, { currentPassword: text(form, "currentPassword"), newPassword });
    revalidatePath("/account");
    return null;
  });
}
