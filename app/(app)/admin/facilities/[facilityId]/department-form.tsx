"use client";

import { useActionState } from "react";
import type { AdminMessages } from "@/app/i18n/messages/admin";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { addDepartmentAction } from "../actions";

const textOf = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

interface FormState {
  result: ActionResult<{ departmentId: string }> | null;
  values: { name?: string; acceptsReferrals?: boolean; referralNotes?: string };
  attempt: number;
}

/** Adds a department to a facility; on success the form starts empty again. */
export function AddDepartmentForm({
  facilityId,
  t,
  forbidden,
}: {
  facilityId: string;
  t: AdminMessages["facilities"];
  forbidden: string;
}) {
  const [state, formAction, pending] = useActionState(
    async (previous: FormState, form: FormData): Promise<FormState> => {
      const result = await addDepartmentAction(form);
      const values = result.ok
        ? {}
        : {
            name: textOf(form, "name"),
            acceptsReferrals: form.get("acceptsReferrals") === "on",
            referralNotes: textOf(form, "referralNotes"),
          };
      return { result, values, attempt: previous.attempt + 1 };
    },
    { result: null, values: {}, attempt: 0 },
  );
  const { result, values } = state;
  const errors = fieldErrors(result);
  return (
    <form key={state.attempt} action={formAction} className="space-y-4" aria-label={t.addDepartment}>
      <input type="hidden" name="facilityId" value={facilityId} />
      {result?.ok && (
        <p role="status" className="rounded-md bg-brand-50 p-3 text-sm text-brand-800">
          {t.departmentAdded}
        </p>
      )}
      {result && !result.ok && result.error.fields.length === 0 && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {result.error.code === "FORBIDDEN" ? forbidden : result.error.message}
        </p>
      )}
      <div>
        <label className="label" htmlFor="department-name">
          {t.departmentName}
        </label>
        <input
          className="input"
          id="department-name"
          name="name"
          defaultValue={values.name}
          required
          maxLength={60}
          aria-invalid={errors.name ? true : undefined}
        />
        {errors.name && <p className="field-error">{errors.name}</p>}
      </div>
      <label className="flex min-h-11 items-center gap-3 text-sm">
        <input
          type="checkbox"
          name="acceptsReferrals"
          className="size-5 accent-brand-600"
          defaultChecked={values.acceptsReferrals ?? true}
        />
        {t.acceptsReferrals}
      </label>
      <div>
        <label className="label" htmlFor="referralNotes">
          {t.referralNotes}
        </label>
        <textarea
          className="input min-h-24"
          id="referralNotes"
          name="referralNotes"
          defaultValue={values.referralNotes}
          maxLength={1000}
          rows={3}
        />
        {errors.referralNotes && <p className="field-error">{errors.referralNotes}</p>}
      </div>
      <button className="btn-primary w-full sm:w-auto" type="submit" disabled={pending}>
        {pending ? t.adding : t.addDepartment}
      </button>
    </form>
  );
}
