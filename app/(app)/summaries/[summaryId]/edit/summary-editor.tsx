"use client";

import { useRouter } from "next/navigation";
import type { DischargeDestination, DischargeSummaryContent } from "@/server/model/discharge-summary";
import type { FieldErrors } from "@/app/lib/action-result";
import {
  AutosaveNotices,
  AutosaveStatus,
  useAutosave,
  useSendDraft,
  type AutosaveLabels,
} from "@/app/ui/autosave";
import {
  AllergiesField,
  DiagnosesField,
  MedicationsField,
  ProceduresField,
  TestResultsField,
} from "@/app/ui/clinical-list-fields";
import { FacilityChecklist, type FacilityOption } from "@/app/ui/facility-checklist";
import { Field } from "@/app/ui/field";
import { lengthOfStay } from "../../length-of-stay";
import { discardSummaryAmendmentAction } from "../actions";
import { saveSummaryDraftAction, sendSummaryAction } from "./actions";

export interface SummaryRecipientChoice {
  facilityId: string;
  /** the named person (the referring GP); null: the facility's desk */
  practitionerId: string | null;
}

/** Everything autosave sends besides the id and revision. */
export interface SummaryDraft {
  authorDepartment: string;
  recipients: SummaryRecipientChoice[];
  content: DischargeSummaryContent;
  amendmentNote: string;
}

/** A facility the summary may go to, as the checklist shows it. */
export interface RecipientLine extends FacilityOption {
  /** already received a version: stays a recipient */
  locked: boolean;
}

export interface SummaryEditorLabels {
  sections: {
    stay: string;
    admissionDate: string;
    dischargeDate: string;
    lengthOfStay: string;
    daysSuffix: string;
    diagnoses: string;
    reasonForAdmission: string;
    hospitalCourse: string;
    procedures: string;
    procedureName: string;
    performedOn: string;
    procedureNote: string;
    testResults: string;
    conditionAtDischarge: string;
    careNeeds: string;
    dischargeMedications: string;
    noDischargeMedication: string;
    medicationChanges: string;
    allergies: string;
    noKnownAllergies: string;
    followUpPlan: string;
    dischargeDestination: string;
    dischargeDestinationNote: string;
    remarks: string;
  };
  /** the list editors' column names (shared with the referral letter) */
  lists: {
    diagnosisName: string;
    icd10: string;
    certainty: string;
    confirmed: string;
    suspected: string;
    medicationName: string;
    dosage: string;
    substance: string;
    reaction: string;
    testName: string;
    testValue: string;
    testUnit: string;
    observedOn: string;
  };
  destinations: Record<DischargeDestination, string>;
  editor: AutosaveLabels & {
    department: string;
    choose: string;
    recipients: string;
    recipientsHelp: string;
    noOptions: string;
    amendmentNote: string;
    amendmentHelp: string;
    send: string;
    sendAmendment: string;
    sending: string;
    sendInvalid: string;
    addRow: string;
    removeRow: string;
    discardAmendment: string;
    discardAmendmentConfirm: string;
    /** the question before sending; {to} names the recipients */
    sendConfirm: string;
  };
}

/** The sections that are plain text. */
type TextKey = {
  [K in keyof DischargeSummaryContent]-?: DischargeSummaryContent[K] extends string ? K : never;
}[keyof DischargeSummaryContent];

/** The first field error under `prefix` (e.g. any `recipients.<i>.facilityId`). */
const errorUnder = (errors: FieldErrors, prefix: string) =>
  Object.entries(errors).find(([field]) => field === prefix || field.startsWith(`${prefix}.`))?.[1];

/**
 * The discharge summary form (退院時サマリ), autosaved like the referral letter
 * (app/ui/autosave.tsx). Sending saves first, then sends the working copy as the
 * next version; refusals land next to the fields they name.
 */
