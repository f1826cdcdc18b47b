import { notFound, redirect } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { DischargeSummaryContent } from "@/server/model/discharge-summary";
import { getSummary } from "@/server/domain/summaries/get-summary";
import { listSummaryRecipientOptions } from "@/server/domain/summaries/summary-recipients";
import { getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { SummaryEditor, type RecipientLine } from "./summary-editor";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.dischargeSummary");

export default async function EditSummaryPage({ params }: { params: Promise<{ summaryId: string }> }) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.summaries;
  const { summaryId } = await params;
  let view: Awaited<ReturnType<typeof getSummary>>;
  try {
    // the author's default view is the working copy, when there is one
    view = await call(getSummary, me, summaryId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    return <RefusedCard>{e.code === "CONSENT_REQUIRED" ? m.detail.redacted : tr(e)}</RefusedCard>;
  }
  // sent and not being amended, or not ours to write: the summary itself
  if (!view.can.edit || view.shown.version !== "draft") redirect(`/summaries/${summaryId}`);

  const { patient } = view;
  const amending = view.status === "amending";
  // where it may go: the facilities inside the patient's consent, plus any chosen earlier that left it
  const options = await call(listSummaryRecipientOptions, me, patient.id);
  const chosen = new Map(view.recipients.map((r) => [r.facilityId, r]));
  const line = (
    id: string,
    name: string,
    kind: keyof typeof t.common.facilityKinds,
    inConsent: boolean,
  ): RecipientLine => {
    const r = chosen.get(id);
    const notes: string[] = [];
    if (r?.kind === "referrer")
      notes.push(m.editor.referrer + (r.practitionerName ? `（${r.practitionerName}）` : ""));
    if (r?.sinceVersion) notes.push(m.editor.alreadySent.replace("{n}", String(r.sinceVersion)));
    if (!inConsent) notes.push(m.editor.outsideConsent);
    return { id, name, kindLabel: t.common.facilityKinds[kind], notes, locked: !!r?.sinceVersion };
  };
  const recipientLines: RecipientLine[] = [
    ...options.map((o) => line(o.id, o.name, o.kind, true)),
    ...view.recipients
      .filter((r) => !options.some((o) => o.id === r.facilityId))
      .map((r) => line(r.facilityId, r.facilityName, r.facilityKind, false)),
  ];

  return (
    <div className="space-y-4">
      <header className="card" data-testid="summary-patient-header">
        <p className="text-sm text-slate-500">
          {amending ? m.editor.amendTitle : m.editor.title} ・ {m.statuses[view.status]}
          {view.sentVersion > 0 && ` ・ ${m.detail.version(view.sentVersion + 1)}`}
        </p>
        <PatientHeading patient={patient} t={t} locale={locale} />
      </header>
      <SummaryEditor
        summaryId={view.id}
        amending={amending}
        initialRevision={view.revision}
        serverUpdatedAt={view.updatedAt.toISOString()}
        initialDraft={{
          authorDepartment: view.author.department,
          recipients: view.recipients.map((r) => ({
            facilityId: r.facilityId,
            practitionerId: r.practitionerId,
          })),
          // rows written before a section was added: the schema fills it in
          content: DischargeSummaryContent.parse(view.shown.content),
          amendmentNote: view.draftAmendmentNote,
        }}
        recipientLines={recipientLines}
        locale={locale}
        labels={{
          sections: m.sections,
          lists: t.referrals.letter,
          destinations: m.destinations,
          editor: {
            ...m.editor,
            // "the referrer is chosen already" only where there is one
            recipientsHelp: view.recipients.some((r) => r.kind === "referrer")
              ? m.editor.recipientsHelp
              : m.editor.recipientsHelpNoReferrer,
            discardAmendment: m.detail.discardAmendment,
            discardAmendmentConfirm: m.detail.discardAmendmentConfirm,
          },
        }}
      />
    </div>
  );
}
