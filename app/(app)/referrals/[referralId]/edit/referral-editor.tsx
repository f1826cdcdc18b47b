"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { ReferralLetterContent } from "@/server/model/referral-letter";
import type { ReferralDestinationOption } from "@/server/domain/referrals/referral-destination";
import {
  AutosaveNotices,
  AutosaveStatus,
  useAutosave,
  useSendDraft,
  type AutosaveLabels,
} from "@/app/ui/autosave";
import { DestinationPicker, type DestinationLabels } from "../../destination-picker";
import {
  AllergiesField,
  DiagnosesField,
  MedicationsField,
  TestResultsField,
} from "@/app/ui/clinical-list-fields";
import { cancelDraftAction, saveReferralDraftAction, sendReferralAction } from "./actions";

/** Everything autosave sends besides the id and version. */
export interface DraftFields {
  destinationFacilityId: string;
  destinationDepartmentId: string;
  destinationPractitionerId: string | null;
  priority: "routine" | "urgent";
  /** "" for none */
  requestedBy: string;
  referrerDepartment: string;
  content: ReferralLetterContent;
}

export interface EditorLabels {
  letter: {
    purpose: string;
    diagnoses: string;
    diagnosisName: string;
    icd10: string;
    certainty: string;
    confirmed: string;
    suspected: string;
    chiefComplaint: string;
    presentIllness: string;
    pastHistory: string;
    familyHistory: string;
    medications: string;
    medicationName: string;
    dosage: string;
    allergies: string;
    substance: string;
    reaction: string;
    noKnownAllergies: string;
    infections: string;
    testResults: string;
    testName: string;
    testValue: string;
    testUnit: string;
    observedOn: string;
    testResultsNote: string;
    courseOfTreatment: string;
    remarks: string;
    addRow: string;
    removeRow: string;
  };
  editor: AutosaveLabels & {
    send: string;
    sending: string;
    sendInvalid: string;
    cancelDraft: string;
    cancelDraftConfirm: string;
    /** the question before sending; {to} is the destination */
    sendConfirm: string;
  };
  destination: DestinationLabels;
  priority: string;
  priorities: { routine: string; urgent: string };
  requestedBy: string;
  referrerDepartment: string;
}

/** The sections that are plain text. */
type TextKey = {
  [K in keyof ReferralLetterContent]: ReferralLetterContent[K] extends string ? K : never;
}[keyof ReferralLetterContent];

const toInput = (referralId: string, version: number, d: DraftFields) => ({
  referralId,
  version,
  ...d,
  requestedBy: d.requestedBy || null,
});

/**
 * The letter form, autosaved (app/ui/autosave.tsx): locally at once, to the
 * server after a short pause with the version it was based on.
 */