export function SummaryEditor({
  summaryId,
  amending,
  initialRevision,
  serverUpdatedAt,
  initialDraft,
  recipientLines,
  locale,
  labels,
}: {
  summaryId: string;
  amending: boolean;
  initialRevision: number;
  serverUpdatedAt: string;
  initialDraft: SummaryDraft;
  recipientLines: RecipientLine[];
  locale: "ja" | "en";
  labels: SummaryEditorLabels;
}) {
  const router = useRouter();
  const autosave = useAutosave<SummaryDraft>({
    storageKey: `okinet.summary-draft:${summaryId}`,
    initialVersion: initialRevision,
    serverUpdatedAt,
    initialDraft,
    saveDraft: (revision, draft) => saveSummaryDraftAction({ summaryId, revision, ...draft }),
  });
  const { draft, update, errors, saveState } = autosave;
  const { sendDraft, sending, sendError, setSendError } = useSendDraft(autosave, {
    send: (revision) => sendSummaryAction({ summaryId, revision }),
    confirm: () => {
      const chosen = new Set(autosave.current().recipients.map((r) => r.facilityId));
      const names = recipientLines.filter((f) => chosen.has(f.id)).map((f) => f.name);
      return names.length ? labels.editor.sendConfirm.replace("{to}", names.join("、")) : null;
    },
    onSent: () => router.push(`/summaries/${summaryId}?sent=1`),
    labels: labels.editor,
  });

  const setContent = <K extends keyof DischargeSummaryContent>(key: K, value: DischargeSummaryContent[K]) =>
    update({ ...autosave.current(), content: { ...autosave.current().content, [key]: value } });
  const toggleRecipient = (facilityId: string, checked: boolean) => {
    const now = autosave.current();
    const others = now.recipients.filter((r) => r.facilityId !== facilityId);
    const kept = now.recipients.find((r) => r.facilityId === facilityId);
    update({
      ...now,
      recipients: checked ? [...others, kept ?? { facilityId, practitionerId: null }] : others,
    });
  };

  const discardAmendment = async () => {
    if (!window.confirm(labels.editor.discardAmendmentConfirm)) return;
    await autosave.flush();
    const result = await discardSummaryAmendmentAction({ summaryId, revision: autosave.version() });
    if (result.ok) {
      autosave.clearLocal();
      router.push(`/summaries/${summaryId}`);
    } else if (result.error.code === "CONFLICT" || result.error.code === "INVALID_TRANSITION") {
      autosave.stop();
    } else setSendError(result.error.message);
  };

  const e = labels.editor;
  const s = labels.sections;
  const listLabels = { ...labels.lists, ...s, addRow: e.addRow, removeRow: e.removeRow };
  const c = draft.content;
  const stay = lengthOfStay(c.admissionDate, c.dischargeDate);

  const textArea = (key: TextKey, label: string, rows = 3, max = 2000) => (
    <Field id={`summary-${key}`} label={label} error={errors[`content.${key}`]}>
      <textarea
        className="input"
        id={`summary-${key}`}
        rows={rows}
        maxLength={max}
        value={c[key]}
        onChange={(ev) => setContent(key, ev.target.value)}
      />
    </Field>
  );
  const checkbox = (key: "noDischargeMedication" | "noKnownAllergies", label: string) => (
    <>
      <label className="flex min-h-11 items-center gap-2">
        <input
          type="checkbox"
          className="size-5"
          checked={c[key]}
          onChange={(ev) => setContent(key, ev.target.checked)}
        />
        {label}
      </label>
      {errors[`content.${key}`] && <p className="field-error">{errors[`content.${key}`]}</p>}
    </>
  );

  return (
    // disabled until hydrated (autosave.ready): see useAutosave
    <fieldset disabled={!autosave.ready} className="contents" data-testid="editor-fields">
      <div className="space-y-4">
        <AutosaveNotices autosave={autosave} labels={e} locale={locale} />

        <section className="card grid gap-4 sm:grid-cols-2">
          <Field id="summary-department" label={e.department} error={errors.authorDepartment}>
            <input
              className="input"
              id="summary-department"
              maxLength={100}
              value={draft.authorDepartment}
              onChange={(ev) => update({ ...autosave.current(), authorDepartment: ev.target.value })}
            />
          </Field>
          {amending && (
            <div className="sm:col-span-2">
              <Field id="summary-amendment-note" label={e.amendmentNote} error={errors.amendmentNote}>
                <textarea
                  className="input"
                  id="summary-amendment-note"
                  rows={2}
                  maxLength={1000}
                  value={draft.amendmentNote}
                  onChange={(ev) => update({ ...autosave.current(), amendmentNote: ev.target.value })}
                />
              </Field>
              <p className="mt-1 text-sm text-slate-600">{e.amendmentHelp}</p>
            </div>
          )}
        </section>

        <section className="card grid gap-5" data-testid="summary-form">
          <fieldset className="grid gap-3 sm:grid-cols-3">
            <legend className="label">{s.stay}</legend>
            <Field
              id="summary-admission-date"
              label={s.admissionDate}
              error={errors["content.admissionDate"]}
            >
              <input
                className="input"
                type="date"
                id="summary-admission-date"
                value={c.admissionDate ?? ""}
                onChange={(ev) => setContent("admissionDate", ev.target.value || undefined)}
              />
            </Field>
            <Field
              id="summary-discharge-date"
              label={s.dischargeDate}
              error={errors["content.dischargeDate"]}
            >
              <input
                className="input"
                type="date"
                id="summary-discharge-date"
                value={c.dischargeDate ?? ""}
                onChange={(ev) => setContent("dischargeDate", ev.target.value || undefined)}
              />
            </Field>
            <div>
              <p className="label">{s.lengthOfStay}</p>
              <p className="flex min-h-11 items-center text-lg font-semibold" data-testid="length-of-stay">
                {stay === null ? "—" : `${stay}${s.daysSuffix}`}
              </p>
            </div>
          </fieldset>
          <DiagnosesField
            idPrefix="summary"
            path="content.diagnoses"
            legend={s.diagnoses}
            rows={c.diagnoses}
            onChange={(rows) => setContent("diagnoses", rows)}
            labels={listLabels}
            errors={errors}
          />
          {textArea("reasonForAdmission", s.reasonForAdmission, 3, 2000)}
          {textArea("hospitalCourse", s.hospitalCourse, 8, 8000)}
          <ProceduresField
            idPrefix="summary"
            path="content.procedures"
            legend={s.procedures}
            rows={c.procedures}
            onChange={(rows) => setContent("procedures", rows)}
            labels={listLabels}
            errors={errors}
          />
          <TestResultsField
            idPrefix="summary"
            path="content.testResults"
            legend={s.testResults}
            rows={c.testResults}
            onChange={(rows) => setContent("testResults", rows)}
            labels={listLabels}
            errors={errors}
          />
          {textArea("conditionAtDischarge", s.conditionAtDischarge, 4, 4000)}
          {textArea("careNeeds", s.careNeeds, 4, 4000)}
          <div className="space-y-2">
            <MedicationsField
              idPrefix="summary"
              path="content.dischargeMedications"
              legend={s.dischargeMedications}
              rows={c.dischargeMedications}
              onChange={(rows) => setContent("dischargeMedications", rows)}
              labels={listLabels}
              errors={errors}
            />
            {checkbox("noDischargeMedication", s.noDischargeMedication)}
          </div>
          {textArea("medicationChanges", s.medicationChanges, 3, 2000)}
          <div className="space-y-2">
            <AllergiesField
              idPrefix="summary"
              path="content.allergies"
              legend={s.allergies}
              rows={c.allergies}
              onChange={(rows) => setContent("allergies", rows)}
              labels={listLabels}
              errors={errors}
            />
            {checkbox("noKnownAllergies", s.noKnownAllergies)}
          </div>
          {textArea("followUpPlan", s.followUpPlan, 4, 4000)}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              id="summary-destination"
              label={s.dischargeDestination}
              error={errors["content.dischargeDestination"]}
            >
              <select
                className="input"
                id="summary-destination"
                value={c.dischargeDestination ?? ""}
                onChange={(ev) =>
                  setContent(
                    "dischargeDestination",
                    (ev.target.value || undefined) as DischargeDestination | undefined,
                  )
                }
              >
                <option value="">{e.choose}</option>
                {Object.entries(labels.destinations).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id="summary-destination-note"
              label={s.dischargeDestinationNote}
              error={errors["content.dischargeDestinationNote"]}
            >
              <input
                className="input"
                id="summary-destination-note"
                maxLength={500}
                value={c.dischargeDestinationNote}
                onChange={(ev) => setContent("dischargeDestinationNote", ev.target.value)}
              />
            </Field>
          </div>
          {textArea("remarks", s.remarks, 3, 2000)}
        </section>

        <section className="card" data-testid="summary-recipients">
          {recipientLines.length === 0 ? (
            <>
              <p className="text-sm text-slate-700">{e.noOptions}</p>
              {errorUnder(errors, "recipients") && (
                <p className="field-error">{errorUnder(errors, "recipients")}</p>
              )}
            </>
          ) : (
            <FacilityChecklist
              legend={e.recipients}
              help={e.recipientsHelp}
              facilities={recipientLines}
              selectedIds={draft.recipients.map((r) => r.facilityId)}
              onToggle={toggleRecipient}
              error={errorUnder(errors, "recipients")}
            />
          )}
        </section>

        <div className="sticky bottom-0 z-10 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur">
          <div className="flex flex-wrap items-center gap-3">
            <AutosaveStatus state={saveState} labels={e} locale={locale} />
            {amending && (
              <button
                type="button"
                className="btn-secondary ml-auto"
                onClick={() => void discardAmendment()}
                disabled={sending}
              >
                {e.discardAmendment}
              </button>
            )}
            <button
              type="button"
              className={`btn-primary ${amending ? "" : "ml-auto"}`}
              onClick={() => void sendDraft()}
              disabled={sending || saveState.kind === "conflict"}
            >
              {sending ? e.sending : amending ? e.sendAmendment : e.send}
            </button>
          </div>
          {sendError && (
            <p
              role="alert"
              className="mt-2 rounded-md bg-red-50 p-2 text-sm text-red-800"
              data-testid="send-error"
            >
              {sendError}
            </p>
          )}
        </div>
      </div>
    </fieldset>
  );
}
