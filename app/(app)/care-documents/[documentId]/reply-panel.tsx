"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/lib/action-result";
import { fieldErrors } from "@/app/lib/action-result";
import { Field } from "@/app/ui/field";
import {
  acknowledgeCareDocumentAction,
  answerCareDocumentAction,
  cancelCareDocumentAction,
} from "../actions";

/**
 * The commands open to the reader on a sent document: the recipient's receipt
 * and answer, the author's cancellation with a reason. Shown only when the
 * domain says they are open (view.can).
 */
export function CareDocumentCommands({
  documentId,
  revision,
  can,
  labels,
}: {
  documentId: string;
  revision: number;
  can: { acknowledge: boolean; answer: boolean; cancel: boolean };
  labels: {
    acknowledge: string;
    answerLabel: string;
    sendAnswer: string;
    cancel: string;
    cancelReason: string;
  };
}) {
  const [pending, startTransition] = useTransition();
  const [answer, setAnswer] = useState("");
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);
  const run = (command: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => setResult(await command()));
  return (
    <section className="card space-y-3" data-testid="care-document-commands">
      {can.answer && (
        <>
          <Field id="care-answer" label={labels.answerLabel} error={errors.answer}>
            <textarea
              className="input"
              id="care-answer"
              rows={4}
              maxLength={4000}
              value={answer}
              onChange={(ev) => setAnswer(ev.target.value)}
            />
          </Field>
          <button
            type="button"
            className="btn-primary"
            disabled={pending}
            onClick={() => run(() => answerCareDocumentAction({ documentId, answer }))}
            data-testid="answer-care-document"
          >
            {labels.sendAnswer}
          </button>
        </>
      )}
      {can.acknowledge && (
        <button
          type="button"
          className="btn-secondary ml-2"
          disabled={pending}
          onClick={() => run(() => acknowledgeCareDocumentAction({ documentId }))}
          data-testid="acknowledge-care-document"
        >
          {labels.acknowledge}
        </button>
      )}
      {can.cancel && (
        <>
          <Field id="care-cancel-reason" label={labels.cancelReason} error={errors.reason}>
            <input
              className="input"
              id="care-cancel-reason"
              maxLength={500}
              value={reason}
              onChange={(ev) => setReason(ev.target.value)}
            />
          </Field>
          <button
            type="button"
            className="btn-secondary"
            disabled={pending}
            onClick={() => run(() => cancelCareDocumentAction({ documentId, revision, reason }))}
            data-testid="cancel-care-document"
          >
            {labels.cancel}
          </button>
        </>
      )}
      {result && !result.ok && Object.keys(errors).length === 0 && (
        <p role="alert" className="field-error">
          {result.error.message}
        </p>
      )}
    </section>
  );
}
