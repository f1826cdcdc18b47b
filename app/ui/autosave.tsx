"use client";

import { useEffect, useEffectEvent, useRef, useState } from "react";
import { fieldErrors, type ActionResult, type FieldErrors } from "../lib/action-result";

/**
 * Autosave of a document being written (a referral letter, a discharge
 * summary). Every change goes to localStorage at once (keyed by the document,
 * the version it was based on and the tab) and to the server after a short
 * pause, with the version it was based on: a stale version stops autosave with
 * a message instead of overwriting someone else's work. After a reload, a local
 * copy newer than the server's is offered back, never applied silently.
 */

export type SaveState =
  | { kind: "saved"; at: string }
  | { kind: "unsaved" | "saving" | "offline" | "invalid" | "conflict" }
  | { kind: "failed"; message: string };

export interface AutosaveLabels {
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
}

interface LocalCopy<T> {
  baseVersion: number;
  editedAt: number;
  draft: T;
}

interface FoundCopy<T> {
  key: string;
  copy: LocalCopy<T>;
}

/** What the server answers to a save: the new version and when it was stored. */
export type DraftSaved = { version: number; savedAt: string };

const AUTOSAVE_DELAY_MS = 1200;
const RETRY_DELAY_MS = 5000;

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

function localCopies<T>(storageKey: string): FoundCopy<T>[] {
  const found: FoundCopy<T>[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(`${storageKey}:`)) continue;
      try {
        const copy = JSON.parse(localStorage.getItem(key) ?? "") as LocalCopy<T>;
        if (copy && typeof copy.draft === "object" && copy.draft !== null) found.push({ key, copy });
      } catch {
        localStorage.removeItem(key);
      }
    }
  } catch {
    // storage disabled: nothing kept locally
  }
  return found;
}

