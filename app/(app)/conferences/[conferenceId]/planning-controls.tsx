"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import { FormAlert } from "@/app/ui/form-alert";
import { cancelConferenceAction, rescheduleConferenceAction } from "./actions";

export interface PlanningLabels {
  title: string;
  subject: string;
  start: string;
  end: string;
  save: string;
  saved: string;
  cancel: string;
  cancelConfirm: string;
  cancelled: string;
  conflict: string;
  showLatest: string;
}

/**
 * The host's 日程の変更・中止 on a scheduled conference: a new time or title,
 * or the cancellation after a confirmation; either tells every invitee. The
 * version the page was drawn with goes along, so a change made meanwhile is
 * reported, not overwritten.
 */
export function PlanningControls({
  conferenceId,
  version,
  initial,
  labels,
}: {
  conferenceId: string;
  version: number;
  /** Japan wall times ("2026-12-10T18:30") and the title as they stand */
  initial: { title: string; start: string; end: string };
  labels: PlanningLabels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [cancelResult, setCancelResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);
  const field = (key: "title" | "scheduledStart" | "scheduledEnd", id: string) =>
    errors[key] ? (
      <p className="field-error" id={id}>
        {errors[key]}
      </p>
    ) : null;
  return (
    <details className="card" data-testid="conference-planning">
      <summary className="btn-secondary cursor-pointer list-none">{labels.title}</summary>
      <form
        className="mt-3 grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const text = (name: string) => {
            const value = form.get(name);
            return typeof value === "string" ? value : "";
          };
          startTransition(async () => {
            const r = await rescheduleConferenceAction({
              conferenceId,
              version,
              title: text("title"),
              start: text("start"),
              end: text("end"),
            });
            setResult(r);
            if (r.ok) router.refresh();
          });
        }}
      >
        <div>
          <label className="label" htmlFor="planning-title">
            {labels.subject}
          </label>
          <input
            className="input"
            id="planning-title"
            name="title"
            required
            maxLength={200}
            defaultValue={initial.title}
            aria-describedby={errors.title ? "planning-title-error" : undefined}
          />
          {field("title", "planning-title-error")}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label className="label" htmlFor="planning-start">
              {labels.start}
            </label>
            <input
              className="input"
              id="planning-start"
              name="start"
              type="datetime-local"
              required
              defaultValue={initial.start}
              aria-describedby={errors.scheduledStart ? "planning-start-error" : undefined}
            />
            {field("scheduledStart", "planning-start-error")}
          </div>
          <div>
            <label className="label" htmlFor="planning-end">
              {labels.end}
            </label>
            <input
              className="input"
              id="planning-end"
              name="end"
              type="datetime-local"
              required
              defaultValue={initial.end}
              aria-describedby={errors.scheduledEnd ? "planning-end-error" : undefined}
            />
            {field("scheduledEnd", "planning-end-error")}
          </div>
        </div>
        <CommandOutcome
          result={result}
          labels={{ conflict: labels.conflict, showLatest: labels.showLatest }}
          staleField="version"
        />
        <FormAlert state={result} success={labels.saved} />
        <div className="flex flex-wrap gap-2">
          <button type="submit" className="btn-primary" disabled={pending} data-testid="planning-save">
            {labels.save}
          </button>
          <button
            type="button"
            className="btn-danger"
            disabled={pending}
            data-testid="planning-cancel"
            onClick={() => {
              if (!window.confirm(labels.cancelConfirm)) return;
              startTransition(async () => {
                const r = await cancelConferenceAction({ conferenceId, version });
                setCancelResult(r);
                if (r.ok) router.refresh();
              });
            }}
          >
            {labels.cancel}
          </button>
        </div>
        <CommandOutcome
          result={cancelResult}
          labels={{ conflict: labels.conflict, showLatest: labels.showLatest }}
          staleField="version"
          fieldsShownElsewhere={false}
        />
        <FormAlert state={cancelResult} success={labels.cancelled} />
      </form>
    </details>
  );
}
