"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { ReferralLetterContent } from "@/server/domain/referrals/referral-letter.schema";
import type { ReferralDestinationOption } from "@/server/domain/referrals/referral-destination";
import { fieldErrors, type FieldErrors } from "@/app/lib/action-result";
import { DestinationPicker, type DestinationLabels } from "../../destination-picker";
import { AllergiesField, DiagnosesField, MedicationsField, TestResultsField } from "../../letter-fields";
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
  editor: {
    saved: string;
    saving: string;
    unsaved: string;
    offline: string;
    invalid: string;
    failed: string;
    conflict: string;
    reloadLatest: string;
    restoreOffer: string;
    restoreOlderBase: string;
    restore: string;
    discard: string;
    send: string;
    sending: string;
    sendInvalid: string;
    cancelDraft: string;
    cancelDraftConfirm: string;
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

type SaveState =
  | { kind: "saved"; at: string }
  | { kind: "unsaved" | "saving" | "offline" | "invalid" | "conflict" }
  | { kind: "failed"; message: string };

interface LocalCopy {
  referralId: string;
  baseVersion: number;
  editedAt: number;
  draft: DraftFields;
}

const AUTOSAVE_DELAY_MS = 1200;
const RETRY_DELAY_MS = 5000;
const PREFIX = "okinet.referral-draft:";

/** JSON with sorted keys: the database (jsonb) does not keep key order, the comparison must not care. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Which tab wrote a local copy: kept in sessionStorage, so a reloaded tab finds its own. */
function tabId(): string {
  try {
    let id = sessionStorage.getItem("okinet.tab");
    if (!id) {
      id = Math.random().toString(36).slice(2, 10);
      sessionStorage.setItem("okinet.tab", id);
    }
    return id;
  } catch {
    return "tab";
  }
}

function localCopies(referralId: string): { key: string; copy: LocalCopy }[] {
  const found: { key: string; copy: LocalCopy }[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(`${PREFIX}${referralId}:`)) continue;
      try {
        const copy = JSON.parse(localStorage.getItem(key) ?? "") as LocalCopy;
        if (copy?.draft?.content) found.push({ key, copy });
      } catch {
        localStorage.removeItem(key);
      }
    }
  } catch {
    // storage disabled: nothing kept locally
  }
  return found;
}

const toInput = (referralId: string, version: number, d: DraftFields) => ({
  referralId,
  version,
  ...d,
  requestedBy: d.requestedBy || null,
});

