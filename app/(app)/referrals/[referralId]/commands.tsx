"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import type { ReferralDestinationOption } from "@/server/domain/referrals/referral-destination";
import { fieldErrors, type ActionResult, type FieldErrors } from "@/app/lib/action-result";
import { CommandOutcome } from "@/app/ui/command-outcome";
import { Field } from "@/app/ui/field";
import { DestinationPicker, NO_DESTINATION, type DestinationLabels } from "../destination-picker";
import {
  DiagnosesField,
  MedicationsField,
  type DiagnosisRow,
  type MedicationRow,
} from "@/app/ui/clinical-list-fields";
import {
  acceptReferralAction,
  acknowledgeReplyAction,
  cancelReferralAction,
  copyReferralAction,
  declineReferralAction,
  forwardReferralAction,
  replyToReferralAction,
  rescheduleReferralAction,
} from "./actions";

export type CommandName =
  "accept" | "reschedule" | "decline" | "forward" | "cancel" | "interim_report" | "complete";

export interface CommandLabels {
  commands: Record<CommandName, string> & {
    appointmentAt: string;
    note: string;
    reason: string;
    submit: string;
    conflict: string;
    showLatest: string;
  };
  declineReasons: Record<string, string>;
  reply: {
    visitedOn: string;
    diagnoses: string;
    findings: string;
    treatmentPlan: string;
    medications: string;
    disposition: string;
    remarks: string;
    send: string;
  };
  dispositions: Record<string, string>;
  letter: {
    diagnosisName: string;
    icd10: string;
    certainty: string;
    confirmed: string;
    suspected: string;
    medicationName: string;
    dosage: string;
    addRow: string;
    removeRow: string;
  };
  destination: DestinationLabels;
}

/** Someone else acted first: said plainly, with the latest state offered (app/ui/command-outcome.tsx). */
function Outcome({ result, labels }: { result: ActionResult<unknown> | null; labels: CommandLabels }) {
  return <CommandOutcome result={result} labels={labels.commands} staleField="version" />;
}

function Command({
  name,
  labels,
  children,
  danger,
}: {
  name: CommandName;
  labels: CommandLabels;
  children: ReactNode;
  danger?: boolean;
}) {
  return (
    <details className="rounded-md border border-slate-200 p-3" data-testid={`command-${name}`}>
      <summary className={`cursor-pointer py-1 font-medium ${danger ? "text-red-700" : "text-brand-700"}`}>
        {labels.commands[name]}
      </summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/** The commands open to this reader (from the transition table), each with its own small form. */
export function ReferralCommands({
  referralId,
  version,
  commands,
  destinations,
  kindLabels,
  appointmentLocal,
  labels,
}: {
  referralId: string;
  version: number;
  commands: CommandName[];
  destinations: ReferralDestinationOption[];
  kindLabels: Record<string, string>;
  /** the current appointment as a datetime-local value (Japan time), for rescheduling */
  appointmentLocal: string;
  labels: CommandLabels;
}) {
  const [pending, startTransition] = useTransition();
  const [results, setResults] = useState<Partial<Record<CommandName, ActionResult<unknown>>>>({});
  const [forwardTo, setForwardTo] = useState(NO_DESTINATION);
  const run = (name: CommandName, action: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const r = await action();
      setResults((all) => ({ ...all, [name]: r }));
    });
  const errorsOf = (name: CommandName): FieldErrors => fieldErrors(results[name]);
  const c = labels.commands;
  const has = (name: CommandName) => commands.includes(name);

  const appointmentForm = (name: "accept" | "reschedule") => {
    const errors = errorsOf(name);
    return (
      <Command name={name} labels={labels}>
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const action = name === "accept" ? acceptReferralAction : rescheduleReferralAction;
            run(name, () =>
              action({
                referralId,
                version,
                appointmentAt: text(form, "appointmentAt"),
                note: text(form, "note"),
              }),
            );
          }}
        >
          <Field id={`${name}-at`} label={c.appointmentAt} error={errors.appointmentAt}>
            <input
              className="input"
              type="datetime-local"
              id={`${name}-at`}
              name="appointmentAt"
              required
              defaultValue={name === "reschedule" ? appointmentLocal : undefined}
            />
          </Field>
          <Field id={`${name}-note`} label={c.note} error={errors.note}>
            <textarea className="input" id={`${name}-note`} name="note" rows={2} maxLength={1000} />
          </Field>
          <Outcome result={results[name] ?? null} labels={labels} />
          <button className="btn-primary" disabled={pending}>
            {c.submit}
          </button>
        </form>
      </Command>
    );
  };

  return (
    <div className="grid gap-2" data-testid="referral-commands">
      {has("accept") && appointmentForm("accept")}
      {has("reschedule") && appointmentForm("reschedule")}
      {has("interim_report") && (
        <Command name="interim_report" labels={labels}>
          <ReplyForm referralId={referralId} version={version} kind="interim" labels={labels} />
        </Command>
      )}
      {has("complete") && (
        <Command name="complete" labels={labels}>
          <ReplyForm referralId={referralId} version={version} kind="final" labels={labels} />
        </Command>
      )}
      {has("decline") && (
        <Command name="decline" labels={labels} danger>
          <form
            className="grid gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              run("decline", () =>
                declineReferralAction({
                  referralId,
                  version,
                  reason: text(form, "reason"),
                  note: text(form, "note"),
                }),
              );
            }}
          >
            <Field id="decline-reason" label={c.reason} error={errorsOf("decline").reason}>
              <select className="input" id="decline-reason" name="reason" required defaultValue="">
                <option value="" disabled>
                  —
                </option>
                {Object.entries(labels.declineReasons).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="decline-note" label={c.note} error={errorsOf("decline").note}>
              <textarea className="input" id="decline-note" name="note" rows={3} maxLength={2000} />
            </Field>
            <Outcome result={results.decline ?? null} labels={labels} />
            <button className="btn-danger" disabled={pending}>
              {c.submit}
            </button>
          </form>
        </Command>
      )}
      {has("forward") && (
        <Command name="forward" labels={labels}>
          <form
            className="grid gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              run("forward", () =>
                forwardReferralAction({ referralId, version, ...forwardTo, note: text(form, "note") }),
              );
            }}
          >
            <DestinationPicker
              idPrefix="forward"
              destinations={destinations}
              value={forwardTo}
              onChange={setForwardTo}
              labels={labels.destination}
              kindLabels={kindLabels}
              errors={errorsOf("forward")}
            />
            <Field id="forward-note" label={c.note} error={errorsOf("forward").note}>
              <textarea className="input" id="forward-note" name="note" rows={2} maxLength={2000} />
            </Field>
            <Outcome result={results.forward ?? null} labels={labels} />
            <button className="btn-primary" disabled={pending}>
              {c.submit}
            </button>
          </form>
        </Command>
      )}
      {has("cancel") && (
        <Command name="cancel" labels={labels} danger>
          <form
            className="grid gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              run("cancel", () => cancelReferralAction({ referralId, version, note: text(form, "note") }));
            }}
          >
            <Field id="cancel-note" label={c.note} error={errorsOf("cancel").note}>
              <textarea className="input" id="cancel-note" name="note" rows={2} maxLength={1000} />
            </Field>
            <Outcome result={results.cancel ?? null} labels={labels} />
            <button className="btn-danger" disabled={pending}>
              {c.submit}
            </button>
          </form>
        </Command>
      )}
    </div>
  );
}

