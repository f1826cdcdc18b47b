"use client";

import { Field } from "@/app/ui/field";
import { useCommand } from "@/app/ui/use-command";
import { completeEnrolmentAction, withdrawEnrolmentAction } from "@/app/(app)/pathways/actions";
import {
  Command,
  Outcome,
  submitting,
  text,
  type Option,
  type SheetFormLabels,
  type Versioned,
} from "./parts";

/** パス達成 or 中止: the pathway ends in the current stage, on a day not before it began. */
export function EndEnrolmentForms({
  enrolmentId,
  version,
  defaultEndedOn,
  withdrawReasons,
  labels,
}: Versioned & { defaultEndedOn: string; withdrawReasons: Option[]; labels: SheetFormLabels }) {
  const complete = useCommand();
  const withdraw = useCommand();
  return (
    <div className="grid gap-2">
      <Command title={labels.complete} testId="command-complete">
        <form
          className="grid gap-3"
          noValidate
          onSubmit={submitting((form) => {
            if (!window.confirm(labels.endConfirm)) return;
            complete.run(() =>
              completeEnrolmentAction({
                enrolmentId,
                version,
                endedOn: text(form, "endedOn"),
                note: text(form, "note"),
              }),
            );
          })}
        >
          <Field id="complete-ended" label={labels.endedOn} error={complete.errors.endedOn}>
            <input
              className="input"
              type="date"
              id="complete-ended"
              name="endedOn"
              defaultValue={defaultEndedOn}
            />
          </Field>
          <Field id="complete-note" label={labels.note} error={complete.errors.note}>
            <textarea className="input" id="complete-note" name="note" rows={2} maxLength={1000} />
          </Field>
          <Outcome result={complete.result} labels={labels} />
          <button className="btn-primary" disabled={complete.pending}>
            {labels.complete}
          </button>
        </form>
      </Command>
      <Command title={labels.withdraw} testId="command-withdraw" danger>
        <form
          className="grid gap-3"
          noValidate
          onSubmit={submitting((form) => {
            if (!window.confirm(labels.endConfirm)) return;
            withdraw.run(() =>
              withdrawEnrolmentAction({
                enrolmentId,
                version,
                endedOn: text(form, "endedOn"),
                reason: text(form, "reason"),
                note: text(form, "note"),
              }),
            );
          })}
        >
          <Field id="withdraw-ended" label={labels.endedOn} error={withdraw.errors.endedOn}>
            <input
              className="input"
              type="date"
              id="withdraw-ended"
              name="endedOn"
              defaultValue={defaultEndedOn}
            />
          </Field>
          <Field id="withdraw-reason" label={labels.withdrawReason} error={withdraw.errors.reason}>
            <select className="input" id="withdraw-reason" name="reason" defaultValue="">
              <option value="">{labels.unset}</option>
              {withdrawReasons.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="withdraw-note" label={labels.note} error={withdraw.errors.note}>
            <textarea className="input" id="withdraw-note" name="note" rows={2} maxLength={1000} />
          </Field>
          <Outcome result={withdraw.result} labels={labels} />
          <button className="btn-danger" disabled={withdraw.pending}>
            {labels.withdraw}
          </button>
        </form>
      </Command>
    </div>
  );
}
