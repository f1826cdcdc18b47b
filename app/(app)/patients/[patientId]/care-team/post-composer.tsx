"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { draftsOf, newClientKey, saveDraft, sendDraft, type OutboxDraft } from "./outbox";

export interface ComposerMember {
  practitionerId: string;
  name: string;
  professionLabel: string;
}

export interface ComposerLabels {
  body: string;
  bodyPlaceholder: string;
  vitals: string;
  vitalFields: Record<VitalKey, string>;
  dailyLiving: string;
  meals: string;
  excretion: string;
  sleep: string;
  photos: string;
  photosHelp: string;
  takePhoto: string;
  mention: string;
  mentionProfession: string;
  needsReplyLabel: string;
  replyDue: string;
  send: string;
  sending: string;
  sent: string;
  queued: string;
  pendingDrafts: string;
  sendNow: string;
  reply: string;
  replyPlaceholder: string;
}

const VITALS = [
  { key: "systolic", unit: "mmHg", step: "1" },
  { key: "diastolic", unit: "mmHg", step: "1" },
  { key: "pulse", unit: "/分", step: "1" },
  { key: "spo2", unit: "%", step: "1" },
  { key: "temperature", unit: "℃", step: "0.1" },
  { key: "weight", unit: "kg", step: "0.1" },
] as const;
type VitalKey = (typeof VITALS)[number]["key"];

/** A number typed in a field, or the text itself (the server refuses it, naming the field). */
const numberOrText = (v: string) => {
  const n = Number(v.replace(",", "."));
  return Number.isFinite(n) ? n : v;
};

/**
 * Writing on the care team board, phone first: text, a vital-sign row, the
 * day's meals/excretion/sleep, photos from the camera, who to notify, a reply
 * flag. The draft goes to the device's outbox before it is sent, and stays
 * there until the server has it: a lost connection sends it when back.
 */
