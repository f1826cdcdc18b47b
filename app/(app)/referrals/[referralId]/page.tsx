import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { env } from "@/server/env";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getReferral } from "@/server/domain/referrals/get-referral";
import {
  REFERRAL_AUTHOR_PROFESSIONS,
  REFERRAL_TRIAGE_PROFESSIONS,
} from "@/server/domain/referrals/load-referral";
import { FINAL_STATUSES } from "@/server/domain/referrals/referral-status";
import { ReferralLetterContent, ReferralReplyContent } from "@/server/model/referral-letter";
import { listReferralDestinations } from "@/server/domain/referrals/referral-destination";
import { SUMMARY_AUTHOR_PROFESSIONS } from "@/server/domain/summaries/load-summary";
import { listReferralSummaries } from "@/server/domain/summaries/list-referral-summaries";
import { formatDate, formatDateTime, getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { SentToast } from "@/app/ui/sent-toast";
import { StartSummaryButton } from "@/app/(app)/summaries/start-summary-button";
import { AttachmentsPanel } from "../attachments-panel";
import { attachmentLabels, attachmentLines } from "../attachment-lines";
import { StatusBadge } from "../status-badge";
import { AcknowledgeButton, CopyReferralButton, ReferralCommands, type CommandName } from "./commands";
import { LetterView, ReplyView } from "./letter-view";
import { tokyoDateTimeLocal } from "@/app/lib/tokyo-time";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.referral");

export default async function ReferralPage({
  params,
  searchParams,
}: {
  params: Promise<{ referralId: string }>;
  searchParams: Promise<{ sent?: string | string[] }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const r = t.referrals;
  const { referralId } = await params;
  let view: Awaited<ReturnType<typeof getReferral>>;
  try {
    view = await call(getReferral, me, referralId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    return (
      <RefusedCard testId="referral-refused">
        {e.code === "CONSENT_REQUIRED" ? r.detail.redacted : tr(e)}
      </RefusedCard>
    );
  }
  const { referral, patient, side } = view;
  if (side === "referrer" && referral.status === "draft") redirect(`/referrals/${referralId}/edit`);

  // the transition table says what is open on this side; the profession narrows it (replies are the doctors')
  const isAuthor = REFERRAL_AUTHOR_PROFESSIONS.includes(me.profession);
  const mayTriage = REFERRAL_TRIAGE_PROFESSIONS.includes(me.profession);
  const commands = view.commands.filter((c): c is CommandName => {
    if (c === "send" || c === "receive") return false;
    if (c === "cancel") return isAuthor;
    if (c === "interim_report" || c === "complete") return isAuthor;
    return mayTriage;
  });
  const destinations = commands.includes("forward")
    ? await call(listReferralDestinations, me, referral.referrerFacilityId)
    : [];
  const content = ReferralLetterContent.parse(referral.content);
  const mayUpload =
    (side === "referrer" && referral.status === "draft") ||
    (side === "destination" && !FINAL_STATUSES.includes(referral.status));

  // the hospital that took the patient in answers the referral with a discharge summary (one)
  const summaries = await call(listReferralSummaries, me, referral.id);
  const mayWriteSummary =
    !summaries.some((s) => s.mine) &&
    side === "destination" &&
    me.facilityKind === "hospital" &&
    SUMMARY_AUTHOR_PROFESSIONS.includes(me.profession) &&
    (["accepted", "interim_report", "completed"] as const).some((s) => s === referral.status);

  const eventDetails = (details: Record<string, unknown>) => {
    const lines: string[] = [];
    if (typeof details.appointmentAt === "string")
      lines.push(`${r.detail.appointment}: ${formatDateTime(details.appointmentAt, locale)}`);
    if (typeof details.reason === "string")
      lines.push(
        `${r.commands.reason}: ${r.declineReasons[details.reason as keyof typeof r.declineReasons] ?? details.reason}`,
      );
    if (typeof details.note === "string" && details.note) lines.push(`${r.commands.note}: ${details.note}`);
    return lines;
  };

  return (
    <div className="space-y-4">
      <LiveRefresh referralId={referral.id} />
      {(await searchParams).sent === "1" && side === "referrer" && referral.documentNumber && (
        <SentToast
          text={r.editor.sentToast.replace("{number}", referral.documentNumber)}
          closeLabel={t.common.actions.close}
        />
      )}
      <header className="card space-y-3" data-testid="referral-header">
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={referral.status} t={t} reader={side === "referrer" ? "sender" : "receiver"} />
          {referral.priority === "urgent" && (
            <span className="badge bg-red-600 text-white">{r.priorities.urgent}</span>
          )}
          {referral.overdue && <span className="badge bg-amber-500 text-white">{r.overdue}</span>}
          {referral.documentNumber && (
            <span className="text-xs text-slate-500">
              {r.detail.documentNumber}: <span className="font-mono">{referral.documentNumber}</span>
            </span>
          )}
        </div>
        <PatientHeading patient={patient} t={t} locale={locale} regionalIdLabel={r.detail.regionalId} />
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">{r.detail.referrer}</dt>
            <dd>
              {view.referrer.facility.name}
              {view.referrer.department && ` ${view.referrer.department}`} ・{" "}
              {view.referrer.practitioner.name}
              {view.referrer.facility.phone && (
                <span className="ml-1 text-slate-500">（{view.referrer.facility.phone}）</span>
              )}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{r.detail.destination}</dt>
            <dd data-testid="referral-destination">
              {view.destination.facility.name} {view.destination.department.name}
              {view.destination.practitioner && ` ・ ${view.destination.practitioner.name}`}
            </dd>
          </div>
          {referral.requestedBy && (
            <div>
              <dt className="text-slate-500">{r.detail.requestedBy}</dt>
              <dd>{formatDate(referral.requestedBy, locale)}</dd>
            </div>
          )}
          {referral.appointmentAt && (
            <div>
              <dt className="text-slate-500">{r.detail.appointment}</dt>
              <dd className="font-semibold" data-testid="referral-appointment">
                {formatDateTime(referral.appointmentAt, locale)}
              </dd>
            </div>
          )}
          {referral.status === "declined" && referral.declineReason && (
            <div className="sm:col-span-2">
              <dt className="text-slate-500">{r.detail.declined}</dt>
              <dd>
                {r.declineReasons[referral.declineReason]}
                {referral.declineNote && ` — ${referral.declineNote}`}
              </dd>
            </div>
          )}
          {referral.status === "cancelled" && referral.cancelNote && (
            <div className="sm:col-span-2">
              <dt className="text-slate-500">{r.detail.cancelled}</dt>
              <dd>{referral.cancelNote}</dd>
            </div>
          )}
        </dl>
        {side === "former_destination" && (
          <p className="rounded-md bg-slate-100 p-2 text-sm text-slate-700">{r.detail.formerDestination}</p>
        )}
        {side === "referrer" &&
          isAuthor &&
          (referral.status === "declined" || referral.status === "cancelled") && (
            <CopyReferralButton referralId={referral.id} label={r.detail.copyAsNew} />
          )}
        <div className="flex flex-wrap gap-3 text-sm">
          {summaries.map((s) => (
            <Link
              key={s.id}
              className="btn-secondary"
              href={`/summaries/${s.id}`}
              data-testid="referral-summary-link"
            >
              {t.summaries.title}（
              {s.sentVersion > 0 ? t.summaries.list.version(s.sentVersion) : t.summaries.statuses[s.status]}）
            </Link>
          ))}
          {mayWriteSummary && (
            <StartSummaryButton
              patientId={patient.id}
              referralId={referral.id}
              authorDepartment={view.destination.department.name}
              label={t.summaries.newSummary}
              pendingLabel={t.summaries.starting}
            />
          )}
          {view.referrerRecordAvailable && (
            <a
              className="btn-secondary"
              href={`/api/referrals/${referral.id}/referrer-record`}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="referrer-record-link"
            >
              {r.detail.recordLink}
            </a>
          )}
          <span className="flex flex-wrap items-center gap-3" data-testid="letter-documents">
            <span className="text-slate-500">{r.detail.documents}:</span>
            <a className="text-brand-700 underline" href={`/api/referrals/${referral.id}/letter.pdf`}>
              {r.detail.letterPdf}
            </a>
            <a className="text-brand-700 underline" href={`/api/referrals/${referral.id}/letter.fhir.json`}>
              {r.detail.letterFhir}
            </a>
          </span>
        </div>
      </header>

      {commands.length > 0 && (
        <section className="card space-y-2">
          <h2 className="font-semibold">{r.detail.commands}</h2>
          <ReferralCommands
            key={referral.version}
            referralId={referral.id}
            version={referral.version}
            commands={commands}
            destinations={destinations}
            kindLabels={t.common.facilityKinds}
            appointmentLocal={referral.appointmentAt ? tokyoDateTimeLocal(referral.appointmentAt) : ""}
            labels={{
              commands: r.commands,
              declineReasons: r.declineReasons,
              reply: r.reply,
              dispositions: r.dispositions,
              letter: r.letter,
              destination: r.destination,
            }}
          />
        </section>
      )}

      {view.replies.length > 0 && (
        <section className="card space-y-4" data-testid="replies">
          <h2 className="font-semibold">{r.detail.replies}</h2>
          {view.replies.map((reply) => (
            <article
              key={reply.id}
              className="rounded-md border border-slate-200 p-3"
              data-testid="reply"
              data-kind={reply.kind}
            >
              <header className="flex flex-wrap items-center gap-2 text-sm">
                <span className="badge bg-brand-100 text-brand-800">{r.reply[reply.kind]}</span>
                <span className="font-mono text-xs text-slate-500">{reply.documentNumber}</span>
                <span className="text-slate-600">
                  {r.reply.by}: {reply.authorName} ・ {formatDateTime(reply.sentAt, locale)}
                </span>
                {/* PDF of the reply: the route /api/referrals/[id]/replies/[replyId]/reply.pdf comes with the renderers */}
                <a
                  className="text-brand-700 underline sm:ml-auto"
                  href={`/api/referrals/${referral.id}/replies/${reply.id}/reply.pdf`}
                >
                  {r.detail.replyPdf}
                </a>
              </header>
              <ReplyView content={ReferralReplyContent.parse(reply.content)} t={t} locale={locale} />
              <footer className="mt-2 border-t border-slate-100 pt-2 text-sm">
                {reply.acknowledgedAt ? (
                  <span className="text-green-800" data-testid="reply-acknowledged">
                    ✓ {r.reply.acknowledgedAt} {formatDateTime(reply.acknowledgedAt, locale)}
                  </span>
                ) : side === "referrer" ? (
                  <AcknowledgeButton
                    referralId={referral.id}
                    replyId={reply.id}
                    label={r.reply.acknowledge}
                  />
                ) : (
                  <span className="text-slate-600" data-testid="reply-not-acknowledged">
                    {r.reply.notAcknowledged}
                  </span>
                )}
              </footer>
            </article>
          ))}
        </section>
      )}

      <section className="card">
        <h2 className="mb-1 font-semibold">{r.title}</h2>
        <LetterView content={content} t={t} locale={locale} />
      </section>

      <AttachmentsPanel
        referralId={referral.id}
        attachments={attachmentLines(view.attachments, locale)}
        maxBytes={env().REFERRAL_ATTACHMENT_MAX_BYTES}
        canUpload={mayUpload}
        canRemove={false}
        labels={attachmentLabels(t)}
      />

      <section className="card" data-testid="timeline">
        <h2 className="mb-2 font-semibold">{r.detail.timeline}</h2>
        <ol className="space-y-2 border-l-2 border-slate-200 pl-4">
          {view.events.map((event) => (
            <li key={event.id} data-testid="timeline-event" data-kind={event.kind}>
              <p className="text-sm">
                <span className="font-medium">{r.events[event.kind]}</span>
                <span className="ml-2 text-slate-600">
                  {event.actorName}（{event.actorFacilityName}）
                </span>
                <span className="ml-2 text-xs text-slate-500">{formatDateTime(event.at, locale)}</span>
              </p>
              {eventDetails(event.details).map((line) => (
                <p key={line} className="text-sm whitespace-pre-wrap text-slate-700">
                  {line}
                </p>
              ))}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link
          className="text-sm text-brand-700 underline"
          href={side === "referrer" ? "/referrals?tab=outbox" : "/referrals"}
        >
          {t.common.actions.back}
        </Link>
      </p>
    </div>
  );
}
