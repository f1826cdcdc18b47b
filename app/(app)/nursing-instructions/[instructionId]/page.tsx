import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getInstruction, type InstructionView } from "@/server/domain/nursing-instructions/get-instruction";
import { formatDate, formatDateTime, getI18n, titled } from "@/app/i18n";
import { PatientHeading } from "@/app/ui/patient-heading";
import { RefusedCard } from "@/app/ui/refused-card";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { call } from "@/app/lib/call";
import { InstructionStatusBadge } from "../status-badge";
import { AcknowledgeInstructionButton } from "./acknowledge-button";
import { CancelInstruction } from "./cancel-instruction";

export const generateMetadata = titled("titles.nursingInstruction");

const KINDS = [
  "nursing_instruction_received",
  "nursing_instruction_acknowledged",
  "nursing_instruction_cancelled",
] as const;

/** One instruction: the period and the days left first (what the station needs on a phone), then the form. */
export default async function NursingInstructionPage({
  params,
}: {
  params: Promise<{ instructionId: string }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.nursingInstructions;
  const e = m.editor;
  const { instructionId } = await params;
  let view: InstructionView;
  try {
    view = await call(getInstruction, me, instructionId);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    if (err.code === "NOT_FOUND") notFound();
    return <RefusedCard testId="instruction-refused">{tr(err)}</RefusedCard>;
  }
  if (view.can.edit) redirect(`/nursing-instructions/${view.id}/edit`);
  const c = view.content;
  const day = (d: string | null | undefined) => (d ? formatDate(d, locale) : "—");
  const row = (label: string, value: ReactNode, testId?: string) => (
    <div className="py-2" data-testid={testId}>
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="whitespace-pre-wrap">{value || "—"}</dd>
    </div>
  );
  const devices = c.devices.map((d) =>
    d.note ? `${m.devices[d.device]}（${d.note}）` : m.devices[d.device],
  );

  return (
    <div className="space-y-4">
      <LiveRefresh kinds={KINDS} />
      <header className="card space-y-3" data-testid="instruction-header">
        <div className="flex flex-wrap items-center gap-2">
          <InstructionStatusBadge status={view.status} label={m.statuses[view.status]} />
          <span className={`badge ${view.kind === "special" ? "bg-red-100 text-red-900" : "bg-slate-100"}`}>
            {m.kinds[view.kind]}
          </span>
          {view.documentNumber && (
            <span className="text-xs text-slate-500">
              {m.documentNumber}: <span className="font-mono">{view.documentNumber}</span>
            </span>
          )}
        </div>
        <PatientHeading patient={view.patient} t={t} locale={locale} />
        <p
          className={`rounded-md px-3 py-2 text-lg font-semibold ${
            view.expiringSoon ? "bg-amber-100 text-amber-950" : "bg-brand-50 text-brand-900"
          }`}
          data-testid="instruction-period"
        >
          {m.period}: {m.periodValue(day(view.period.start), day(view.period.end))}
          {view.daysLeft !== null && view.status !== "superseded" && (
            <span className="ml-2 text-base" data-testid="instruction-days-left">
              （{m.daysLeft(view.daysLeft)}）
            </span>
          )}
        </p>
        <dl className="grid gap-x-6 text-sm sm:grid-cols-2">
          {row(m.author, [view.author.facilityName, view.author.name].filter(Boolean).join(" ・ "))}
          {row(m.station, view.station?.name ?? "", "instruction-station")}
          {view.sentAt && row(m.sentAt, formatDateTime(view.sentAt, locale))}
          {row(
            m.acknowledged,
            view.acknowledgement
              ? m.acknowledgedBy(
                  formatDateTime(view.acknowledgement.at, locale),
                  view.acknowledgement.byName ?? "",
                )
              : view.status === "sent"
                ? m.awaitingAck
                : "",
            "instruction-acknowledgement",
          )}
        </dl>
        {view.cancellation && (
          <dl
            className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900"
            data-testid="instruction-cancellation"
          >
            <dt className="font-semibold">
              {m.cancelledBy(formatDateTime(view.cancellation.at, locale), view.cancellation.byName ?? "")}
            </dt>
            <dd className="whitespace-pre-wrap">
              {m.cancelReason}: {view.cancellation.reason}
            </dd>
          </dl>
        )}
        {view.can.acknowledge && (
          <AcknowledgeInstructionButton instructionId={view.id} label={m.acknowledge} />
        )}
        {view.can.cancel && (
          <CancelInstruction instructionId={view.id} revision={view.revision} labels={m.cancel} />
        )}
        <span className="flex flex-wrap items-center gap-3 text-sm" data-testid="instruction-documents">
          <span className="text-slate-500">{m.documents}:</span>
          <a
            className="text-brand-700 underline"
            href={`/api/nursing-instructions/${view.id}/instruction.pdf`}
          >
            {m.pdf}
          </a>
          <a
            className="text-brand-700 underline"
            href={`/api/nursing-instructions/${view.id}/instruction.fhir.json`}
          >
            {m.fhir}
          </a>
        </span>
      </header>

      <section className="card">
        <dl className="divide-y divide-slate-100">
          {view.kind === "special" && row(e.specialReason, c.specialReason)}
          {row(
            e.mainDiagnosis,
            c.mainDiagnosis.icd10
              ? `${c.mainDiagnosis.name}（ICD-10 ${c.mainDiagnosis.icd10}）`
              : c.mainDiagnosis.name,
          )}
          {c.otherDiagnoses && row(e.otherDiagnoses, c.otherDiagnoses)}
          {row(e.currentCondition, c.currentCondition)}
          {row(
            e.medications,
            c.noMedication
              ? e.noMedication
              : c.medications.map((x) => [x.name, x.dosage].filter(Boolean).join("　")).join("\n"),
          )}
          {row(
            `${e.bedriddenLevel} ・ ${e.dementiaLevel}`,
            `${c.bedriddenLevel ?? "—"} ・ ${c.dementiaLevel ? m.dementiaLevels[c.dementiaLevel] : "—"}`,
          )}
          {row(e.careLevel, c.careLevel ? m.careLevels[c.careLevel] : "")}
          {row(e.pressureUlcerDepth, c.pressureUlcerDepth ?? e.noUlcer)}
          {row(e.devices, devices.join("\n"))}
          {row(e.careInstructions, c.careInstructions)}
          {row(e.rehabilitation, c.rehabilitation)}
          {row(e.woundCare, c.woundCare)}
          {row(e.deviceManagement, c.deviceManagement)}
          {c.otherInstructions && row(e.otherInstructions, c.otherInstructions)}
          {row(e.emergencyContact, c.emergencyContact, "instruction-emergency")}
          {c.whenAbsent && row(e.whenAbsent, c.whenAbsent)}
          {c.otherStations && row(e.otherStations, c.otherStations)}
        </dl>
      </section>
      <p className="flex flex-wrap gap-4 text-sm">
        <Link className="text-brand-700 underline" href="/nursing-instructions">
          {m.back}
        </Link>
        <Link className="text-brand-700 underline" href={`/patients/${view.patient.id}`}>
          {t.careTeam.backToPatient}
        </Link>
      </p>
    </div>
  );
}