/**
 * The letter form. Every change goes to localStorage at once (keyed by the
 * referral, the version it was based on and the tab) and to the server after a
 * short pause, with the version it was based on: a stale version stops autosave
 * with a message instead of overwriting someone else's work.
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
  const [draft, setDraft] = useState<DraftFields>(initialDraft);
  const [saveState, setSaveState] = useState<SaveState>({ kind: "saved", at: serverUpdatedAt });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [restore, setRestore] = useState<{ key: string; copy: LocalCopy } | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const versionRef = useRef(initialVersion);
  const draftRef = useRef(initialDraft);
  const savedJsonRef = useRef(stableJson(initialDraft));
  const inFlightRef = useRef<Promise<void> | null>(null);
  const timerRef = useRef<number | undefined>(undefined);
  const stoppedRef = useRef(false);
  const tabRef = useRef("tab");

  const ownKey = () => `${PREFIX}${referralId}:v${versionRef.current}:${tabRef.current}`;
  const clearLocal = () => {
    for (const { key } of localCopies(referralId))
      if (key.endsWith(`:${tabRef.current}`)) localStorage.removeItem(key);
  };
  const writeLocal = () => {
    try {
      clearLocal();
      const copy: LocalCopy = {
        referralId,
        baseVersion: versionRef.current,
        editedAt: Date.now(),
        draft: draftRef.current,
      };
      localStorage.setItem(ownKey(), JSON.stringify(copy));
    } catch {
      // storage full or disabled: the server copy is all there is
    }
  };
  const schedule = (ms: number) => {
    window.clearTimeout(timerRef.current);
    timerRef.current = window.setTimeout(() => void save(), ms);
  };

  async function save(): Promise<void> {
    while (inFlightRef.current) await inFlightRef.current;
    window.clearTimeout(timerRef.current);
    if (stoppedRef.current) return;
    const sending = draftRef.current;
    const json = stableJson(sending);
    if (json === savedJsonRef.current) {
      clearLocal();
      setSaveState((s) => (s.kind === "saved" ? s : { kind: "saved", at: new Date().toISOString() }));
      return;
    }
    const run = (async () => {
      setSaveState({ kind: "saving" });
      let result: Awaited<ReturnType<typeof saveReferralDraftAction>>;
      try {
        result = await saveReferralDraftAction(toInput(referralId, versionRef.current, sending));
      } catch {
        // no answer (network down, server gone): the local copy keeps everything; try again later
        setSaveState({ kind: "offline" });
        schedule(RETRY_DELAY_MS);
        return;
      }
      if (result.ok) {
        versionRef.current = result.data.version;
        savedJsonRef.current = json;
        setErrors({});
        if (stableJson(draftRef.current) === json) {
          clearLocal();
          setSaveState({ kind: "saved", at: result.data.savedAt });
        } else {
          writeLocal();
          setSaveState({ kind: "unsaved" });
          schedule(AUTOSAVE_DELAY_MS);
        }
      } else if (result.error.code === "CONFLICT" || result.error.code === "INVALID_TRANSITION") {
        stoppedRef.current = true;
        setSaveState({ kind: "conflict" });
      } else if (result.error.code === "VALIDATION") {
        setErrors(fieldErrors(result));
        setSaveState({ kind: "invalid" });
      } else {
        setSaveState({ kind: "failed", message: result.error.message });
      }
    })();
    inFlightRef.current = run;
    try {
      await run;
    } finally {
      inFlightRef.current = null;
    }
  }

  const update = (next: DraftFields) => {
    draftRef.current = next;
    setDraft(next);
    writeLocal();
    if (stoppedRef.current) return;
    setSaveState((s) => (s.kind === "offline" ? s : { kind: "unsaved" }));
    schedule(AUTOSAVE_DELAY_MS);
  };
  const setContent = <K extends keyof ReferralLetterContent>(key: K, value: ReferralLetterContent[K]) =>
    update({ ...draftRef.current, content: { ...draftRef.current.content, [key]: value } });

  // On load: a local copy newer than the server's version is offered back, never applied silently.
  useEffect(() => {
    tabRef.current = tabId();
    const serverJson = savedJsonRef.current;
    const serverTime = Date.parse(serverUpdatedAt);
    let newest: { key: string; copy: LocalCopy } | null = null;
    for (const found of localCopies(referralId)) {
      const { copy } = found;
      const differs = stableJson(copy.draft) !== serverJson;
      const newer = copy.baseVersion >= initialVersion || copy.editedAt > serverTime;
      if (!differs || !newer) {
        localStorage.removeItem(found.key); // superseded by what the server holds
        continue;
      }
      if (!newest || copy.editedAt > newest.copy.editedAt) newest = found;
    }
    setRestore(newest);
    const online = () => void save();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      window.clearTimeout(timerRef.current);
    };
    // once per mounted editor: the props it reads are the page's first render
  }, []);

  const send = async () => {
    setSendError(null);
    await save();
    if (stoppedRef.current) return;
    if (stableJson(draftRef.current) !== savedJsonRef.current) {
      setSendError(labels.editor.invalid);
      return;
    }
    setSending(true);
    let result: Awaited<ReturnType<typeof sendReferralAction>>;
    try {
      result = await sendReferralAction({ referralId, version: versionRef.current });
    } catch {
      setSending(false);
      setSaveState({ kind: "offline" });
      return;
    }
    if (result.ok) {
      clearLocal();
      router.push(`/referrals/${referralId}`);
      return;
    }
    setSending(false);
    const code = result.error.code;
    if (code === "CONFLICT" || code === "INVALID_TRANSITION") {
      stoppedRef.current = true;
      setSaveState({ kind: "conflict" });
    } else if (code === "CONSENT_REQUIRED") {
      setErrors(fieldErrors(result));
      setSendError(result.error.message);
      // the page renders the consent forms (連携先追加) for the destination the server holds
      router.replace(`/referrals/${referralId}/edit?consent=required`, { scroll: false });
    } else if (code === "VALIDATION") {
      setErrors(fieldErrors(result));
      setSendError(labels.editor.sendInvalid);
    } else {
      setSendError(result.error.message);
    }
  };

  const cancelDraft = async () => {
    if (!window.confirm(labels.editor.cancelDraftConfirm)) return;
    await save();
    const result = await cancelDraftAction({ referralId, version: versionRef.current });
    if (result.ok) {
      clearLocal();
      router.push("/referrals?tab=outbox");
    } else if (result.error.code === "CONFLICT") {
      stoppedRef.current = true;
      setSaveState({ kind: "conflict" });
    } else setSendError(result.error.message);
  };

  const e = labels.editor;
  const l = labels.letter;
  const c = draft.content;
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(locale === "ja" ? "ja-JP" : "en-GB", {
      timeZone: "Asia/Tokyo",
      hour: "2-digit",
      minute: "2-digit",
    });
  const statusText =
    saveState.kind === "saved"
      ? `${e.saved} ${time(saveState.at)}`
      : saveState.kind === "failed"
        ? `${e.failed}（${saveState.message}）`
        : saveState.kind === "conflict"
          ? ""
          : e[saveState.kind];

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
    <div className="space-y-4">
      {restore && (
        <div role="alert" className="card border-amber-300 bg-amber-50" data-testid="draft-restore">
          <p className="font-medium text-amber-950">
            {e.restoreOffer}（{time(new Date(restore.copy.editedAt).toISOString())}）
          </p>
          {restore.copy.baseVersion < initialVersion && (
            <p className="mt-1 text-sm text-amber-900">{e.restoreOlderBase}</p>
          )}
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-primary"
              onClick={() => {
                localStorage.removeItem(restore.key);
                setRestore(null);
                update(restore.copy.draft);
              }}
            >
              {e.restore}
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                localStorage.removeItem(restore.key);
                setRestore(null);
              }}
            >
              {e.discard}
            </button>
          </div>
        </div>
      )}
      {saveState.kind === "conflict" && (
        <div role="alert" className="card border-red-300 bg-red-50" data-testid="draft-conflict">
          <p className="text-red-900">{e.conflict}</p>
          <button type="button" className="btn-primary mt-3" onClick={() => window.location.reload()}>
            {e.reloadLatest}
          </button>
        </div>
      )}

      <section className="card grid gap-4">
        <DestinationPicker
          idPrefix="letter"
          destinations={destinations}
          value={draft}
          onChange={(d) => update({ ...draftRef.current, ...d })}
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
                update({ ...draftRef.current, priority: ev.target.value === "urgent" ? "urgent" : "routine" })
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
              onChange={(ev) => update({ ...draftRef.current, requestedBy: ev.target.value })}
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
              onChange={(ev) => update({ ...draftRef.current, referrerDepartment: ev.target.value })}
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
          <p
            role="status"
            aria-live="polite"
            className={`text-sm ${
              saveState.kind === "saved"
                ? "text-green-800"
                : saveState.kind === "invalid" || saveState.kind === "failed"
                  ? "text-red-700"
                  : "text-slate-700"
            }`}
            data-testid="autosave-status"
            data-state={saveState.kind}
          >
            {statusText}
          </p>
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
            onClick={() => void send()}
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
  );
}
