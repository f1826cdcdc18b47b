"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type ComponentType } from "react";
import { fieldErrors, type ActionResult } from "@/app/lib/action-result";
import { Field } from "@/app/ui/field";
import { FormAlert } from "@/app/ui/form-alert";
import type { CareDocumentKind } from "@/server/model/care-documents/registry";
import type { RelatedChoices } from "@/server/domain/care-documents/list-related-choices";
import { discardCareDocumentAction, saveCareDocumentAction, sendCareDocumentAction } from "../../actions";
import { KIND_FORMS } from "../../kinds/forms";
import type { CareDocumentFormLabels, KindFormProps } from "../../kinds/kind-parts";

export interface RecipientOption {
  id: string;
  name: string;
  practitioners: { id: string; name: string }[];
}

export type CareDocumentEditorLabels = CareDocumentFormLabels & {
  recipient: string;
  recipientPractitioner: string;
  anyone: string;
  chooseRecipient: string;
  noRecipientInConsent: string;
  discard: string;
  discardConfirm: string;
};

/**
 * The generic draft editor, phone first: the recipient at the top (facilities
 * inside consent, and who there), then the kind's own form section, then save,
 * send and discard. Every refusal shows under its field.
 */
export function CareDocumentEditor({
  documentId,
  kind,
  revision: initialRevision,
  recipient: initialRecipient,
  content: initial,
  recipients,
  choices,
  labels,
}: {
  documentId: string;
  kind: CareDocumentKind;
  revision: number;
  recipient: { facilityId: string | null; practitionerId: string | null };
  content: Record<string, unknown>;
  recipients: RecipientOption[];
  choices: RelatedChoices;
  labels: CareDocumentEditorLabels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [content, setContent] = useState(initial);
  const [recipient, setRecipient] = useState(initialRecipient);
  const [revision, setRevision] = useState(initialRevision);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const errors = fieldErrors(result);
  // the content came from this kind's schema (getCareDocument), so its form section fits it
  const KindForm = KIND_FORMS[kind] as unknown as ComponentType<KindFormProps<Record<string, unknown>>>;
  const people = recipients.find((r) => r.id === recipient.facilityId)?.practitioners ?? [];

  const save = async () => {
    const saved = await saveCareDocumentAction({
      documentId,
      revision,
      recipientFacilityId: recipient.facilityId,
      recipientPractitionerId: recipient.practitionerId,
      content,
    });
    setResult(saved);
    if (saved.ok) setRevision(saved.data.revision);
    return saved;
  };
  const onSend = () => {
    if (!window.confirm(labels.editor.sendConfirm)) return;
    startTransition(async () => {
      const saved = await save();
      if (!saved.ok) return;
      const sent = await sendCareDocumentAction({ documentId, revision: saved.data.revision });
      setResult(sent);
      if (sent.ok) router.push(`/care-documents/${documentId}`);
    });
  };
  const onDiscard = () => {
    if (!window.confirm(labels.discardConfirm)) return;
    startTransition(async () => {
      const done = await discardCareDocumentAction({ documentId, revision });
      setResult(done);
      if (done.ok) router.push("/care-documents?box=drafts");
    });
  };

  return (
    <form
      className="card space-y-4"
      onSubmit={(ev) => ev.preventDefault()}
      data-testid="care-document-editor"
    >
      <Field id="care-recipient" label={labels.recipient} error={errors.recipientFacilityId}>
        <select
          className="input"
          id="care-recipient"
          value={recipient.facilityId ?? ""}
          onChange={(ev) => setRecipient({ facilityId: ev.target.value || null, practitionerId: null })}
        >
          <option value="">{labels.chooseRecipient}</option>
          {recipients.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </Field>
      {recipients.length === 0 && <p className="text-sm text-amber-800">{labels.noRecipientInConsent}</p>}
      {people.length > 0 && (
        <Field
          id="care-recipient-practitioner"
          label={labels.recipientPractitioner}
          error={errors.recipientPractitionerId}
        >
          <select
            className="input"
            id="care-recipient-practitioner"
            value={recipient.practitionerId ?? ""}
            onChange={(ev) => setRecipient((r) => ({ ...r, practitionerId: ev.target.value || null }))}
          >
            <option value="">{labels.anyone}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <KindForm content={content} onChange={setContent} errors={errors} labels={labels} choices={choices} />
      <FormAlert state={result} success={labels.editor.saved} />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className="btn-secondary"
          disabled={pending}
          onClick={() => startTransition(async () => void (await save()))}
          data-testid="save-care-document"
        >
          {labels.editor.save}
        </button>
        <button
          type="button"
          className="btn-primary"
          disabled={pending}
          onClick={onSend}
          data-testid="send-care-document"
        >
          {labels.editor.send}
        </button>
        <button
          type="button"
          className="btn-secondary ml-auto"
          disabled={pending}
          onClick={onDiscard}
          data-testid="discard-care-document"
        >
          {labels.discard}
        </button>
      </div>
    </form>
  );
}
