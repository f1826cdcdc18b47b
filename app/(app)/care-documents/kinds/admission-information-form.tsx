"use client";

import { Field } from "@/app/ui/field";
import {
  ADL_LEVELS,
  ADMISSION_ADL_ITEMS,
  CARE_LEVELS,
  CARE_SERVICES,
  COGNITION_LEVELS,
  MEDICATION_MANAGERS,
  type AdmissionInformationContent,
  type FamilyMember,
  type UsedService,
} from "@/server/model/care-documents/admission-information";
import type { KindFormProps } from "./kind-parts";

type C = AdmissionInformationContent;
type TextKey = "adlNote" | "cognitionNote" | "medicationNote" | "patientWishes" | "familyWishes" | "notes";
type DayKey = "admissionDate" | "certificationStart" | "certificationEnd";

const NEW_SERVICE: UsedService = { service: "home_help", provider: "", frequency: "" };
const NEW_FAMILY_MEMBER: FamilyMember = {
  name: "",
  relationship: "",
  contact: "",
  livesTogether: false,
  keyPerson: false,
};

/**
 * 入院時情報提供書, phone first (one column, 44 px targets): the admission date
 * (its due date follows from it), the care level and its period, the services
 * used (a line each), the family with one key person, the five ADL items,
 * cognition, who manages the medicines, the wishes.
 */
