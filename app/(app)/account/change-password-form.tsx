"use client";

import { useActionState } from "react";
import type { AccountMessages } from "@/app/i18n/messages/account";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { changePasswordAction } from "./actions";

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;

/** Changes the signed-in practitioner's password; the fields are emptied after every attempt, as passwords should be. */
export function ChangePasswordForm({ t, loginId }: { t: AccountMessages; loginId: string }) {
  const [result, formAction, pending] = useActionState(
    (_previous: ActionResult<null> | null, form: FormData) => changePasswordAction(form),
    null,
  );
  const errors = fieldErrors(result);
  const labels: Record<(typeof FIELDS)[number], string> = {
    currentPassword: t.currentPassword,
    newPassword: t.newPassword,
    confirmPassword: t.confirmPassword,
  };
  return (
    <form action={formAction} className="max-w-md space-y-4" aria-label={t.passwordTitle}>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" value={loginId} autoComplete="username" readOnly hidden />
      {result?.ok && (
        <p
          role="status"
          className="rounded-md bg-brand-50 p-3 text-sm text-brand-800"
          data-testid="password-changed"
        >
          {t.changed}
        </p>
      )}
      {result && !result.ok && result.error.fields.length === 0 && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {result.error.message}
        </p>
      )}
      {FIELDS.map((field) => (
        <div key={field}>
          <label className="label" htmlFor={field}>
            {labels[field]}
          </label>
          <input
            className="input"
            id={field}
            name={field}
            type="password"
            autoComplete={field === "currentPassword" ? "current-password" : "new-password"}
            required
            aria-invalid={errors[field] ? true : undefined}
            aria-describedby={errors[field] ? `${field}-error` : undefined}
          />
          {errors[field] && (
            <p className="field-error" id={`${field}-error`} data-testid={`error-${field}`}>
              {errors[field]}
            </p>
          )}
        </div>
      ))}
      <button className="btn-primary w-full sm:w-auto" type="submit" disabled={pending}>
        {pending ? t.changing : t.changePassword}
      </button>
    </form>
  );
}
