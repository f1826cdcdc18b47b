import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getCareDocument, type CareDocumentView } from "@/server/domain/care-documents/get-care-document";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { call } from "@/app/lib/call";
import { CareDocumentStatusBadge } from "../status-badge";
import { DueLine } from "../due-line";
import { KIND_VIEWS } from "../kinds/views";
import type { KindViewRows } from "../kinds/kind-parts";
import { CareDocumentCommands } from "./reply-panel";

export const generateMetadata = titled("titles.careDocument");

const KINDS = ["care_document_received", "care_document_replied", "care_document_cancelled"] as const;

/** One care document of any kind: status, parties and due date first, the kind's rows, the reply, the commands. */
export default async function CareDocumentPage({ params }: { params: Promise<{ documentId: string }> }) {
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
  if (view.can.edit) redirect(`/care-documents/${view.id}/edit`);
  const row = (label: string, value: ReactNode, testId?: string) => (
    <div className="py-2" data-testid={testId}>
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="whitespace-pre-wrap">{value || "—"}</dd>
    </div>
  );
  // the content came from this kind's schema (getCareDocument), so its rows fit it
  const kindRows = KIND_VIEWS[view.kind] as unknown as KindViewRows<Record<string, unknown>>;
  const rows = kindRows(view.content, m);
  const notice = m.notices[view.kind];

  return (
    <div className="space-y-4">
      <LiveRefresh kinds={KINDS} />
      <header className="card space-y-3" data-testid="care-document-header">
        <div className="flex flex-wrap items-center gap-2">
          <CareDocumentStatusBadge status={view.status} label={m.statuses[view.status]} />
          <span className="badge bg-slate-100">{m.kinds[view.kind]}</span>
          {view.documentNumber && (
            <span className="text-xs text-slate-500">
              {m.documentNumber}: <span className="font-mono">{view.documentNumber}</span>
            </span>
          )}
        </div>
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
        <dl className="grid gap-x-6 text-sm sm:grid-cols-2">
          {row(m.author, [view.author.facilityName, view.author.name].filter(Boolean).join(" ・ "))}
          {row(
            m.recipient,
            [view.recipient?.name, view.recipient?.practitionerName].filter(Boolean).join(" ・ "),
            "care-document-recipient",
          )}
          {view.sentAt && row(m.sentAt, formatDateTime(view.sentAt, locale))}
          {row(
            m.reply,
            view.reply
              ? m.repliedBy(formatDateTime(view.reply.at, locale), view.reply.byName ?? "")
              : view.status === "sent"
                ? m.awaitingReply
                : "",
            "care-document-reply",
          )}
          {view.reply?.text && row(m.answer, view.reply.text, "care-document-answer")}
          {view.cancellation && row(m.cancelled, view.cancellation.reason, "care-document-cancellation")}
          {view.related.length > 0 &&
            row(
              m.linked,
              view.related
                .map((r) =>
                  [
                    // named in the reader's language; the Japanese title and detail are the PDF's
                    r.instruction
                      ? t.nursingInstructions.kinds[r.instruction.kind]
                      : r.field === "summaryId"
                        ? m.dischargeInformation.labels.summaryId
                        : m.dischargeInformation.labels.conferenceId,
                    r.documentNumber,
                    r.issuedAt && formatDateTime(r.issuedAt, locale),
                    r.instruction
                      ? `${m.homeNursing.period} ${r.instruction.periodStart ?? "—"}〜${r.instruction.periodEnd ?? "—"}`
                      : r.field === "conferenceId"
                        ? r.detail
                        : "",
                  ]
                    .filter(Boolean)
                    .join(" ・ "),
                )
                .join("\n"),
              "care-document-linked",
            )}
        </dl>
        <span className="flex flex-wrap items-center gap-3 text-sm" data-testid="care-document-documents">
          <span className="text-slate-500">{m.documents}:</span>
          <a className="text-brand-700 underline" href={`/api/care-documents/${view.id}/document.pdf`}>
            {m.pdf}
          </a>
          <a className="text-brand-700 underline" href={`/api/care-documents/${view.id}/document.fhir.json`}>
            {m.fhir}
          </a>
        </span>
      </header>
      {(view.can.acknowledge || view.can.answer || view.can.cancel) && (
        <CareDocumentCommands
          documentId={view.id}
          revision={view.revision}
          can={view.can}
          labels={{
            acknowledge: m.acknowledge,
            answerLabel: m.answerLabel,
            sendAnswer: m.sendAnswer,
            cancel: m.cancel,
            cancelReason: m.cancelReason,
          }}
        />
      )}
      <section className="card">
        <dl className="divide-y divide-slate-100" data-testid="care-document-content">
          {rows.map(([label, value]) => (
            <div key={label}>{row(label, value)}</div>
          ))}
        </dl>
      </section>
      <p className="flex flex-wrap gap-4 text-sm">
        <Link className="text-brand-700 underline" href="/care-documents">
          {m.back}
        </Link>
        <Link className="text-brand-700 underline" href={`/patients/${view.patient.id}`}>
          {m.backToPatient}
        </Link>
      </p>
    </div>
  );
}