export function ReferralEditor({
  referralId,
  initialVersion,
  serverUpdatedAt,
  initialDraft,
  destinations,
  kindLabels,
  locale,
  labels,
  consentPanel,
  children,
}: {
  referralId: string;
  initialVersion: number;
  serverUpdatedAt: string;
  initialDraft: DraftFields;
  destinations: ReferralDestinationOption[];
  kindLabels: Record<string, string>;
  locale: "ja" | "en";
  labels: EditorLabels;
  /** shown under the send button after a send was refused for consent (連携先追加 forms) */
  consentPanel?: ReactNode;
  /** the attachments panel, between the letter and the send button */
  children?: ReactNode;
}) {
  const router = useRouter();
  const autosave = useAutosave<DraftFields>({
    storageKey: `okinet.referral-draft:${referralId}`,
    initialVersion,
    serverUpdatedAt,
    initialDraft,
    saveDraft: (version, draft) => saveReferralDraftAction(toInput(referralId, version, draft)),
  });
  const { draft, update, errors, saveState } = autosave;
  const { sendDraft, sending, sendError, setSendError } = useSendDraft(autosave, {
    send: (version) => sendReferralAction({ referralId, version }),
    confirm: () => {
      const now = autosave.current();
      const facility = destinations.find((f) => f.id === now.destinationFacilityId);
      const department = facility?.departments.find((d) => d.id === now.destinationDepartmentId);
      return facility
        ? labels.editor.sendConfirm.replace("{to}", `${facility.name} ${department?.name ?? ""}`.trim())
        : null;
    },
    onSent: () => router.push(`/referrals/${referralId}?sent=1`),
    // the page renders the consent forms (連携先追加) for the destination the server holds
    onConsentRequired: () =>
      router.replace(`/referrals/${referralId}/edit?consent=required`, { scroll: false }),
    labels: labels.editor,
  });

  const setContent = <K extends keyof ReferralLetterContent>(key: K, value: ReferralLetterContent[K]) =>
    update({ ...autosave.current(), content: { ...autosave.current().content, [key]: value } });

  const cancelDraft = async () => {
    if (!window.confirm(labels.editor.cancelDraftConfirm)) return;
    await autosave.flush();
    const result = await cancelDraftAction({ referralId, version: autosave.version() });
    if (result.ok) {
      autosave.clearLocal();
      router.push("/referrals?tab=outbox");
    } else if (result.error.code === "CONFLICT") {
      autosave.stop();
    } else setSendError(result.error.message);
  };

  const e = labels.editor;
  const l = labels.letter;
  const c = draft.content;
  const textArea = (key: TextKey, label: string, rows = 3, max = 2000) => (
    <div>
      <label className="label" htmlFor={`letter-${key}`}>
        {label}
      </label>
      <textarea
        className="input"
        id={`letter-${key}`}
        rows={rows}
        maxLength={max}
        value={c[key]}
        onChange={(ev) => setContent(key, ev.target.value)}
      />
      {errors[`content.${key}`] && <p className="field-error">{errors[`content.${key}`]}</p>}
    </div>
  );

  return (
    // disabled until hydrated (autosave.ready): see useAutosave
    <fieldset disabled={!autosave.ready} className="contents" data-testid="editor-fields">
      <div className="space-y-4">
        <AutosaveNotices autosave={autosave} labels={e} locale={locale} />

        <section className="card grid gap-4">
          <DestinationPicker
            idPrefix="letter"
            destinations={destinations}
            value={draft}
            onChange={(d) => update({ ...autosave.current(), ...d })}
            labels={labels.destination}
            kindLabels={kindLabels}
            errors={errors}
          />
          <div className="grid gap-4 sm:grid-cols-3">
            <div>
              <label className="label" htmlFor="letter-priority">
                {labels.priority}
              </label>
              <select
                className="input"
                id="letter-priority"
                value={draft.priority}
                onChange={(ev) =>
                  update({
                    ...autosave.current(),
                    priority: ev.target.value === "urgent" ? "urgent" : "routine",
                  })
                }
              >
                <option value="routine">{labels.priorities.routine}</option>
                <option value="urgent">{labels.priorities.urgent}</option>
              </select>
            </div>
            <div>
              <label className="label" htmlFor="letter-requested-by">
                {labels.requestedBy}
              </label>
              <input
                className="input"
                type="date"
                id="letter-requested-by"
                value={draft.requestedBy}
                onChange={(ev) => update({ ...autosave.current(), requestedBy: ev.target.value })}
              />
              {errors.requestedBy && <p className="field-error">{errors.requestedBy}</p>}
            </div>
            <div>
              <label className="label" htmlFor="letter-referrer-department">
                {labels.referrerDepartment}
              </label>
              <input
                className="input"
                id="letter-referrer-department"
                maxLength={100}
                value={draft.referrerDepartment}
                onChange={(ev) => update({ ...autosave.current(), referrerDepartment: ev.target.value })}
              />
              {errors.referrerDepartment && <p className="field-error">{errors.referrerDepartment}</p>}
            </div>
          </div>
        </section>

        <section className="card grid gap-5" data-testid="letter-form">
          {textArea("purpose", l.purpose, 3)}
          <DiagnosesField
            idPrefix="letter"
            path="content.diagnoses"
            legend={l.diagnoses}
            rows={c.diagnoses}
            onChange={(rows) => setContent("diagnoses", rows)}
            labels={l}
            errors={errors}
          />
          {textArea("chiefComplaint", l.chiefComplaint, 2, 1000)}
          {textArea("presentIllness", l.presentIllness, 6, 8000)}
          {textArea("pastHistory", l.pastHistory, 3, 4000)}
          {textArea("familyHistory", l.familyHistory, 2)}
          <MedicationsField
            idPrefix="letter"
            path="content.medications"
            legend={l.medications}
            rows={c.medications}
            onChange={(rows) => setContent("medications", rows)}
            labels={l}
            errors={errors}
          />
          <div className="space-y-2">
            <AllergiesField
              idPrefix="letter"
              path="content.allergies"
              legend={l.allergies}
              rows={c.allergies}
              onChange={(rows) => setContent("allergies", rows)}
              labels={l}
              errors={errors}
            />
            <label className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                className="size-5"
                checked={c.noKnownAllergies}
                onChange={(ev) => setContent("noKnownAllergies", ev.target.checked)}
              />
              {l.noKnownAllergies}
            </label>
            {errors["content.noKnownAllergies"] && (
              <p className="field-error">{errors["content.noKnownAllergies"]}</p>
            )}
          </div>
          {textArea("infections", l.infections, 2, 1000)}
          <TestResultsField
            idPrefix="letter"
            path="content.testResults"
            legend={l.testResults}
            rows={c.testResults}
            onChange={(rows) => setContent("testResults", rows)}
            labels={l}
            errors={errors}
          />
          {textArea("testResultsNote", l.testResultsNote, 3, 4000)}
          {textArea("courseOfTreatment", l.courseOfTreatment, 5, 8000)}
          {textArea("remarks", l.remarks, 3)}
        </section>

        {children}

        <div className="sticky bottom-0 z-10 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur">
          <div className="flex flex-wrap items-center gap-3">
            <AutosaveStatus state={saveState} labels={e} locale={locale} />
            <button
              type="button"
              className="btn-secondary ml-auto"
              onClick={() => void cancelDraft()}
              disabled={sending}
            >
              {e.cancelDraft}
            </button>
            <button
              type="button"
              className="btn-primary"
              onClick={() => void sendDraft()}
              disabled={sending || saveState.kind === "conflict"}
            >
              {sending ? e.sending : e.send}
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
        {consentPanel}
      </div>
    </fieldset>
  );
}
