import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { DischargeSummaryContent } from "@/server/model/discharge-summary";
import { getSummary, type SummaryView as SummaryViewModel } from "@/server/domain/summaries/get-summary";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { SentToast } from "@/app/ui/sent-toast";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { SummaryStatusBadge } from "../status-badge";
import { SummaryCommands } from "./summary-commands";
import { SummaryDocumentLinks } from "./summary-document-links";
import { SummaryView } from "./summary-view";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.dischargeSummary2");

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** `?version=N` or `?version=draft`; anything else is the reader's default (the latest, or the author's working copy). */
function requestedVersion(raw: string | undefined): number | "draft" | undefined {
  if (raw === "draft") return "draft";
  return raw && /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : undefined;
}

export default async function SummaryPage({
  params,
  searchParams,
}: {
  params: Promise<{ summaryId: string }>;
  searchParams: Promise<Search>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.summaries;
  const d = m.detail;
  const { summaryId } = await params;
  const search = await searchParams;
  const version = requestedVersion(one(search.version));
  let view: SummaryViewModel;
  try {
    view = await call(getSummary, me, summaryId, { version });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    return (
      <RefusedCard testId="summary-refused">{e.code === "CONSENT_REQUIRED" ? d.redacted : tr(e)}</RefusedCard>
    );
  }
  // a draft never sent is read in its editor
  if (view.status === "draft" && view.can.edit && version === undefined)
    redirect(`/summaries/${summaryId}/edit`);

  const { patient, shown } = view;
  const content = DischargeSummaryContent.parse(shown.content);
  const versionHref = (v: number | "draft") => `/summaries/${view.id}?version=${v}`;
  const hasWorkingCopy = view.side === "author" && view.status !== "sent";

  return (
    <div className="space-y-4">
      <LiveRefresh dischargeSummaryId={view.id} />
      {one(search.sent) === "1" && view.side === "author" && view.documentNumber && (
        <SentToast
          text={m.editor.sentToast.replace("{number}", view.documentNumber)}
          closeLabel={t.common.actions.close}
        />
      )}
      <header className="card space-y-3" data-testid="summary-header">
        <div className="flex flex-wrap items-center gap-2">
          <SummaryStatusBadge status={view.status} label={m.statuses[view.status]} />
          <span className="badge bg-slate-100 text-slate-800" data-testid="shown-version">
            {shown.version === "draft"
              ? view.status === "amending"
                ? d.amendmentDraft
                : d.draft
              : d.version(shown.version)}
          </span>
          {view.documentNumber && (
            <span className="text-xs text-slate-500">
              {d.documentNumber}: <span className="font-mono">{view.documentNumber}</span>
            </span>
          )}
        </div>
        <PatientHeading patient={patient} t={t} locale={locale} regionalIdLabel={d.regionalId} />
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">{d.author}</dt>
            <dd data-testid="summary-author">
              {view.author.facilityName}
              {view.author.department && ` ${view.author.department}`}
              {view.author.name && ` ・ ${view.author.name}`}
            </dd>
          </div>
          {shown.issuedAt && (
            <div>
              <dt className="text-slate-500">{d.issuedAt}</dt>
              <dd>
                {formatDateTime(shown.issuedAt, locale)}
                {shown.authorName && ` ・ ${d.writtenBy}: ${shown.authorName}`}
              </dd>
            </div>
          )}
          {view.referral && (
            <div className="sm:col-span-2">
              <dt className="text-slate-500">{d.referral}</dt>
              <dd>
                <Link
                  className="text-brand-700 underline"
                  href={`/referrals/${view.referral.id}`}
                  data-testid="summary-referral"
                >
                  {d.openReferral}
                  {view.referral.documentNumber && `（${view.referral.documentNumber}）`}
                </Link>
              </dd>
            </div>
          )}
        </dl>
        {typeof shown.version === "number" && (
          <SummaryDocumentLinks summaryId={view.id} version={shown.version} labels={d} />
        )}
      </header>

      {shown.version === "draft" && view.sentVersion > 0 && (
        <p role="status" className="card border-amber-300 bg-amber-50 text-amber-950">
          {d.showingDraft}
        </p>
      )}
      {typeof shown.version === "number" && shown.version < view.sentVersion && (
        <p
          role="status"
          className="card border-amber-300 bg-amber-50 text-amber-950"
          data-testid="old-version"
        >
          {d.showingOld(shown.version)}{" "}
          <Link className="text-brand-700 underline" href={versionHref(view.sentVersion)}>
            {d.version(view.sentVersion)}
          </Link>
        </p>
      )}
      {shown.amendmentNote && (
        <p className="card text-sm" data-testid="amendment-note">
          <span className="font-semibold">{d.amendmentNote}: </span>
          {shown.amendmentNote}
        </p>
      )}

      {(view.can.acknowledge || view.can.amend || view.can.edit || view.myAcknowledgement) && (
        <section className="card space-y-2">
          {view.myAcknowledgement && (
            <p className="text-sm text-green-800" data-testid="my-acknowledgement">
              ✓ {d.acknowledged} {formatDateTime(view.myAcknowledgement.at, locale)}
              {view.myAcknowledgement.byName && `（${view.myAcknowledgement.byName}）`}
            </p>
          )}
          <SummaryCommands
            key={`${view.revision}-${String(shown.version)}`}
            summaryId={view.id}
            revision={view.revision}
            acknowledgeVersion={
              view.can.acknowledge && typeof shown.version === "number" ? shown.version : null
            }
            mayAmend={view.can.amend}
            amendmentInProgress={view.can.edit && view.status === "amending"}
            draftInProgress={view.can.edit && view.status === "draft"}
            labels={{
              acknowledge: d.acknowledge,
              amend: d.amend,
              continueAmendment: d.continueAmendment,
              discardAmendment: d.discardAmendment,
              discardAmendmentConfirm: d.discardAmendmentConfirm,
              edit: d.edit,
              conflict: d.conflict,
              showLatest: d.showLatest,
            }}
          />
        </section>
      )}

      <section className="card">
        <SummaryView
          content={content}
          sections={view.sections}
          t={t}
          locale={locale}
          professionLabel={t.common.professions[me.profession]}
        />
      </section>

      {(view.versions.length > 0 || hasWorkingCopy) && (
        <section className="card" data-testid="summary-versions">
          <h2 className="mb-2 font-semibold">{d.versions}</h2>
          <ol className="space-y-2">
            {view.versions.map((v) => (
              <li key={v.version} data-testid="summary-version" data-version={v.version}>
                <Link
                  href={versionHref(v.version)}
                  aria-current={shown.version === v.version ? "page" : undefined}
                  className={`block rounded-md border px-3 py-2 text-sm hover:bg-brand-50 ${
                    shown.version === v.version ? "border-brand-600 bg-brand-50" : "border-slate-200"
                  }`}
                >
                  <span className="font-medium">{d.version(v.version)}</span>
                  <span className="ml-2 text-slate-600">
                    {formatDateTime(v.issuedAt, locale)}
                    {v.authorName && ` ・ ${v.authorName}`}
                  </span>
                  {v.amendmentNote && (
                    <span className="block text-slate-700">
                      {d.amendmentNote}: {v.amendmentNote}
                    </span>
                  )}
                </Link>
              </li>
            ))}
            {hasWorkingCopy && (
              <li>
                <Link
                  href={versionHref("draft")}
                  aria-current={shown.version === "draft" ? "page" : undefined}
                  className={`block rounded-md border border-dashed px-3 py-2 text-sm hover:bg-brand-50 ${
                    shown.version === "draft" ? "border-brand-600 bg-brand-50" : "border-slate-300"
                  }`}
                >
                  {view.status === "amending" ? d.amendmentDraft : d.draft}
                </Link>
              </li>
            )}
          </ol>
        </section>
      )}

      {view.recipients.length > 0 && (
        <section className="card" data-testid="summary-recipient-list">
          <h2 className="mb-2 font-semibold">{d.recipients}</h2>
          <ul className="divide-y divide-slate-100">
            {view.recipients.map((r) => {
              const latestAck = r.acknowledgements.some((a) => a.version === view.sentVersion);
              return (
                <li
                  key={r.facilityId}
                  className="space-y-1 py-2 text-sm"
                  data-testid="summary-recipient"
                  data-acknowledged={latestAck ? "true" : "false"}
                >
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{r.facilityName}</span>
                    <span className="badge bg-slate-100 text-slate-700">{d.kinds[r.kind]}</span>
                    {r.practitionerName && <span className="text-slate-600">{r.practitionerName}</span>}
                    <span className="text-xs text-slate-500">
                      {r.sinceVersion ? d.since(r.sinceVersion) : d.notYetSent}
                    </span>
                  </p>
                  {r.acknowledgements.map((a) => (
                    <p key={a.version} className="text-green-800" data-testid="summary-ack">
                      ✓ {d.ackedBy(a.version, formatDateTime(a.at, locale), a.byName ?? "")}
                    </p>
                  ))}
                  {r.sinceVersion !== null && view.sentVersion > 0 && !latestAck && (
                    <p className="text-amber-800">{d.awaitingAck(view.sentVersion)}</p>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <p>
        <Link
          className="text-sm text-brand-700 underline"
          href={view.side === "author" ? "/summaries?tab=outbox" : "/summaries"}
        >
          {t.common.actions.back}
        </Link>
      </p>
    </div>
  );
}
