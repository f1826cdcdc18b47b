"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { AdminMessages } from "@/app/i18n/messages/admin";
import type { CommonMessages } from "@/app/i18n/messages/common";
import { Field } from "@/app/ui/field";
import { fieldErrors, type ActionResult, type FieldErrors } from "@/app/lib/action-result";
import { createFacilityAction, updateFacilityAction } from "./actions";

export interface FacilityFormMessages {
  t: AdminMessages["facilities"];
  kinds: CommonMessages["facilityKinds"];
  roles: CommonMessages["facilityRoles"];
  forbidden: string;
  save: string;
}

/** What was typed, so a rejected form comes back as the user left it (React resets forms after an action). */
interface FormState<T> {
  result: ActionResult<T> | null;
  values: Record<string, string>;
  attempt: number;
}

function valuesOf(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  form.forEach((value, key) => {
    if (typeof value === "string") values[key] = value;
  });
  return values;
}

export interface FacilityValues {
  code: string;
  name: string;
  nameKana: string;
  kind: string;
  role: string;
  bedCount: number;
  address: string;
  phone: string;
  recordSystemUrl: string;
  active: boolean;
}

function ErrorBanner({ result, forbidden }: { result: ActionResult<unknown> | null; forbidden: string }) {
  if (!result || result.ok || result.error.fields.length > 0) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 sm:col-span-2">
      {result.error.code === "FORBIDDEN" ? forbidden : result.error.message}
    </p>
  );
}

/** The inputs shared by the create and edit forms; office-only inputs are left out for facility admins. */
function FacilityFields({
  m,
  values,
  errors,
  officeFields,
}: {
  m: FacilityFormMessages;
  values: Partial<Record<keyof FacilityValues, string>>;
  errors: FieldErrors;
  officeFields: boolean;
}) {
  const { t } = m;
  const invalid = (name: string) =>
    errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {};
  return (
    <>
      <Field id="name" label={t.name} error={errors.name}>
        <input
          className="input"
          id="name"
          name="name"
          defaultValue={values.name}
          required
          maxLength={100}
          {...invalid("name")}
        />
      </Field>
      <Field id="nameKana" label={t.nameKana} error={errors.nameKana}>
        <input
          className="input"
          id="nameKana"
          name="nameKana"
          defaultValue={values.nameKana}
          required
          maxLength={200}
          {...invalid("nameKana")}
        />
      </Field>
      {officeFields && (
        <Field id="code" label={t.code} error={errors.code}>
          <input
            className="input font-mono"
            id="code"
            name="code"
            defaultValue={values.code}
            inputMode="numeric"
            pattern="\d{10}"
            maxLength={10}
            required
            {...invalid("code")}
          />
        </Field>
      )}
      <Field id="kind" label={t.kind} error={errors.kind}>
        <select
          className="input"
          id="kind"
          name="kind"
          defaultValue={values.kind ?? "medical_clinic"}
          {...invalid("kind")}
        >
          {(Object.keys(m.kinds) as (keyof typeof m.kinds)[]).map((kind) => (
            <option key={kind} value={kind}>
              {m.kinds[kind]}
            </option>
          ))}
        </select>
      </Field>
      {officeFields && (
        <Field id="role" label={t.role} error={errors.role}>
          <select
            className="input"
            id="role"
            name="role"
            defaultValue={values.role ?? "viewing"}
            {...invalid("role")}
          >
            <option value="disclosing">{m.roles.disclosing}</option>
            <option value="viewing">{m.roles.viewing}</option>
          </select>
        </Field>
      )}
      <Field id="bedCount" label={t.beds} error={errors.bedCount}>
        <input
          className="input"
          id="bedCount"
          name="bedCount"
          type="number"
          min={0}
          max={5000}
          inputMode="numeric"
          defaultValue={values.bedCount ?? "0"}
          {...invalid("bedCount")}
        />
      </Field>
      <Field id="phone" label={t.phone} error={errors.phone}>
        <input
          className="input"
          id="phone"
          name="phone"
          type="tel"
          defaultValue={values.phone}
          maxLength={20}
          {...invalid("phone")}
        />
      </Field>
      <Field id="address" label={t.address} error={errors.address} wide>
        <input
          className="input"
          id="address"
          name="address"
          defaultValue={values.address}
          maxLength={200}
          {...invalid("address")}
        />
      </Field>
      <Field
        id="recordSystemUrl"
        label={t.recordSystemUrl}
        error={errors.recordSystemUrl}
        hint={t.recordSystemUrlHelp}
        wide
      >
        <input
          className="input"
          id="recordSystemUrl"
          name="recordSystemUrl"
          type="url"
          defaultValue={values.recordSystemUrl}
          placeholder="https://"
          {...invalid("recordSystemUrl")}
        />
      </Field>
      {officeFields && values.active !== undefined && (
        <Field id="active" label={t.status} error={errors.active}>
          <select className="input" id="active" name="active" defaultValue={values.active}>
            <option value="true">{t.active}</option>
            <option value="false">{t.inactive}</option>
          </select>
        </Field>
      )}
    </>
  );
}

