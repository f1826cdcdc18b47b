"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { ConferencesMessages } from "@/app/i18n/messages/conferences";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { FormAlert } from "@/app/ui/form-alert";
import { createConferenceAction, searchDirectoryAction, type DirectoryEntry } from "./actions";

type Labels = Omit<ConferencesMessages, "kinds" | "statuses" | "roles" | "admissions"> & {
  kinds: ConferencesMessages["kinds"];
  professions: Record<string, string>;
};

export function NewConferenceForm({ t }: { t: Labels }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<DirectoryEntry[]>([]);
  const [invitees, setInvitees] = useState<DirectoryEntry[]>([]);
  const errors = fieldErrors(result);

  const search = () =>
    startTransition(async () => {
      const r = await searchDirectoryAction(query);
      if (r.ok) setFound(r.data);
      else setResult(r);
    });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" ? v : "";
    };
    startTransition(async () => {
      const r = await createConferenceAction({
        title: text("title"),
        kind: text("kind"),
        start: text("start"),
        end: text("end"),
        inviteeIds: invitees.map((i) => i.id),
        agenda: text("agenda"),
      });
      setResult(r);
      if (r.ok) router.push(`/conferences/${r.data.conferenceId}`);
    });
  };

  return (
    <form onSubmit={submit} className="card grid gap-4">
      <div>
        <label className="label" htmlFor="title">
          {t.subject}
        </label>
        <input className="input" id="title" name="title" required maxLength={200} />
        {errors.title && <p className="field-error">{errors.title}</p>}
      </div>
      <div>
        <label className="label" htmlFor="kind">
          {t.kind}
        </label>
        <select className="input" id="kind" name="kind" defaultValue="case_conference">
          {Object.entries(t.kinds).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor="start">
            {t.start}
          </label>
          <input className="input" id="start" name="start" type="datetime-local" />
          {errors.scheduledStart && <p className="field-error">{errors.scheduledStart}</p>}
        </div>
        <div>
          <label className="label" htmlFor="end">
            {t.end}
          </label>
          <input className="input" id="end" name="end" type="datetime-local" />
          {errors.scheduledEnd && <p className="field-error">{errors.scheduledEnd}</p>}
        </div>
        <p className="text-sm text-slate-600 sm:col-span-2">{t.adHocHelp}</p>
      </div>
      <fieldset>
        <legend className="label">{t.invitees}</legend>
        <ul className="mb-2 flex flex-wrap gap-2" data-testid="invitees">
          {invitees.map((i) => (
            <li key={i.id} className="badge gap-2 bg-brand-100 py-1 text-brand-800">
              {i.familyName} {i.givenName}（{i.facilityName}）
              <button
                type="button"
                className="underline"
                onClick={() => setInvitees(invitees.filter((x) => x.id !== i.id))}
              >
                {t.remove}
              </button>
            </li>
          ))}
        </ul>
        <div className="flex gap-2">
          <input
            className="input"
            aria-label={t.directorySearch}
            placeholder={t.directorySearch}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                search();
              }
            }}
          />
          <button
            type="button"
            className="btn-secondary shrink-0"
            onClick={search}
            disabled={pending || !query.trim()}
          >
            🔍
          </button>
        </div>
        <ul className="mt-2 divide-y divide-slate-100" data-testid="directory-results">
          {found
            .filter((f) => !invitees.some((i) => i.id === f.id))
            .map((f) => (
              <li key={f.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                <span>
                  {f.familyName} {f.givenName}{" "}
                  <span className="text-slate-500">
                    {t.professions[f.profession]}・{f.facilityName}（{f.loginId}）
                  </span>
                </span>
                <button
                  type="button"
                  className="btn-secondary min-h-9 px-3 py-1"
                  onClick={() => setInvitees([...invitees, f])}
                >
                  {t.add}
                </button>
              </li>
            ))}
        </ul>
        {errors.invitees && <p className="field-error">{errors.invitees}</p>}
      </fieldset>
      <div>
        <label className="label" htmlFor="agenda">
          {t.agenda}
        </label>
        <textarea className="input min-h-20 font-mono" id="agenda" name="agenda" />
        <p className="mt-1 text-sm text-slate-600">{t.agendaHelp}</p>
        {errors.agenda && <p className="field-error">{errors.agenda}</p>}
      </div>
      <FormAlert state={result} />
      <button className="btn-primary" disabled={pending}>
        {t.create}
      </button>
    </form>
  );
}
