"use client";

import { DiagnosesField, MedicationsField } from "@/app/ui/clinical-list-fields";
import { Field } from "@/app/ui/field";
import {
  ADL_ITEMS,
  ADL_LEVELS,
  FOLLOW_UP_METHODS,
  MEDICAL_CARE_ITEMS,
  RECOMMENDED_SERVICES,
  type AdlLevel,
  type DischargeInformationContent,
  type FollowUpMethod,
  type MedicalCareItem,
} from "@/server/model/care-documents/discharge-information";
import type { KindFormProps } from "./kind-parts";
import { CheckboxGroup, TextAreaField, TextInputField, fieldError } from "./home-nursing-fields";

type Content = DischargeInformationContent;
type TextKey =
  | "hospitalCourse"
  | "prognosis"
  | "adlNote"
  | "cognition"
  | "medicationManagement"
  | "patientUnderstanding"
  | "patientWishes"
  | "familyUnderstanding"
  | "familyWishes"
  | "servicesNote"
  | "precautions";

/**
 * 退院・退所情報記録書, in the national example form's order: the stay and its
 * links (the patient's discharge summary, the pre-discharge conference held),
 * diagnoses and course, medical care at home (a checkbox each, its details
 * beside it), follow-up, ADL (a choice per item), cognition, medicines, what
 * the patient and family understand and wish, the services the hospital
 * recommends, precautions, whom to call.
 */