/** The network office registers a facility. */
export function NewFacilityForm({ m }: { m: FacilityFormMessages }) {
  const [state, formAction, pending] = useActionState(
    async (
      previous: FormState<{ facilityId: string }>,
      form: FormData,
    ): Promise<FormState<{ facilityId: string }>> => {
      const result = await createFacilityAction(form);
      return { result, values: result.ok ? {} : valuesOf(form), attempt: previous.attempt + 1 };
    },
    { result: null, values: {}, attempt: 0 },
  );
  const { result } = state;
  return (
    <form
      key={state.attempt}
      action={formAction}
      className="grid gap-4 sm:grid-cols-2"
      aria-label={m.t.newTitle}
    >
      {result?.ok && (
        <p
          role="status"
          className="rounded-md bg-brand-50 p-3 text-sm text-brand-800 sm:col-span-2"
          data-testid="facility-created"
        >
          {m.t.created}{" "}
          <Link className="font-medium underline" href={`/admin/facilities/${result.data.facilityId}`}>
            {m.t.openCreated}
          </Link>
        </p>
      )}
      <ErrorBanner result={result} forbidden={m.forbidden} />
      <FacilityFields m={m} values={state.values} errors={fieldErrors(result)} officeFields />
      <div className="sm:col-span-2">
        <button className="btn-primary w-full sm:w-auto" type="submit" disabled={pending}>
          {pending ? m.t.creating : m.t.create}
        </button>
      </div>
    </form>
  );
}

/** Facility admins edit their own facility; the network office also changes code, role and status. */
export function EditFacilityForm({
  m,
  facilityId,
  facility,
  officeFields,
}: {
  m: FacilityFormMessages;
  facilityId: string;
  facility: FacilityValues;
  officeFields: boolean;
}) {
  const [state, formAction, pending] = useActionState(
    async (previous: FormState<null>, form: FormData): Promise<FormState<null>> => {
      const result = await updateFacilityAction(form);
      return { result, values: valuesOf(form), attempt: previous.attempt + 1 };
    },
    { result: null, values: {}, attempt: 0 },
  );
  const { result } = state;
  const saved: Partial<Record<keyof FacilityValues, string>> = {
    ...facility,
    bedCount: String(facility.bedCount),
    active: String(facility.active),
  };
  return (
    <form
      key={state.attempt}
      action={formAction}
      className="grid gap-4 sm:grid-cols-2"
      aria-label={m.t.editTitle}
    >
      <input type="hidden" name="facilityId" value={facilityId} />
      {result?.ok && (
        <p role="status" className="rounded-md bg-brand-50 p-3 text-sm text-brand-800 sm:col-span-2">
          {m.t.saved}
        </p>
      )}
      <ErrorBanner result={result} forbidden={m.forbidden} />
      <FacilityFields
        m={m}
        values={{ ...saved, ...state.values }}
        errors={fieldErrors(result)}
        officeFields={officeFields}
      />
      <div className="sm:col-span-2">
        <button className="btn-primary w-full sm:w-auto" type="submit" disabled={pending}>
          {pending ? m.t.saving : m.save}
        </button>
      </div>
    </form>
  );
}
