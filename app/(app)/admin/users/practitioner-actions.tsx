"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import {
  resetPractitionerMfaAction,
  setPractitionerDisabledAction,
  unlockPractitionerAction,
  updatePractitionerRolesAction,
} from "./actions";
import type { UserFormMessages } from "./new-practitioner-form";

type Role = keyof UserFormMessages["roles"];

export interface ManagedPractitioner {
  id: string;
  roles: Role[];
  disabled: boolean;
  locked: boolean;
  /** The signed-in admin's own row: no "disable" button (the domain refuses it anyway). */
  self: boolean;
  /** a doctor's department (診療科), chosen among their facility's; none offered to others */
  departmentId: string | null;
  departments: { id: string; name: string }[];
}

/** The per-row administration of one practitioner: status, two-factor reset, unlock and roles. */
export function PractitionerActions({
  practitioner: p,
  m,
  mayGrantNetworkRole,
}: {
  practitioner: ManagedPractitioner;
  m: UserFormMessages;
  mayGrantNetworkRole: boolean;
}) {
  const { t } = m;
  const [result, setResult] = useState<ActionResult<null> | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, startTransition] = useTransition();

  const run = (action: () => Promise<ActionResult<null>>, confirmText?: string) => {
    if (confirmText && !window.confirm(confirmText)) return;
    startTransition(async () => {
      setResult(await action());
      setAttempt((n) => n + 1);
    });
  };

  const saveRoles = (form: FormData) => run(() => updatePractitionerRolesAction(form));
  const roleChoices: Role[] = ["staff", "facility_admin", "network_admin"];

  return (
    <details className="relative" data-testid="practitioner-actions">
      <summary className="btn-secondary cursor-pointer list-none">{t.actionsLabel}</summary>
      {/* Inline on phones; a popover over the rows below on wider screens. */}
      <div className="mt-2 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3 md:absolute md:right-0 md:z-10 md:w-72 md:shadow-lg">
        {pending && (
          <p className="text-sm text-slate-600" role="status">
            {t.working}
          </p>
        )}
        {!pending && result?.ok && (
          <p className="rounded-md bg-brand-50 p-2 text-sm text-brand-800" role="status">
            {t.done}
          </p>
        )}
        {!pending && result && !result.ok && (
          <p className="rounded-md bg-red-50 p-2 text-sm text-red-800" role="alert">
            {result.error.code === "FORBIDDEN"
              ? m.forbidden
              : result.error.fields.length > 0
                ? result.error.fields
                    .map((f) => (f.field === "roles" ? t.rolesRequired : f.message))
                    .join(" ")
                : result.error.message}
          </p>
        )}
        <div className="flex flex-col gap-2">
          {!p.self &&
            (p.disabled ? (
              <button
                type="button"
                className="btn-secondary"
                disabled={pending}
                onClick={() =>
                  run(() => setPractitionerDisabledAction({ practitionerId: p.id, disabled: false }))
                }
              >
                {t.enable}
              </button>
            ) : (
              <button
                type="button"
                className="btn-danger"
                disabled={pending}
                onClick={() =>
                  run(
                    () => setPractitionerDisabledAction({ practitionerId: p.id, disabled: true }),
                    t.confirmDisable,
                  )
                }
              >
                {t.disable}
              </button>
            ))}
          <button
            type="button"
            className="btn-secondary"
            disabled={pending}
            onClick={() => run(() => resetPractitionerMfaAction({ practitionerId: p.id }), t.confirmResetMfa)}
          >
            {t.resetMfa}
          </button>
          {p.locked && (
            <button
              type="button"
              className="btn-secondary"
              disabled={pending}
              onClick={() => run(() => unlockPractitionerAction({ practitionerId: p.id }))}
            >
              {t.unlock}
            </button>
          )}
        </div>
        <form
          key={`${attempt}:${p.roles.join(",")}:${p.departmentId ?? ""}`}
          action={saveRoles}
          className="border-t border-slate-200 pt-3"
        >
          <input type="hidden" name="practitionerId" value={p.id} />
          <fieldset>
            <legend className="label">{t.editRoles}</legend>
            {roleChoices.map((role) => {
              const locked = role === "network_admin" && !mayGrantNetworkRole;
              if (locked && !p.roles.includes(role)) return null;
              return (
                <label key={role} className="flex min-h-11 items-center gap-3 text-sm">
                  <input
                    type="checkbox"
                    name={locked ? undefined : "roles"}
                    value={role}
                    defaultChecked={p.roles.includes(role)}
                    disabled={locked}
                    className="size-5 accent-brand-600"
                  />
                  {m.roles[role]}
                  {/* A facility admin cannot change the network-office role, so it is kept as it is. */}
                  {locked && <input type="hidden" name="roles" value={role} />}
                </label>
              );
            })}
          </fieldset>
          {p.departments.length > 0 && (
            <div className="mt-2">
              <label className="label" htmlFor={`department-${p.id}`}>
                {t.department}
              </label>
              <select
                className="input"
                id={`department-${p.id}`}
                name="departmentId"
                defaultValue={p.departmentId ?? ""}
              >
                <option value="">{t.noDepartment}</option>
                {p.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button type="submit" className="btn-primary mt-2 w-full" disabled={pending}>
            {t.saveRoles}
          </button>
        </form>
      </div>
    </details>
  );
}
