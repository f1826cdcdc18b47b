"use client";

import { Field } from "@/app/ui/field";
import { useCommand } from "@/app/ui/use-command";
import { acceptHandoverAction, declineHandoverAction } from "@/app/(app)/pathways/actions";
import {
  Command,
  Outcome,
  submitting,
  text,
  type Option,
  type SheetFormLabels,
  type Versioned,
} from "./parts";

/** The asked facility's answer: accept with the day it admits the patient, or decline with a reason. */
export function AnswerHandoverForms({
  enrolmentId,
  version,
  defaultAdmittedOn,
  declineReasons,
  labels,
}: Versioned & { defaultAdmittedOn: string; declineReasons: Option[]; labels: SheetFormLabels }) {
  const accept = useCommand();
  const decline = useCommand();
  return (
    <div className="grid gap-2">
      <Command title={labels.accept} testId="command-accept" open>
        <form
          className="grid gap-3"
          noValidate
          onSubmit={submitting((form) =>
            accept.run(() =>
              acceptHandoverAction({ enrolmentId, version, admittedOn: text(form, "admittedOn") }),
            ),
          )}
        >
          <Field id="accept-admitted" label={labels.acceptedOn} error={accept.errors.admittedOn}>
            <input
              className="input"
              type="date"
              id="accept-admitted"
              name="admittedOn"
              defaultValue={defaultAdmittedOn}
            />
          </Field>
          <Outcome result={accept.result} labels={labels} />
          <button className="btn-primary" disabled={accept.pending}>
            {labels.accept}
          </button>
        </form>
      </Command>
      <Command title={labels.decline} testId="command-decline" danger>
        <form
          className="grid gap-3"
          noValidate
          onSubmit={submitting((form) =>
            decline.run(() =>
              declineHandoverAction({
                enrolmentId,
                version,
                reason: text(form, "reason"),
                note: text(form, "note"),
              }),
            ),
          )}
        >
          <Field id="decline-reason" label={labels.declineReason} error={decline.errors.reason}>
            <select className="input" id="decline-reason" name="reason" defaultValue="">
              <option value="">{labels.unset}</option>
              {declineReasons.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="decline-note" label={labels.note} error={decline.errors.note}>
            <textarea className="input" id="decline-note" name="note" rows={2} maxLength={1000} />
          </Field>
          <Outcome result={decline.result} labels={labels} />
          <button className="btn-danger" disabled={decline.pending}>
            {labels.decline}
          </button>
        </form>
      </Command>
    </div>
  );
}