export function useAutosave<T>({
  storageKey,
  initialVersion,
  serverUpdatedAt,
  initialDraft,
  saveDraft,
}: {
  /** one document: `okinet.<kind>-draft:<id>` */
  storageKey: string;
  initialVersion: number;
  serverUpdatedAt: string;
  initialDraft: T;
  saveDraft: (version: number, draft: T) => Promise<ActionResult<DraftSaved>>;
}) {
  const [draft, setDraft] = useState<T>(initialDraft);
  const [saveState, setSaveState] = useState<SaveState>({ kind: "saved", at: serverUpdatedAt });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [restore, setRestore] = useState<FoundCopy<T> | null>(null);
  // false until hydrated: what is typed into the server-rendered fields before React takes
  // them over can land in the wrong place (the new text in front of the old), so the editors
  // keep their fields disabled until then
  const [ready, setReady] = useState(false);

  const versionRef = useRef(initialVersion);
  const draftRef = useRef(initialDraft);
  const savedJsonRef = useRef(stableJson(initialDraft));
  const inFlightRef = useRef<Promise<void> | null>(null);
  const timerRef = useRef<number | undefined>(undefined);
  const stoppedRef = useRef(false);
  const tabRef = useRef("tab");
  const saveDraftRef = useRef(saveDraft);
  useEffect(() => {
    saveDraftRef.current = saveDraft;
  });

  const ownKey = () => `${storageKey}:v${versionRef.current}:${tabRef.current}`;
  const clearLocal = () => {
    for (const { key } of localCopies(storageKey))
      if (key.endsWith(`:${tabRef.current}`)) localStorage.removeItem(key);
  };
  const writeLocal = () => {
    try {
      clearLocal();
      const copy: LocalCopy<T> = {
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
  /** Someone else changed the document (or it left the editable state): stop, overwrite nothing. */
  const stop = () => {
    stoppedRef.current = true;
    setSaveState({ kind: "conflict" });
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
      let result: ActionResult<DraftSaved>;
      try {
        result = await saveDraftRef.current(versionRef.current, sending);
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
        stop();
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

  const update = (next: T) => {
    draftRef.current = next;
    setDraft(next);
    writeLocal();
    if (stoppedRef.current) return;
    setSaveState((s) => (s.kind === "offline" ? s : { kind: "unsaved" }));
    schedule(AUTOSAVE_DELAY_MS);
  };

  // On load: a local copy newer than the server's version is offered back, never applied silently.
  // localStorage is there only in the browser: read once the editor is mounted (hydrated)
  const offerLocalCopy = useEffectEvent(() => {
    tabRef.current = tabId();
    const serverJson = savedJsonRef.current;
    const serverTime = Date.parse(serverUpdatedAt);
    let newest: FoundCopy<T> | null = null;
    for (const found of localCopies<T>(storageKey)) {
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
    setReady(true);
  });
  const saveNow = useEffectEvent(() => void save());
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- what localStorage holds is known only in the browser, after hydration: one render more, once per editor
    offerLocalCopy();
    const online = () => saveNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      window.clearTimeout(timerRef.current);
    };
  }, []);

  return {
    draft,
    /** the latest draft, also between renders (for handlers that run after an await) */
    current: () => draftRef.current,
    update,
    saveState,
    errors,
    setErrors,
    restore,
    initialVersion,
    /** hydrated: the fields may take input */
    ready,
    applyRestore: () => {
      if (!restore) return;
      localStorage.removeItem(restore.key);
      setRestore(null);
      update(restore.copy.draft);
    },
    dismissRestore: () => {
      if (!restore) return;
      localStorage.removeItem(restore.key);
      setRestore(null);
    },
    /**
     * Saves now and says whether the server holds exactly what is on screen
     * (`"saved"`), autosave stopped on a conflict (`"stopped"`), or the draft
     * could not be saved (`"unsaved"`: invalid, offline, failed).
     */
    flush: async (): Promise<"saved" | "stopped" | "unsaved"> => {
      await save();
      if (stoppedRef.current) return "stopped";
      return stableJson(draftRef.current) === savedJsonRef.current ? "saved" : "unsaved";
    },
    version: () => versionRef.current,
    stop,
    offline: () => setSaveState({ kind: "offline" }),
    clearLocal,
  };
}
export type Autosave<T> = ReturnType<typeof useAutosave<T>>;

/**
 * Sending an autosaved document: the pending draft is saved first (an invalid
 * or stale draft is not sent), then `send` runs with the version it was saved
 * as. A stale version or a state that moved on stops autosave; refused fields
 * are shown on the form and the refusal under the send button.
 */
export function useSendDraft<T, R>(
  autosave: Autosave<T>,
  {
    send,
    onSent,
    onConsentRequired,
    confirm,
    labels,
  }: {
    send: (version: number) => Promise<ActionResult<R>>;
    /**
     * The question asked once before a send, naming who receives it (送信先の確認);
     * null when there is nothing to name yet (the server then refuses on the field).
     */
    confirm?: () => string | null;
    /** after the local copy is cleared; navigates away */
    onSent: () => void;
    /** after the consent refusal is shown */
    onConsentRequired?: () => void;
    labels: { invalid: string; sendInvalid: string };
  },
) {
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const sendDraft = async () => {
    setSendError(null);
    const question = confirm?.();
    if (question && !window.confirm(question)) return;
    const flushed = await autosave.flush();
    if (flushed === "stopped") return;
    if (flushed === "unsaved") {
      setSendError(labels.invalid);
      return;
    }
    setSending(true);
    let result: ActionResult<R>;
    try {
      result = await send(autosave.version());
    } catch {
      setSending(false);
      autosave.offline();
      return;
    }
    if (result.ok) {
      autosave.clearLocal();
      onSent();
      return;
    }
    setSending(false);
    const code = result.error.code;
    if (code === "CONFLICT" || code === "INVALID_TRANSITION") {
      autosave.stop();
    } else if (code === "CONSENT_REQUIRED") {
      // the message names what the patient's consent does not cover
      autosave.setErrors(fieldErrors(result));
      setSendError(result.error.message);
      onConsentRequired?.();
    } else if (code === "VALIDATION") {
      autosave.setErrors(fieldErrors(result));
      setSendError(labels.sendInvalid);
    } else {
      setSendError(result.error.message);
    }
  };

  return { sendDraft, sending, sendError, setSendError };
}

const timeOf = (iso: string, locale: "ja" | "en") =>
  new Date(iso).toLocaleTimeString(locale === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo",
    hour: "2-digit",
    minute: "2-digit",
  });

/** The restore offer after a reload, and the stale-edit message with its reload button. */
export function AutosaveNotices<T>({
  autosave,
  labels,
  locale,
}: {
  autosave: Autosave<T>;
  labels: AutosaveLabels;
  locale: "ja" | "en";
}) {
  const { restore, saveState } = autosave;
  return (
    <>
      {restore && (
        <div role="alert" className="card border-amber-300 bg-amber-50" data-testid="draft-restore">
          <p className="font-medium text-amber-950">
            {labels.restoreOffer}（{timeOf(new Date(restore.copy.editedAt).toISOString(), locale)}）
          </p>
          {restore.copy.baseVersion < autosave.initialVersion && (
            <p className="mt-1 text-sm text-amber-900">{labels.restoreOlderBase}</p>
          )}
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className="btn-primary" onClick={autosave.applyRestore}>
              {labels.restore}
            </button>
            <button type="button" className="btn-secondary" onClick={autosave.dismissRestore}>
              {labels.discard}
            </button>
          </div>
        </div>
      )}
      {saveState.kind === "conflict" && (
        <div role="alert" className="card border-red-300 bg-red-50" data-testid="draft-conflict">
          <p className="text-red-900">{labels.conflict}</p>
          <button type="button" className="btn-primary mt-3" onClick={() => window.location.reload()}>
            {labels.reloadLatest}
          </button>
        </div>
      )}
    </>
  );
}

/** 保存しました HH:MM / 保存中… / オフライン…: where the draft is, read out politely. */
export function AutosaveStatus({
  state,
  labels,
  locale,
}: {
  state: SaveState;
  labels: AutosaveLabels;
  locale: "ja" | "en";
}) {
  const text =
    state.kind === "saved"
      ? `${labels.saved} ${timeOf(state.at, locale)}`
      : state.kind === "failed"
        ? `${labels.failed}（${state.message}）`
        : state.kind === "conflict"
          ? ""
          : labels[state.kind];
  return (
    <p
      role="status"
      aria-live="polite"
      className={`text-sm ${
        state.kind === "saved"
          ? "text-green-800"
          : state.kind === "invalid" || state.kind === "failed"
            ? "text-red-700"
            : "text-slate-700"
      }`}
      data-testid="autosave-status"
      data-state={state.kind}
    >
      {text}
    </p>
  );
}
