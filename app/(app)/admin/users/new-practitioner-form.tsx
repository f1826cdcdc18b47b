"use client";

import { useActionState, useState, type InputHTMLAttributes } from "react";
import type { AdminMessages } from "@/app/i18n/messages/admin";
import type { CommonMessages } from "@/app/i18n/messages/common";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { createPractitionerAction } from "./actions";

export interface UserFormMessages {
  t: AdminMessages["users"];
  professions: CommonMessages["professions"];
  roles: CommonMessages["roles"];
  forbidden: string;
}

type Role = keyof CommonMessages["roles"];

interface FormState {
  result: ActionResult<{ practitionerId: string; initialPassword: string }> | null;
  /** What was typed, so a rejected form comes back as the user left it (React resets forms after an action). */
  values: Record<string, string>;
  roles: string[];
  loginId: string;
  attempt: number;
}

const TEXT_FIELDS = ["loginId", "familyName", "givenName", "familyNameKana", "givenNameKana"] as const;

/**
 * Registers a practitioner. Facility admins register at their own facility; the
 * network office chooses the facility. The initial password is shown once.
 */
export function NewPractitionerForm({
  m,
  facilities,
  fixedFacility,
  defaultFacilityId,
  mayGrantNetworkRole,
}: {
  m: UserFormMessages;
  /** The network office's choice of facility; absent for facility admins. */
  facilities?: { id: string; name: string }[];
  fixedFacility?: { id: string; name: string };
  defaultFacilityId?: string;
  mayGrantNetworkRole: boolean;
}) {
  const { t } = m;
  const [dismissed, setDismissed] = useState(0);
  const [state, formAction, pending] = useActionState(
    async (previous: FormState, form: FormData): Promise<FormState> => {
      const result = await createPractitionerAction(form);
      const typed: Record<string, string> = {};
      form.forEach((value, key) => {
        if (typeof value === "string" && key !== "roles") typed[key] = value;
      });
      return {
        result,
        values: result.ok ? {} : typed,
        roles: result.ok ? ["staff"] : form.getAll("roles").filter((r) => typeof r === "string"),
        loginId: (typed.loginId ?? "").trim(),
        attempt: previous.attempt + 1,
      };
    },
    { result: null, values: {}, roles: ["staff"], loginId: "", attempt: 0 },
  );
  const { result, values } = state;
  const errors = fieldErrors(result);
  const showPassword = result?.ok && dismissed !== state.attempt;
  const roleChoices: Role[] = mayGrantNetworkRole
    ? ["staff", "facility_admin", "network_admin"]
    : ["staff", "facility_admin"];
  const shownFieldErrors = new Set<string>([...TEXT_FIELDS, "profession", "facilityId", "roles"]);
  const otherErrors =
    result && !result.ok ? result.error.fields.filter((f) => !shownFieldErrors.has(f.field)) : [];

  if (showPassword && result.ok) {
    return (
      <div className="space-y-4 rounded-lg border-2 border-amber-400 bg-amber-50 p-4" role="status">
        <h3 className="text-lg font-semibold">{t.initialPasswordTitle}</h3>
        <dl className="grid grid-cols-[max-content_1fr] items-center gap-x-3 gap-y-2 text-sm">
          <dt className="text-slate-600">{t.loginId}</dt>
          <dd className="font-mono" data-testid="created-login-id">
            {state.loginId}
          </dd>
          <dt className="text-slate-600">{t.initialPasswordTitle}</dt>
          <dd>
            <code
              className="inline-block rounded bg-white px-3 py-2 font-mono text-xl tracking-wider break-all select-all"
              data-testid="initial-password"
            >
              {result.data.initialPassword}
            </code>
          </dd>
        </dl>
        <p className="text-sm text-amber-900">{t.initialPasswordNote}</p>
        <button
          type="button"
          className="btn-secondary w-full sm:w-auto"
          onClick={() => setDismissed(state.attempt)}
        >
          {t.createAnother}
        </button>
      </div>
    );
  }

  const input = (
    name: (typeof TEXT_FIELDS)[number],
    label: string,
    extra: InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <div>
      <label className="label" htmlFor={`new-${name}`}>
        {label}
      </label>
      <input
        className="input"
        id={`new-${name}`}
        name={name}
        defaultValue={values[name]}
        required
        aria-invalid={errors[name] ? true : undefined}
        {...extra}
      />
      {errors[name] && <p className="field-error">{errors[name]}</p>}
    </div>
  );

  return (
    <form
      key={state.attempt}
      action={formAction}
      className="grid gap-4 sm:grid-cols-2"
      aria-label={t.newTitle}
    >
      {result && !result.ok && (result.error.fields.length === 0 || otherErrors.length > 0) && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 sm:col-span-2">
          {result.error.code === "FORBIDDEN"
            ? m.forbidden
            : otherErrors.map((f) => f.message).join(" ") || result.error.message}
        </p>
      )}
      <div className="sm:col-span-2">
        {input("loginId", t.loginId, {
          autoCapitalize: "none",
          autoComplete: "off",
          spellCheck: false,
          maxLength: 32,
        })}
      </div>
      {input("familyName", t.familyName, { maxLength: 50 })}
      {input("givenName", t.givenName, { maxLength: 50 })}
      {input("familyNameKana", t.familyNameKana, { maxLength: 50 })}
      {input("givenNameKana", t.givenNameKana, { maxLength: 50 })}
      <div>
        <label className="label" htmlFor="new-profession">
          {t.profession}
        </label>
        <select
          className="input"
          id="new-profession"
          name="profession"
          defaultValue={values.profession ?? "physician"}
        >
          {(Object.keys(m.professions) as (keyof typeof m.professions)[]).map((p) => (
            <option key={p} value={p}>
              {m.professions[p]}
            </option>
          ))}
        </select>
        {errors.profession && <p className="field-error">{errors.profession}</p>}
      </div>
      <div>
        <label className="label" htmlFor="new-facilityId">
          {t.facility}
        </label>
        {fixedFacility ? (
          <>
            <input type="hidden" name="facilityId" value={fixedFacility.id} />
            <p
              id="new-facilityId"
              className="flex min-h-11 items-center rounded-md bg-slate-100 px-3 text-base"
            >
              {fixedFacility.name}
            </p>
          </>
        ) : (
          <select
            className="input"
            id="new-facilityId"
            name="facilityId"
            defaultValue={values.facilityId ?? defaultFacilityId ?? ""}
            required
            aria-invalid={errors.facilityId ? true : undefined}
          >
            <option value="">{t.chooseFacility}</option>
            {facilities?.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        )}
        {errors.facilityId && <p className="field-error">{errors.facilityId}</p>}
      </div>
      <fieldset className="sm:col-span-2">
        <legend className="label">{t.roles}</legend>
        <div className="flex flex-wrap gap-x-6">
          {roleChoices.map((role) => (
            <label key={role} className="flex min-h-11 items-center gap-3 text-sm">
              <input
                type="checkbox"
                name="roles"
                value={role}
                defaultChecked={state.roles.includes(role)}
                className="size-5 accent-brand-600"
              />
              {m.roles[role]}
            </label>
          ))}
        </div>
        {errors.roles && <p className="field-error">{t.rolesRequired}</p>}
      </fieldset>
      <div className="sm:col-span-2">
        <button className="btn-primary w-full sm:w-auto" type="submit" disabled={pending}>
          {pending ? t.creating : t.create}
        </button>
      </div>
    </form>
  );
}