export function AdmissionInformationForm({ content, onChange, errors, labels }: KindFormProps<C>) {
  const m = labels.admissionInformation;
  const L = m.labels;
  const set = <K extends keyof C>(key: K, value: C[K]) => onChange({ ...content, [key]: value });
  const err = (path: string) => errors[`content.${path}`];
  const invalid = (path: string) => (err(path) ? true : undefined);

  const dayInput = (key: DayKey) => (
    <Field id={`care-${key}`} label={L[key]} error={err(key)}>
      <input
        className="input"
        type="date"
        id={`care-${key}`}
        value={content[key]}
        aria-invalid={invalid(key)}
        onChange={(ev) => set(key, ev.target.value)}
      />
    </Field>
  );
  const textArea = (key: TextKey, max: number, rows = 3) => (
    <Field id={`care-${key}`} label={L[key]} error={err(key)}>
      <textarea
        className="input"
        id={`care-${key}`}
        rows={rows}
        maxLength={max}
        value={content[key]}
        aria-invalid={invalid(key)}
        onChange={(ev) => set(key, ev.target.value)}
      />
    </Field>
  );
  const select = <K extends "careLevel" | "cognitionLevel" | "medicationManager">(
    key: K,
    values: readonly NonNullable<C[K]>[],
    names: Record<NonNullable<C[K]>, string>,
  ) => (
    <Field id={`care-${key}`} label={L[key]} error={err(key)}>
      <select
        className="input"
        id={`care-${key}`}
        value={content[key] ?? ""}
        aria-invalid={invalid(key)}
        onChange={(ev) => set(key, (ev.target.value || null) as C[K])}
      >
        <option value="">{labels.editor.notChosen}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {names[v]}
          </option>
        ))}
      </select>
    </Field>
  );
  const service = (i: number, patch: Partial<UsedService>) =>
    set(
      "services",
      content.services.map((s, j) => (j === i ? { ...s, ...patch } : s)),
    );
  const member = (i: number, patch: Partial<FamilyMember>) =>
    set(
      "family",
      content.family.map((f, j) =>
        j === i ? { ...f, ...patch } : patch.keyPerson ? { ...f, keyPerson: false } : f,
      ),
    );

  return (
    <div className="space-y-4">
      {dayInput("admissionDate")}
      <fieldset className="space-y-2">
        <legend className="label">{L.careLevel}</legend>
        {select("careLevel", CARE_LEVELS, m.careLevels)}
        <div className="grid gap-2 sm:grid-cols-2">
          {dayInput("certificationStart")}
          {dayInput("certificationEnd")}
        </div>
      </fieldset>

      <fieldset className="space-y-2" data-field="care-services">
        <legend className="label">{L.services}</legend>
        {content.services.map((s, i) => (
          <div
            key={i}
            className="grid gap-2 rounded-md border border-slate-200 p-2 sm:grid-cols-3"
            data-testid="care-service-row"
          >
            <Field id={`care-service-${i}-service`} label={L.service} error={err(`services.${i}.service`)}>
              <select
                className="input"
                id={`care-service-${i}-service`}
                value={s.service}
                onChange={(ev) => service(i, { service: ev.target.value as UsedService["service"] })}
              >
                {CARE_SERVICES.map((v) => (
                  <option key={v} value={v}>
                    {m.services[v]}
                  </option>
                ))}
              </select>
            </Field>
            {(["provider", "frequency"] as const).map((key) => (
              <Field
                key={key}
                id={`care-service-${i}-${key}`}
                label={L[key]}
                error={err(`services.${i}.${key}`)}
              >
                <input
                  className="input"
                  id={`care-service-${i}-${key}`}
                  value={s[key]}
                  aria-invalid={invalid(`services.${i}.${key}`)}
                  onChange={(ev) => service(i, { [key]: ev.target.value })}
                />
              </Field>
            ))}
            <button
              type="button"
              className="btn-secondary sm:col-span-3"
              onClick={() =>
                set(
                  "services",
                  content.services.filter((_, j) => j !== i),
                )
              }
            >
              {labels.editor.removeRow}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn-secondary"
          data-testid="add-care-service"
          onClick={() => set("services", [...content.services, NEW_SERVICE])}
        >
          {m.addService}
        </button>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            id="care-noServices"
            checked={content.noServices}
            onChange={(ev) => set("noServices", ev.target.checked)}
          />
          {L.noServices}
        </label>
        {(err("services") ?? err("noServices")) && (
          <p className="field-error">{err("services") ?? err("noServices")}</p>
        )}
      </fieldset>

      <fieldset className="space-y-2" data-field="care-family">
        <legend className="label">{L.family}</legend>
        {content.family.map((f, i) => (
          <div
            key={i}
            className="grid gap-2 rounded-md border border-slate-200 p-2 sm:grid-cols-3"
            data-testid="care-family-row"
          >
            {(["name", "relationship", "contact"] as const).map((key) => (
              <Field
                key={key}
                id={`care-family-${i}-${key}`}
                label={L[key]}
                error={err(`family.${i}.${key}`)}
              >
                <input
                  className="input"
                  id={`care-family-${i}-${key}`}
                  type={key === "contact" ? "tel" : "text"}
                  value={f[key]}
                  aria-invalid={invalid(`family.${i}.${key}`)}
                  onChange={(ev) => member(i, { [key]: ev.target.value })}
                />
              </Field>
            ))}
            <label className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                id={`care-family-${i}-livesTogether`}
                checked={f.livesTogether}
                onChange={(ev) => member(i, { livesTogether: ev.target.checked })}
              />
              {L.livesTogether}
            </label>
            <div data-field={`care-family-${i}-keyPerson`}>
              <label className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  id={`care-family-${i}-keyPerson`}
                  checked={f.keyPerson}
                  onChange={(ev) => member(i, { keyPerson: ev.target.checked })}
                />
                {L.keyPerson}
              </label>
              {err(`family.${i}.keyPerson`) && <p className="field-error">{err(`family.${i}.keyPerson`)}</p>}
            </div>
            <button
              type="button"
              className="btn-secondary"
              onClick={() =>
                set(
                  "family",
                  content.family.filter((_, j) => j !== i),
                )
              }
            >
              {labels.editor.removeRow}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn-secondary"
          data-testid="add-care-family"
          onClick={() =>
            set("family", [
              ...content.family,
              { ...NEW_FAMILY_MEMBER, keyPerson: content.family.length === 0 },
            ])
          }
        >
          {m.addFamily}
        </button>
        {err("family") && <p className="field-error">{err("family")}</p>}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="label">{L.adl}</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {ADMISSION_ADL_ITEMS.map((item) => (
            <Field key={item} id={`care-adl-${item}`} label={m.adlItems[item]} error={err(`adl.${item}`)}>
              <select
                className="input"
                id={`care-adl-${item}`}
                value={content.adl[item] ?? ""}
                aria-invalid={invalid(`adl.${item}`)}
                onChange={(ev) =>
                  set("adl", {
                    ...content.adl,
                    [item]: (ev.target.value || null) as C["adl"][typeof item],
                  })
                }
              >
                <option value="">{labels.editor.notChosen}</option>
                {ADL_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {m.adlLevels[level]}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </div>
      </fieldset>
      {textArea("adlNote", 1000)}
      {select("cognitionLevel", COGNITION_LEVELS, m.cognitionLevels)}
      {textArea("cognitionNote", 1000)}
      {select("medicationManager", MEDICATION_MANAGERS, m.medicationManagers)}
      {textArea("medicationNote", 500, 2)}
      {textArea("patientWishes", 1000)}
      {textArea("familyWishes", 1000)}
      {textArea("notes", 2000)}
    </div>
  );
}