export function DischargeInformationForm({
  content,
  onChange,
  errors,
  labels,
  choices,
}: KindFormProps<Content>) {
  const D = labels.dischargeInformation;
  const L = D.labels;
  const set = <K extends keyof Content>(key: K, value: Content[K]) => onChange({ ...content, [key]: value });
  const text = (key: TextKey, max: number, rows = 3) => (
    <TextAreaField
      id={`care-${key}`}
      label={L[key]}
      value={content[key]}
      onChange={(v) => set(key, v)}
      errors={errors}
      path={key}
      rows={rows}
      max={max}
    />
  );
  const careOf = (item: MedicalCareItem) => content.medicalCare.find((m) => m.item === item);
  const toggleCare = (item: MedicalCareItem, on: boolean) =>
    set(
      "medicalCare",
      MEDICAL_CARE_ITEMS.filter((i) => (i === item ? on : !!careOf(i))).map(
        (i) => careOf(i) ?? { item: i, note: "" },
      ),
    );
  const listLabels = { ...D, addRow: labels.editor.addRow, removeRow: labels.editor.removeRow };
  const summaryError = fieldError(errors, "summaryId");
  const conferenceError = fieldError(errors, "conferenceId");

  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3">
        <TextInputField
          id="care-admissionDate"
          label={L.admissionDate}
          type="date"
          value={content.admissionDate ?? ""}
          onChange={(v) => set("admissionDate", v || undefined)}
          errors={errors}
          path="admissionDate"
        />
        <TextInputField
          id="care-dischargeDate"
          label={L.dischargeDate}
          type="date"
          value={content.dischargeDate ?? ""}
          onChange={(v) => set("dischargeDate", v || undefined)}
          errors={errors}
          path="dischargeDate"
        />
      </div>
      <Field
        id="care-summaryId"
        label={L.summaryId}
        error={summaryError}
        hint={choices.summaries.length === 0 ? D.noSummaries : undefined}
      >
        <select
          className="input"
          id="care-summaryId"
          value={content.summaryId ?? ""}
          aria-invalid={summaryError ? true : undefined}
          onChange={(ev) => set("summaryId", ev.target.value || null)}
        >
          <option value="">{D.chooseSummary}</option>
          {choices.summaries.map((s) => (
            <option key={s.id} value={s.id}>
              {[s.documentNumber, s.department, s.sentAt?.slice(0, 10)].filter(Boolean).join(" ・ ")}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="care-conferenceId"
        label={L.conferenceId}
        error={conferenceError}
        hint={choices.conferences.length === 0 ? D.noConferences : undefined}
      >
        <select
          className="input"
          id="care-conferenceId"
          value={content.conferenceId ?? ""}
          aria-invalid={conferenceError ? true : undefined}
          onChange={(ev) => set("conferenceId", ev.target.value || null)}
        >
          <option value="">{D.chooseConference}</option>
          {choices.conferences.map((c) => (
            <option key={c.id} value={c.id}>
              {[c.title, c.at?.slice(0, 10)].filter(Boolean).join(" ・ ")}
            </option>
          ))}
        </select>
      </Field>
      <DiagnosesField
        idPrefix="care"
        path="content.diagnoses"
        legend={L.diagnoses}
        rows={content.diagnoses}
        onChange={(rows) => set("diagnoses", rows)}
        labels={listLabels}
        errors={errors}
      />
      {text("hospitalCourse", 4000, 5)}
      {text("prognosis", 2000)}
      <fieldset className="space-y-1" data-field="care-medicalCare">
        <legend className="label">{L.medicalCare}</legend>
        {MEDICAL_CARE_ITEMS.map((item) => {
          const care = careOf(item);
          const at = content.medicalCare.findIndex((m) => m.item === item);
          return (
            <div key={item}>
              <label className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  className="size-5"
                  id={`care-medicalCare-${item}`}
                  checked={!!care}
                  onChange={(ev) => toggleCare(item, ev.target.checked)}
                />
                {D.medicalCare[item]}
              </label>
              {care && (
                <input
                  className="input mb-2"
                  id={`care-medicalCare-${item}-note`}
                  aria-label={`${D.medicalCare[item]}: ${D.medicalCareNote}`}
                  placeholder={D.medicalCareNote}
                  maxLength={200}
                  value={care.note}
                  onChange={(ev) =>
                    set(
                      "medicalCare",
                      content.medicalCare.map((m) => (m.item === item ? { ...m, note: ev.target.value } : m)),
                    )
                  }
                />
              )}
              {at >= 0 && fieldError(errors, `medicalCare.${at}.note`) && (
                <p className="field-error">{fieldError(errors, `medicalCare.${at}.note`)}</p>
              )}
            </div>
          );
        })}
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            className="size-5"
            id="care-noMedicalCare"
            checked={content.noMedicalCare}
            onChange={(ev) => set("noMedicalCare", ev.target.checked)}
          />
          {L.noMedicalCare}
        </label>
        {(fieldError(errors, "medicalCare") ?? fieldError(errors, "noMedicalCare")) && (
          <p className="field-error">
            {fieldError(errors, "medicalCare") ?? fieldError(errors, "noMedicalCare")}
          </p>
        )}
      </fieldset>
      <fieldset className="grid grid-cols-2 gap-3">
        <legend className="label">{L.followUp}</legend>
        <TextInputField
          id="care-followUp-facility"
          label={D.followUpFacility}
          value={content.followUp.facility}
          onChange={(v) => set("followUp", { ...content.followUp, facility: v })}
          errors={errors}
          path="followUp.facility"
          max={200}
        />
        <Field
          id="care-followUp-method"
          label={D.followUpMethod}
          error={fieldError(errors, "followUp.method")}
        >
          <select
            className="input"
            id="care-followUp-method"
            value={content.followUp.method ?? ""}
            onChange={(ev) =>
              set("followUp", {
                ...content.followUp,
                method: (ev.target.value || null) as FollowUpMethod | null,
              })
            }
          >
            <option value="">{labels.editor.notChosen}</option>
            {FOLLOW_UP_METHODS.map((m) => (
              <option key={m} value={m}>
                {D.followUpMethods[m]}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <fieldset className="space-y-1" data-field="care-adl">
        <legend className="label">{L.adl}</legend>
        <p className="text-xs text-slate-500">{D.adlHelp}</p>
        <div className="grid grid-cols-2 gap-3">
          {ADL_ITEMS.map((item) => (
            <Field
              key={item}
              id={`care-adl-${item}`}
              label={D.adlItems[item]}
              error={fieldError(errors, `adl.${item}`)}
            >
              <select
                className="input"
                id={`care-adl-${item}`}
                value={content.adl[item] ?? ""}
                aria-invalid={fieldError(errors, `adl.${item}`) ? true : undefined}
                onChange={(ev) =>
                  set("adl", { ...content.adl, [item]: (ev.target.value || null) as AdlLevel | null })
                }
              >
                <option value="">{labels.editor.notChosen}</option>
                {ADL_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {D.adlLevels[level]}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </div>
      </fieldset>
      {text("adlNote", 1000, 2)}
      {text("cognition", 1000, 2)}
      <div className="space-y-2">
        <MedicationsField
          idPrefix="care"
          path="content.medications"
          legend={L.medications}
          rows={content.medications}
          onChange={(rows) => set("medications", rows)}
          labels={listLabels}
          errors={errors}
        />
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            className="size-5"
            id="care-noMedication"
            checked={content.noMedication}
            onChange={(ev) => set("noMedication", ev.target.checked)}
          />
          {L.noMedication}
        </label>
        {fieldError(errors, "noMedication") && (
          <p className="field-error">{fieldError(errors, "noMedication")}</p>
        )}
      </div>
      {text("medicationManagement", 500, 2)}
      <Field id="care-diagnosisDisclosed" label={L.diagnosisDisclosed}>
        <select
          className="input"
          id="care-diagnosisDisclosed"
          value={content.diagnosisDisclosed === null ? "" : content.diagnosisDisclosed ? "yes" : "no"}
          onChange={(ev) =>
            set("diagnosisDisclosed", ev.target.value === "" ? null : ev.target.value === "yes")
          }
        >
          <option value="">{labels.homeNursing.notAnswered}</option>
          <option value="yes">{labels.homeNursing.yes}</option>
          <option value="no">{labels.homeNursing.no}</option>
        </select>
      </Field>
      {text("patientUnderstanding", 1000, 2)}
      {text("patientWishes", 1000, 2)}
      {text("familyUnderstanding", 1000, 2)}
      {text("familyWishes", 1000, 2)}
      <CheckboxGroup
        id="care-recommendedServices"
        legend={L.recommendedServices}
        values={RECOMMENDED_SERVICES}
        chosen={content.recommendedServices}
        onChange={(v) => set("recommendedServices", v)}
        label={(v) => D.services[v]}
        error={fieldError(errors, "recommendedServices")}
      />
      {text("servicesNote", 1000, 2)}
      {text("precautions", 1000, 2)}
      <fieldset className="space-y-2">
        <legend className="label">{L.contact}</legend>
        <TextInputField
          id="care-contact-department"
          label={D.contactDepartment}
          value={content.contact.department}
          onChange={(v) => set("contact", { ...content.contact, department: v })}
          errors={errors}
          path="contact.department"
          max={100}
        />
        <div className="grid grid-cols-2 gap-3">
          <TextInputField
            id="care-contact-name"
            label={D.contactName}
            value={content.contact.name}
            onChange={(v) => set("contact", { ...content.contact, name: v })}
            errors={errors}
            path="contact.name"
            max={100}
          />
          <TextInputField
            id="care-contact-phone"
            label={D.contactPhone}
            type="tel"
            inputMode="tel"
            value={content.contact.phone}
            onChange={(v) => set("contact", { ...content.contact, phone: v })}
            errors={errors}
            path="contact.phone"
            max={40}
          />
        </div>
      </fieldset>
    </div>
  );
}