/** 返書・経過報告: what the destination's doctor sends back. */
function ReplyForm({
  referralId,
  version,
  kind,
  labels,
}: {
  referralId: string;
  version: number;
  kind: "interim" | "final";
  labels: CommandLabels;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [diagnoses, setDiagnoses] = useState<DiagnosisRow[]>([]);
  const [medications, setMedications] = useState<MedicationRow[]>([]);
  const errors = fieldErrors(result);
  const y = labels.reply;
  const id = (name: string) => `${kind}-${name}`;
  return (
    <form
      className="grid gap-3"
      data-testid={`reply-form-${kind}`}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        startTransition(async () => {
          setResult(
            await replyToReferralAction({
              referralId,
              version,
              kind,
              content: {
                visitedOn: text(form, "visitedOn") || undefined,
                diagnoses,
                findings: text(form, "findings"),
                treatmentPlan: text(form, "treatmentPlan"),
                medications,
                disposition: text(form, "disposition"),
                remarks: text(form, "remarks"),
              },
            }),
          );
        });
      }}
    >
      <Field id={id("visited-on")} label={y.visitedOn} error={errors["content.visitedOn"]}>
        <input className="input" type="date" id={id("visited-on")} name="visitedOn" />
      </Field>
      <DiagnosesField
        idPrefix={kind}
        path="content.diagnoses"
        legend={y.diagnoses}
        rows={diagnoses}
        onChange={setDiagnoses}
        labels={labels.letter}
        errors={errors}
      />
      <Field id={id("findings")} label={y.findings} error={errors["content.findings"]}>
        <textarea className="input" id={id("findings")} name="findings" rows={5} maxLength={8000} />
      </Field>
      <Field id={id("plan")} label={y.treatmentPlan} error={errors["content.treatmentPlan"]}>
        <textarea className="input" id={id("plan")} name="treatmentPlan" rows={3} maxLength={4000} />
      </Field>
      <MedicationsField
        idPrefix={kind}
        path="content.medications"
        legend={y.medications}
        rows={medications}
        onChange={setMedications}
        labels={labels.letter}
        errors={errors}
      />
      <Field id={id("disposition")} label={y.disposition} error={errors["content.disposition"]}>
        <select className="input" id={id("disposition")} name="disposition" defaultValue="back_to_referrer">
          {Object.entries(labels.dispositions).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id("remarks")} label={y.remarks} error={errors["content.remarks"]}>
        <textarea className="input" id={id("remarks")} name="remarks" rows={2} maxLength={2000} />
      </Field>
      <Outcome result={result} labels={labels} />
      <button className="btn-primary" disabled={pending}>
        {y.send}
      </button>
    </form>
  );
}

/** 受領確認: the referrer confirms a reply was read; the destination sees when. */
export function AcknowledgeButton({
  referralId,
  replyId,
  label,
}: {
  referralId: string;
  replyId: string;
  label: string;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  return (
    <div>
      <button
        type="button"
        className="btn-primary"
        disabled={pending}
        data-testid="acknowledge-reply"
        onClick={() =>
          startTransition(async () => setResult(await acknowledgeReplyAction({ referralId, replyId })))
        }
      >
        {label}
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.error.message}
        </p>
      )}
    </div>
  );
}

/** 再紹介: copies a declined or cancelled letter into a new draft and opens it for editing. */
export function CopyReferralButton({ referralId, label }: { referralId: string; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  return (
    <div>
      <button
        type="button"
        className="btn-secondary"
        disabled={pending}
        data-testid="copy-referral"
        onClick={() =>
          startTransition(async () => {
            const r = await copyReferralAction({ referralId });
            setResult(r);
            if (r.ok) router.push(`/referrals/${r.data.referralId}/edit`);
          })
        }
      >
        {label}
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.error.message}
        </p>
      )}
    </div>
  );
}
