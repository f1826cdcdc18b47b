"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { useCommand } from "@/app/ui/use-command";
import { FormAlert } from "@/app/ui/form-alert";
import { useCareTeamEvents } from "@/app/ui/realtime";
import {
  addCareTeamMemberAction,
  cancelHomeVisitAction,
  removeCareTeamMemberAction,
  scheduleHomeVisitAction,
} from "./actions";

const formString = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/** Re-renders the board from the server when it changes for anyone on the team (ids only in the push). */
export function CareTeamLive({ patientId }: { patientId: string }) {
  const router = useRouter();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  // a burst of changes (a post, then each member's read of it) is one reload
  useCareTeamEvents(patientId, () => {
    pending.current ??= setTimeout(() => {
      pending.current = null;
      router.refresh();
    }, 300);
  });
  return null;
}

export interface PersonOption {
  practitionerId: string;
  label: string;
}

export function AddMemberForm({
  patientId,
  candidates,
  founding,
  labels,
  selfId,
}: {
  patientId: string;
  candidates: PersonOption[];
  founding: boolean;
  selfId: string;
  labels: { add: string; choosePerson: string; startTeam: string };
}) {
  const { pending, result, errors, run } = useCommand();
  const add = (practitionerId: string) => run(() => addCareTeamMemberAction({ patientId, practitionerId }));
  if (founding) {
    return (
      <div className="space-y-2">
        <button
          type="button"
          className="btn-primary min-h-11"
          disabled={pending}
          onClick={() => add(selfId)}
          data-testid="start-team"
        >
          {labels.startTeam}
        </button>
        <FormAlert state={result} />
      </div>
    );
  }
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        add(formString(new FormData(e.currentTarget), "practitionerId"));
      }}
    >
      <div className="flex gap-2">
        <select
          name="practitionerId"
          className="input"
          aria-label={labels.choosePerson}
          data-testid="member-candidate"
        >
          <option value="">{labels.choosePerson}</option>
          {candidates.map((c) => (
            <option key={c.practitionerId} value={c.practitionerId}>
              {c.label}
            </option>
          ))}
        </select>
        <button className="btn-primary min-h-11 shrink-0" disabled={pending} data-testid="member-add">
          {labels.add}
        </button>
      </div>
      {errors.practitionerId && (
        <p className="text-sm text-red-700" role="alert">
          {errors.practitionerId}
        </p>
      )}
      <FormAlert state={result} />
    </form>
  );
}

export function RemoveMemberButton({
  patientId,
  practitionerId,
  labels,
}: {
  patientId: string;
  practitionerId: string;
  labels: { remove: string; removeConfirm: string };
}) {
  const { pending, run } = useCommand();
  return (
    <button
      type="button"
      className="text-sm text-red-700 underline"
      disabled={pending}
      onClick={() => {
        if (!window.confirm(labels.removeConfirm)) return;
        run(() => removeCareTeamMemberAction({ patientId, practitionerId }));
      }}
    >
      {labels.remove}
    </button>
  );
}

export function ScheduleVisitForm({
  patientId,
  members,
  selfId,
  labels,
}: {
  patientId: string;
  members: PersonOption[];
  selfId: string;
  labels: { visitor: string; visitAt: string; duration: string; purpose: string; schedule: string };
}) {
  const { pending, result, errors, run } = useCommand();
  return (
    <form
      className="grid gap-2 sm:grid-cols-2"
      data-testid="visit-form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const at = formString(f, "startsAt");
        run(
          () =>
            scheduleHomeVisitAction({
              patientId,
              visitorId: formString(f, "visitorId"),
              startsAt: at ? `${at}:00+09:00` : "",
              durationMinutes: Number(f.get("durationMinutes") ?? 0),
              purpose: formString(f, "purpose"),
            }),
          (r) => {
            if (r.ok) form.reset();
          },
        );
      }}
    >
      <label className="block text-sm">
        <span className="text-slate-600">{labels.visitor}</span>
        <select name="visitorId" className="input" defaultValue={selfId}>
          {members.map((m) => (
            <option key={m.practitionerId} value={m.practitionerId}>
              {m.label}
            </option>
          ))}
        </select>
        {errors.visitorId && <span className="text-sm text-red-700">{errors.visitorId}</span>}
      </label>
      <label className="block text-sm">
        <span className="text-slate-600">{labels.visitAt}</span>
        <input type="datetime-local" name="startsAt" className="input" required data-testid="visit-at" />
        {errors.startsAt && <span className="text-sm text-red-700">{errors.startsAt}</span>}
      </label>
      <label className="block text-sm">
        <span className="text-slate-600">{labels.duration}</span>
        <input type="number" name="durationMinutes" className="input" defaultValue={60} min={10} max={240} />
        {errors.durationMinutes && <span className="text-sm text-red-700">{errors.durationMinutes}</span>}
      </label>
      <label className="block text-sm">
        <span className="text-slate-600">{labels.purpose}</span>
        <input name="purpose" className="input" maxLength={200} />
      </label>
      <div className="sm:col-span-2">
        <button className="btn-primary min-h-11" disabled={pending} data-testid="visit-schedule">
          {labels.schedule}
        </button>
        <FormAlert state={result} />
      </div>
    </form>
  );
}

export function CancelVisitButton({
  patientId,
  visitId,
  label,
}: {
  patientId: string;
  visitId: string;
  label: string;
}) {
  const { pending, run } = useCommand();
  return (
    <button
      type="button"
      className="text-sm text-red-700 underline"
      disabled={pending}
      onClick={() => run(() => cancelHomeVisitAction({ patientId, visitId }))}
    >
      {label}
    </button>
  );
}
