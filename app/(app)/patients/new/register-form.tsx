"use client";

import Link from "next/link";
import { fieldErrors } from "@/app/lib/action-result";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { Field, InputField } from "@/app/ui/field";
import { FormAlert } from "@/app/ui/form-alert";
import { useFormAction } from "@/app/ui/use-form-action";
import { FacilityChecklist, type FacilityOption } from "@/app/ui/facility-checklist";
import { registerPatientAction } from "./actions";

export interface RegisterLabels {
  title: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: string;
  sexes: Record<"male" | "female" | "other" | "unknown", string>;
  postalCode: string;
  address: string;
  phone: string;
  localId: string;
  obtainedOn: string;
  facilitiesToShare: string;
  signedDocument: string;
  note: string;
  submit: string;
  registered: string;
  open: string;
}

export function RegisterPatientForm({
  labels,
  facilities,
}: {
  labels: RegisterLabels;
  facilities: FacilityOption[];
}) {
  const { state, onSubmit, pending } = useFormAction(registerPatientAction);
  const e = fieldErrors(state);
  if (state?.ok) {
    return (
      <div className="card space-y-3" role="status">
        <p>
          {labels.registered}:{" "}
          <span className="font-mono" data-testid="new-regional-id">
            {state.data.regionalId}
          </span>
        </p>
        <Link className="btn-primary" href={`/patients/${state.data.patientId}`}>
          {labels.open}
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="card grid gap-4 sm:grid-cols-2">
      <InputField name="familyName" label={labels.familyName} error={e.familyName} required />
      <InputField name="givenName" label={labels.givenName} error={e.givenName} required />
      <InputField name="familyNameKana" label={labels.familyNameKana} error={e.familyNameKana} required />
      <InputField name="givenNameKana" label={labels.givenNameKana} error={e.givenNameKana} required />
      <InputField name="birthDate" label={labels.birthDate} type="date" error={e.birthDate} required />
      <Field id="sex" label={labels.sex} error={e.sex}>
        <select className="input" id="sex" name="sex" required defaultValue="">
          <option value="" disabled>
            —
          </option>
          {Object.entries(labels.sexes).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <InputField name="postalCode" label={labels.postalCode} error={e.postalCode} inputMode="numeric" />
      <InputField name="phone" label={labels.phone} error={e.phone} inputMode="tel" />
      <InputField name="address" label={labels.address} error={e.address} wide />
      <InputField name="localId" label={labels.localId} error={e.localId} required />
      <InputField
        name="obtainedOn"
        label={labels.obtainedOn}
        type="date"
        error={e.obtainedOn}
        defaultValue={tokyoDateKey()}
        required
      />
      <FacilityChecklist
        className="sm:col-span-2"
        legend={labels.facilitiesToShare}
        facilities={facilities}
        error={e.facilityIds}
      />
      <Field id="document" label={labels.signedDocument} error={e.document} wide>
        <input
          className="input"
          type="file"
          id="document"
          name="document"
          accept="application/pdf,image/jpeg,image/png"
          required
        />
      </Field>
      <InputField name="note" label={labels.note} wide />
      <div className="sm:col-span-2">
        <FormAlert state={state} />
      </div>
      <div className="sm:col-span-2">
        <button className="btn-primary" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
