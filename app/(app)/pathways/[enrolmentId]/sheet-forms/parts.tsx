import type { FormEvent, ReactNode } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";

/** The sheet's form labels: plain strings only cross into client components ({facility} is filled in here). */
export interface SheetFormLabels {
  submit: string;
  recorded: string;
  conflict: string;
  showLatest: string;
  unset: string;
  yes: string;
  no: string;
  category: string;
  occurredOn: string;
  description: string;
  reason: string;
  delayDays: string;
  toStage: string;
  skip: string;
  toFacility: string;
  chooseFacility: string;
  outsideConsent: string;
  noCandidates: string;
  plannedOn: string;
  note: string;
  request: string;
  requested: string;
  consentRefused: string;
  cancelHandover: string;
  cancelConfirm: string;
  accept: string;
  acceptedOn: string;
  decline: string;
  declineReason: string;
  complete: string;
  withdraw: string;
  endedOn: string;
  withdrawReason: string;
  endConfirm: string;
}

export interface Option {
  value: string;
  label: string;
}

export interface Versioned {
  enrolmentId: string;
  version: number;
}

export const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
};

export function Command({
  title,
  testId,
  danger,
  open,
  children,
}: {
  title: string;
  testId: string;
  danger?: boolean;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="rounded-md border border-slate-200 bg-white p-3" data-testid={testId} open={open}>
      <summary className={`cursor-pointer py-1 font-medium ${danger ? "text-red-700" : "text-brand-700"}`}>
        {title}
      </summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}

export function Outcome({
  result,
  labels,
  success,
}: {
  result: ActionResult<unknown> | null;
  labels: SheetFormLabels;
  success?: string;
}) {
  if (result?.ok) {
    return success ? (
      <p role="status" className="rounded-md bg-green-50 p-2 text-sm text-green-800">
        {success}
      </p>
    ) : null;
  }
  return <CommandOutcome result={result} labels={labels} staleField="version" />;
}

export const submitting = (handler: (form: FormData) => void) => (event: FormEvent<HTMLFormElement>) => {
  event.preventDefault();
  handler(new FormData(event.currentTarget));
};
