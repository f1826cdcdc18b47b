import { notFound, redirect } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getCareDocument, type CareDocumentView } from "@/server/domain/care-documents/get-care-document";
import { listCareDocumentRecipients } from "@/server/domain/care-documents/care-document-parties";
import { listRelatedChoices } from "@/server/domain/care-documents/list-related-choices";
import { careDocumentSpec } from "@/server/model/care-documents/registry";
import { getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { call } from "@/app/lib/call";
import { CareDocumentEditor } from "./care-document-editor";
import { DueLine } from "../../due-line";

export const generateMetadata = titled("titles.newCareDocument");

/** The author's draft of any kind: the recipient inside consent, the kind's form, save, send, discard. */
export default async function EditCareDocumentPage({ params }: { params: Promise<{ documentId: string }> }) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.careDocuments;
  const { documentId } = await params;
  let view: CareDocumentView;
  try {
    view = await call(getCareDocument, me, documentId);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    if (err.code === "NOT_FOUND") notFound();
    return <RefusedCard testId="care-document-refused">{tr(err)}</RefusedCard>;
  }
  if (!view.can.edit) redirect(`/care-documents/${view.id}`);
  const recipients = await call(listCareDocumentRecipients, me, careDocumentSpec(view.kind), view.patient.id);
  const choices = await call(listRelatedChoices, me, view.id);
  const notice = m.notices[view.kind];
  return (
    <div className="space-y-4">
      <header className="card space-y-2">
        <p className="text-sm font-semibold text-brand-700">{m.kinds[view.kind]}</p>
        <PatientHeading patient={view.patient} t={t} locale={locale} />
        <DueLine view={view} m={m} locale={locale} />
        {notice && (
          <p
            className="rounded-md bg-red-50 px-3 py-2 text-sm font-semibold text-red-900"
            data-testid="kind-notice"
          >
            {notice}
          </p>
        )}
      </header>
      <CareDocumentEditor
        documentId={view.id}
        kind={view.kind}
        revision={view.revision}
        recipient={{
          facilityId: view.recipient?.facilityId ?? null,
          practitionerId: view.recipient?.practitionerId ?? null,
        }}
        content={view.content}
        recipients={recipients}
        choices={choices}
        labels={{
          editor: m.editor,
          tracingReport: m.tracingReport,
          homeNursing: m.homeNursing,
          nursingPlan: m.nursingPlan,
          nursingReport: m.nursingReport,
          dischargeInformation: m.dischargeInformation,
          admissionInformation: m.admissionInformation,
          recipient: m.recipient,
          recipientPractitioner: m.recipientPractitioner,
          anyone: m.anyone,
          chooseRecipient: m.chooseRecipient,
          noRecipientInConsent: m.noRecipientInConsent,
          discard: m.discard,
          discardConfirm: m.discardConfirm,
        }}
      />
    </div>
  );
}
