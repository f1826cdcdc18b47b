"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { ConferencesMessages } from "@/app/i18n/messages/conferences";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { FormAlert } from "@/app/ui/form-alert";
import { InviteePicker, type Invitee } from "@/app/ui/invitee-picker";
import { createConferenceAction } from "./actions";

type Labels = Omit<ConferencesMessages, "kinds" | "statuses" | "roles" | "admissions"> & {
  kinds: ConferencesMessages["kinds"];
  professions: Record<string, string>;
};

export function NewConferenceForm({ t }: { t: Labels }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [invitees, setInvitees] = useState<Invitee[]>([]);
  const errors = fieldErrors(result);

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
        lobbyPolicy: text("lobbyPolicy"),
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
      <div>
        <label className="label" htmlFor="lobbyPolicy">
          {t.lobbyPolicy}
        </label>
        <select className="input" id="lobbyPolicy" name="lobbyPolicy" defaultValue="everyone">
          {Object.entries(t.lobbyPolicies).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
        {errors.lobbyPolicy && <p className="field-error">{errors.lobbyPolicy}</p>}
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
      <InviteePicker
        invitees={invitees}
        onChange={setInvitees}
        professions={t.professions}
        labels={t}
        error={errors.invitees}
      />
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