export function PostComposer({
  patientId,
  parentId = null,
  members = [],
  professions = [],
  labels,
}: {
  patientId: string;
  /** a reply under this post: text only */
  parentId?: string | null;
  members?: ComposerMember[];
  professions?: { value: string; label: string }[];
  labels: ComposerLabels;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, setState] = useState<"idle" | "sending" | "sent" | "queued">("idle");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const [photoCount, setPhotoCount] = useState(0);
  const flushing = useRef(false);
  const isReply = !!parentId;

  // the outbox of this patient: sent one at a time, by one flush at a time in this tab
  const flush = useCallback(async () => {
    if (isReply || flushing.current) return;
    flushing.current = true;
    try {
      const drafts = await draftsOf(patientId);
      let sent = 0;
      for (const draft of drafts) {
        const outcome = await sendDraft(draft);
        if (outcome.kind === "offline") break;
        sent += 1;
      }
      setPending((await draftsOf(patientId)).length);
      if (sent > 0) router.refresh();
    } catch {
      // no IndexedDB (private mode): nothing was queued
    } finally {
      flushing.current = false;
    }
  }, [isReply, patientId, router]);

  useEffect(() => {
    if (isReply) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- flush sets state only after awaiting IndexedDB, not during the effect: the rule sees the call, not the await
    void flush();
    const online = () => void flush();
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [flush, isReply]);

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : "";
    };
    const vitals: Record<string, number | string> = {};
    if (!isReply) {
      for (const v of VITALS) if (text(v.key).trim()) vitals[v.key] = numberOrText(text(v.key).trim());
    }
    const daily = isReply
      ? {}
      : Object.fromEntries(
          (["meals", "excretion", "sleep"] as const)
            .filter((k) => text(k).trim())
            .map((k) => [k, text(k).trim()]),
        );
    const due = text("replyDueAt");
    const needsReply = form.get("needsReply") === "on";
    const post = {
      parentId,
      body: text("body"),
      vitals: Object.keys(vitals).length ? vitals : null,
      dailyLiving: Object.keys(daily).length ? daily : null,
      needsReply,
      replyDueAt: needsReply && due ? `${due}:00+09:00` : null,
      mentionPractitionerIds: form.getAll("mention").filter((v) => typeof v === "string"),
      mentionProfessions: form.getAll("mentionProfession").filter((v) => typeof v === "string"),
    };
    const photos = form.getAll("photos").filter((f): f is File => f instanceof File && f.size > 0);
    const draft: OutboxDraft = { clientKey: newClientKey(), patientId, post, photos, createdAt: Date.now() };
    setState("sending");
    setErrors({});
    setMessage(null);
    let stored = false;
    try {
      await saveDraft(draft);
      stored = true;
    } catch {
      stored = false;
    }
    const outcome = await sendDraft(draft);
    if (outcome.kind === "sent") {
      setState("sent");
      formRef.current?.reset();
      setPhotoCount(0);
      router.refresh();
    } else if (outcome.kind === "offline") {
      if (stored) {
        setState("queued");
        formRef.current?.reset();
        setPhotoCount(0);
        setPending((n) => n + 1);
      } else {
        setState("idle");
        setMessage(labels.queued);
      }
    } else {
      setState("idle");
      setMessage(outcome.fields.length ? null : outcome.message);
      setErrors(Object.fromEntries(outcome.fields.map((f) => [f.field, f.message])));
    }
  };

  const fieldError = (name: string) =>
    errors[name] ? (
      <p className="mt-1 text-sm text-red-700" role="alert" data-testid={`error-${name}`}>
        {errors[name]}
      </p>
    ) : null;

  return (
    <form
      ref={formRef}
      onSubmit={(e) => void submit(e)}
      className="space-y-3"
      data-testid={isReply ? "reply-composer" : "post-composer"}
    >
      <div>
        <label className="sr-only" htmlFor={`body-${parentId ?? "new"}`}>
          {labels.body}
        </label>
        <textarea
          id={`body-${parentId ?? "new"}`}
          name="body"
          className="input min-h-20"
          rows={isReply ? 2 : 3}
          placeholder={isReply ? labels.replyPlaceholder : labels.bodyPlaceholder}
          data-testid={isReply ? "reply-body" : "post-body"}
        />
        {fieldError("body")}
      </div>
      {!isReply && (
        <>
          <fieldset>
            <legend className="mb-1 text-sm font-medium">{labels.vitals}</legend>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              {VITALS.map((v) => (
                <label key={v.key} className="block text-sm">
                  <span className="text-slate-600">
                    {labels.vitalFields[v.key]} <span className="text-xs">({v.unit})</span>
                  </span>
                  <input
                    name={v.key}
                    className="input"
                    inputMode="decimal"
                    step={v.step}
                    autoComplete="off"
                    data-testid={`vital-${v.key}`}
                  />
                  {fieldError(`vitals.${v.key}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <details>
            <summary className="cursor-pointer text-sm font-medium">{labels.dailyLiving}</summary>
            <div className="mt-2 grid gap-2">
              {(["meals", "excretion", "sleep"] as const).map((k) => (
                <label key={k} className="block text-sm">
                  <span className="text-slate-600">{labels[k]}</span>
                  <input name={k} className="input" data-testid={`daily-${k}`} />
                </label>
              ))}
            </div>
          </details>
          <div>
            <label className="btn-secondary inline-flex min-h-11 cursor-pointer items-center">
              {labels.takePhoto}
              {photoCount > 0 ? `（${photoCount}）` : ""}
              <input
                type="file"
                name="photos"
                accept="image/jpeg,image/png,image/webp"
                capture="environment"
                multiple
                className="sr-only"
                data-testid="post-photos"
                onChange={(e) => setPhotoCount(e.currentTarget.files?.length ?? 0)}
              />
            </label>
            <p className="mt-1 text-xs text-slate-500">{labels.photosHelp}</p>
            {Object.entries(errors)
              .filter(([k]) => k === "photos" || k.startsWith("photos."))
              .map(([k, m]) => (
                <p key={k} className="mt-1 text-sm text-red-700" role="alert" data-testid="error-photos">
                  {m}
                </p>
              ))}
          </div>
          {members.length > 0 && (
            <fieldset>
              <legend className="mb-1 text-sm font-medium">{labels.mention}</legend>
              <div className="flex flex-wrap gap-2">
                {members.map((m) => (
                  <label
                    key={m.practitionerId}
                    className="flex min-h-11 items-center gap-1 rounded-md border border-slate-200 px-2 text-sm"
                  >
                    <input
                      type="checkbox"
                      name="mention"
                      value={m.practitionerId}
                      data-testid="mention-member"
                    />
                    {m.name}（{m.professionLabel}）
                  </label>
                ))}
              </div>
              {professions.length > 0 && (
                <label className="mt-2 block text-sm">
                  <span className="text-slate-600">{labels.mentionProfession}</span>
                  <select
                    name="mentionProfession"
                    className="input"
                    multiple
                    size={Math.min(4, professions.length)}
                  >
                    {professions.map((p) => (
                      <option key={p.value} value={p.value}>
                        {p.label}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {fieldError("mentionPractitionerIds")}
            </fieldset>
          )}
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input type="checkbox" name="needsReply" data-testid="needs-reply" />
              {labels.needsReplyLabel}
            </label>
            <label className="text-sm">
              <span className="sr-only">{labels.replyDue}</span>
              <input type="datetime-local" name="replyDueAt" className="input" aria-label={labels.replyDue} />
            </label>
            {fieldError("replyDueAt")}
          </div>
        </>
      )}
      {message && (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
          {message}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button
          className="btn-primary min-h-11 min-w-24"
          disabled={state === "sending"}
          data-testid={isReply ? "reply-send" : "post-send"}
        >
          {state === "sending" ? labels.sending : isReply ? labels.reply : labels.send}
        </button>
        {state === "sent" && (
          <span role="status" className="text-sm text-green-700" data-testid="post-sent">
            {labels.sent}
          </span>
        )}
        {state === "queued" && (
          <span role="status" className="text-sm text-amber-800" data-testid="post-queued">
            {labels.queued}
          </span>
        )}
        {pending > 0 && (
          <span className="flex items-center gap-2 text-sm text-amber-800" data-testid="pending-drafts">
            {labels.pendingDrafts.replace("{n}", String(pending))}
            <button type="button" className="btn-secondary" onClick={() => void flush()}>
              {labels.sendNow}
            </button>
          </span>
        )}
      </div>
    </form>
  );
}
