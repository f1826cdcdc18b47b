import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getPathwaySheet, type PathwaySheet } from "@/server/domain/pathways/get-pathway-sheet";
import {
  listHandoverCandidates,
  type HandoverTarget,
} from "@/server/domain/pathways/list-handover-candidates";
import {
  HANDOVER_DECLINE_REASON_LABELS,
  VARIANCE_CATEGORY_LABELS,
} from "@/server/domain/pathways/pathway-labels";
import { measureKey } from "@/server/model/pathway-template";
import { PATHWAY_TEMPLATES } from "@/server/domain/pathways/templates";
import { getPatient, type PatientView } from "@/server/domain/patients/get-patient";
import {
  formatDate,
  formatDateTime,
  getI18n,
  type Locale,
  type Messages,
  formatBirthDate,
  titled,
} from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { RefusedCard } from "@/app/ui/refused-card";
import { ConsentRequiredPanel } from "@/app/(app)/patients/[patientId]/consent-required-panel";
import { AnswerHandoverForms } from "./sheet-forms/answer-handover-forms";
import { CancelHandoverButton } from "./sheet-forms/cancel-handover-button";
import { EndEnrolmentForms } from "./sheet-forms/end-enrolment-forms";
import { HandoverForm } from "./sheet-forms/handover-form";
import { MeasuresForm, type MeasureField } from "./sheet-forms/measures-form";
import type { SheetFormLabels } from "./sheet-forms/parts";
import { VarianceForm } from "./sheet-forms/variance-form";
import { call } from "@/app/lib/call";
import { firstParam as one } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.pathwaySheet");

type Search = Record<string, string | string[] | undefined>;
/** what changes this sheet: handovers, and a pathway meeting's decision for the reader's facility */
const PATHWAY_KINDS = [
  "pathway_handover_requested",
  "pathway_handover_answered",
  "meeting_decision_assigned",
] as const;
type Stage = PathwaySheet["stages"][number];

const STAGE_STYLE: Record<Stage["status"], string> = {
  not_reached: "bg-slate-100 text-slate-600",
  skipped: "bg-slate-100 text-slate-600",
  active: "bg-brand-600 text-white",
  completed: "bg-green-100 text-green-800",
  discontinued: "bg-red-100 text-red-800",
};
const ENROLMENT_STYLE: Record<PathwaySheet["enrolment"]["status"], string> = {
  active: "bg-brand-600 text-white",
  completed: "bg-green-100 text-green-800",
  withdrawn: "bg-red-100 text-red-800",
};

/**
 * The pathway sheet (連携パスシート) across facilities: every stage with its
 * facility, dates, length of stay against the plan, measures and variances,
 * and the forms this reader may use, the ones the domain would accept from
 * them (sheet.permissions). Each form carries the version it was shown.
 */
export default async function PathwaySheetPage({
  params,
  searchParams,
}: {
  params: Promise<{ enrolmentId: string }>;
  searchParams: Promise<Search>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const m = t.pathways;
  const { enrolmentId } = await params;
  const consentFor = one((await searchParams).consent);
  let sheet: PathwaySheet;
  try {
    sheet = await call(getPathwaySheet, me, enrolmentId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    return <RefusedCard testId="pathway-refused">{tr(e)}</RefusedCard>;
  }
  const { enrolment, patient, permissions } = sheet;
  const definition = PATHWAY_TEMPLATES.find(
    (d) => d.code === enrolment.pathway && d.version === enrolment.templateVersion,
  );
  // the handover form's choices: only for those who may ask, while no request is pending
  const targets: HandoverTarget[] =
    permissions.write && !sheet.pendingHandover ? await call(listHandoverCandidates, me, enrolmentId) : [];
  // after a refusal for consent: the consent forms, which read the patient's consents (audited)
  const refusedFacility = consentFor
    ? targets.flatMap((s) => s.facilities).find((f) => f.id === consentFor)
    : undefined;
  let consentView: PatientView | null = null;
  if (refusedFacility) {
    try {
      consentView = await call(getPatient, me, { patientId: patient.id });
    } catch (e) {
      if (!isDomainError(e)) throw e;
    }
  }

  const { range, consentRefused, ...plain } = m.forms;
  const formLabels: SheetFormLabels = { ...plain, consentRefused: consentRefused("{facility}") };
  const measureFields = (stage: Stage): MeasureField[] => {
    const stageDefinition = definition?.stages.find((s) => s.key === stage.key);
    return (stageDefinition?.measures ?? []).map((sm) => {
      const key = measureKey(sm);
      const instrument = definition!.instruments[sm.instrument]!;
      const shown = stage.measures.find((x) => x.key === key);
      const base = { key, label: shown?.label[locale] ?? key, value: shown?.value ?? null };
      switch (instrument.kind) {
        case "integer":
          return {
            ...base,
            kind: "integer",
            min: instrument.min,
            max: instrument.max,
            step: instrument.step,
            hint: range(instrument.min, instrument.max, instrument.step),
          };
        case "code":
          return {
            ...base,
            kind: "code",
            options: instrument.codes.map((c) => ({ value: c.code, label: c.label[locale] })),
          };
        default:
          return { ...base, kind: instrument.kind };
      }
    });
  };
  const current = sheet.stages.find((s) => s.stageId === sheet.currentStage?.stageId);
  const mayRecordStage = (stage: Stage) =>
    stage.stageId !== null &&
    ((stage.stageId === sheet.currentStage?.stageId && permissions.write) ||
      (stage.stageId !== sheet.currentStage?.stageId && permissions.correctEarlierStages));
  const categories = Object.entries(VARIANCE_CATEGORY_LABELS).map(([value, label]) => ({
    value,
    label: label[locale],
  }));

  return (
    <div className="space-y-4">
      <LiveRefresh pathwayEnrolmentId={enrolmentId} kinds={PATHWAY_KINDS} />
      <header className="card space-y-3" data-testid="pathway-header">
        <div className="flex flex-wrap items-center gap-2">
          <span className={`badge ${ENROLMENT_STYLE[enrolment.status]}`} data-testid="pathway-status">
            {m.statuses[enrolment.status]}
          </span>
          <span className="font-semibold">{enrolment.pathwayName[locale]}</span>
          <span className="text-xs text-slate-500">{m.sheet.template(enrolment.templateVersion)}</span>
        </div>
        <div>
          <h1 className="text-xl font-bold" data-testid="pathway-patient">
            {patient.name}
            <span className="ml-2 text-sm font-normal text-slate-600">{patient.nameKana}</span>
          </h1>
          <p className="text-sm text-slate-600">
            {formatBirthDate(patient.birthDate, locale)} ・ {t.common.sex[patient.sex]} ・{" "}
            {m.sheet.regionalId} <span className="font-mono">{patient.regionalId}</span>
          </p>
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
          <Item label={m.sheet.onsetOn} value={enrolment.onsetOn && formatDate(enrolment.onsetOn, locale)} />
          <Item label={m.sheet.startedOn} value={formatDate(enrolment.startedOn, locale)} />
          {enrolment.endedOn && (
            <Item label={m.sheet.endedOn} value={formatDate(enrolment.endedOn, locale)} />
          )}
          {enrolment.withdrawReason && (
            <Item label={m.sheet.withdrawReason} value={m.withdrawReasons[enrolment.withdrawReason]} />
          )}
        </dl>
        {enrolment.endNote && (
          <p className="text-sm">
            <span className="text-slate-500">{m.sheet.endNote}: </span>
            {enrolment.endNote}
          </p>
        )}
        <p>
          <a
            className="btn-secondary"
            href={`/api/pathways/${enrolment.id}/sheet.pdf`}
            data-testid="pathway-pdf"
            download
          >
            {m.sheet.pdf}
          </a>
        </p>
      </header>

      {sheet.pendingHandover && (
        <section
          className="card space-y-3 border-amber-300 bg-amber-50"
          data-testid="pending-handover"
          aria-label={m.sheet.pending}
        >
          <p className="font-semibold text-amber-950">
            {m.sheet.pendingTo(
              sheet.pendingHandover.facility.name,
              sheet.stages.find((s) => s.key === sheet.pendingHandover!.stageKey)?.name[locale] ??
                sheet.pendingHandover.stageKey,
            )}
          </p>
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
            {sheet.pendingHandover.requestedAt && (
              <Item
                label={m.sheet.requestedAt}
                value={formatDateTime(sheet.pendingHandover.requestedAt, locale)}
              />
            )}
            {sheet.pendingHandover.plannedOn && (
              <Item label={m.sheet.plannedOn} value={formatDate(sheet.pendingHandover.plannedOn, locale)} />
            )}
            {sheet.pendingHandover.note && (
              <div className="sm:col-span-2">
                <Item label={m.sheet.note} value={sheet.pendingHandover.note} />
              </div>
            )}
          </dl>
          {permissions.answerHandover && (
            <AnswerHandoverForms
              enrolmentId={enrolment.id}
              version={enrolment.version}
              defaultAdmittedOn={sheet.pendingHandover.plannedOn ?? ""}
              declineReasons={Object.entries(HANDOVER_DECLINE_REASON_LABELS).map(([value, label]) => ({
                value,
                label: label[locale],
              }))}
              labels={formLabels}
            />
          )}
          {permissions.write && (
            <CancelHandoverButton
              enrolmentId={enrolment.id}
              version={enrolment.version}
              labels={formLabels}
            />
          )}
        </section>
      )}

      <section className="space-y-3" aria-labelledby="pathway-stages">
        <h2 id="pathway-stages" className="font-semibold">
          {m.sheet.stages}
        </h2>
        <ol className="space-y-3">
          {sheet.stages.map((stage, index) => (
            <li
              key={stage.key}
              className={`card space-y-3 ${stage.status === "active" ? "border-brand-600" : ""}`}
              data-testid="pathway-stage"
              data-stage={stage.key}
              data-status={stage.status}
            >
              <StageView stage={stage} index={index} t={t} locale={locale} />
              {mayRecordStage(stage) && (
                <div className="grid gap-2">
                  <MeasuresForm
                    title={stage === current ? m.forms.measures : m.forms.correct}
                    testId={`measures-${stage.key}`}
                    enrolmentId={enrolment.id}
                    version={enrolment.version}
                    stageId={stage.stageId!}
                    dateLabels={
                      stage.inpatient
                        ? { admittedOn: m.sheet.admittedOn, dischargedOn: m.sheet.dischargedOn }
                        : { admittedOn: m.sheet.startOn, dischargedOn: m.sheet.endOn }
                    }
                    admittedOn={stage.admittedOn}
                    dischargedOn={stage.dischargedOn}
                    measures={measureFields(stage)}
                    labels={formLabels}
                  />
                  <VarianceForm
                    title={m.forms.variance}
                    testId={`variance-${stage.key}`}
                    enrolmentId={enrolment.id}
                    version={enrolment.version}
                    stageId={stage.stageId!}
                    categories={categories}
                    labels={formLabels}
                  />
                </div>
              )}
            </li>
          ))}
        </ol>
      </section>

      {permissions.write && (targets.length > 0 || current) && (
        <section className="card space-y-2" data-testid="pathway-commands">
          {targets.length > 0 && (
            <HandoverForm
              title={m.forms.handover}
              enrolmentId={enrolment.id}
              version={enrolment.version}
              targets={targets.map((s) => ({
                stageKey: s.stageKey,
                name: s.name[locale],
                next: s.next,
                facilities: s.facilities.map((f) => ({ id: f.id, name: f.name, inConsent: f.inConsent })),
              }))}
              labels={formLabels}
            />
          )}
          {current && (
            <EndEnrolmentForms
              enrolmentId={enrolment.id}
              version={enrolment.version}
              defaultEndedOn={current.dischargedOn ?? ""}
              withdrawReasons={Object.entries(m.withdrawReasons).map(([value, label]) => ({ value, label }))}
              labels={formLabels}
            />
          )}
        </section>
      )}

      {refusedFacility && consentView && (
        <ConsentRequiredPanel
          me={me}
          view={consentView}
          facilityId={refusedFacility.id}
          texts={{ ...m.consent, nowInScope: m.consent.nowInScope(refusedFacility.name) }}
          t={t}
        />
      )}

      {sheet.decisions.length > 0 && (
        <section className="card" data-testid="pathway-decisions">
          <h2 className="mb-2 font-semibold">{m.sheet.decisions}</h2>
          <ul className="divide-y divide-slate-100 text-sm">
            {sheet.decisions.map((d) => (
              <li
                key={d.id}
                className="py-2"
                data-testid="pathway-decision"
                data-ours={d.responsibleFacilityId === me.facilityId || undefined}
              >
                <p className="text-slate-500">
                  {d.responsibleFacilityId === me.facilityId && (
                    // what the reader's own facility has to do: the notification brought them here
                    <span className="badge mr-2 bg-amber-100 text-amber-900">{m.sheet.ourFacility}</span>
                  )}
                  <Link className="text-brand-700 underline" href={`/pathway-meetings/${d.meetingId}`}>
                    {d.meetingTitle}
                  </Link>{" "}
                  {formatDateTime(d.occursAt, locale)}
                </p>
                <p className="whitespace-pre-wrap">{d.decision}</p>
                <p className="text-slate-600">
                  {m.sheet.responsible}: {d.responsibleFacilityName}
                  {d.dueOn && ` ・ ${m.sheet.dueOn}: ${formatDate(d.dueOn, locale)}`}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}

      <p className="text-xs text-slate-500">{m.sheet.live}</p>
      <p>
        <Link className="text-sm text-brand-700 underline" href="/pathways">
          {m.sheet.back}
        </Link>
      </p>
    </div>
  );
}

function Item({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words">{value || "—"}</dd>
    </div>
  );
}

/** One stage as read: where, when, how long against the plan, what was measured, what went off-plan. */
function StageView({
  stage,
  index,
  t,
  locale,
}: {
  stage: Stage;
  index: number;
  t: Messages;
  locale: Locale;
}) {
  const s = t.pathways.sheet;
  const dates = stage.inpatient
    ? { from: s.admittedOn, to: s.dischargedOn }
    : { from: s.startOn, to: s.endOn };
  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-500">{index + 1}.</span>
        <h3 className="font-semibold">{stage.name[locale]}</h3>
        <span className={`badge ${STAGE_STYLE[stage.status]}`} data-testid="stage-status">
          {t.pathways.stageStatuses[stage.status]}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <div className="col-span-2">
          <dt className="text-slate-500">{s.facility}</dt>
          <dd data-testid="stage-facility">{stage.facility?.name ?? s.notYet}</dd>
        </div>
        <Item label={dates.from} value={stage.admittedOn && formatDate(stage.admittedOn, locale)} />
        <Item label={dates.to} value={stage.dischargedOn && formatDate(stage.dischargedOn, locale)} />
        <div className="col-span-2 sm:col-span-4">
          <dt className="text-slate-500">{s.lengthOfStay}</dt>
          <dd data-testid="stage-length-of-stay">
            {stage.lengthOfStay !== null && (
              <span className={stage.overTarget ? "font-semibold text-red-700" : ""}>
                {s.days(stage.lengthOfStay)}
                {" / "}
              </span>
            )}
            {stage.dayOfStay !== null && (
              <span
                className={stage.overTarget ? "font-semibold text-red-700" : ""}
                data-testid="stage-day-of-stay"
              >
                {s.dayOfStay(stage.dayOfStay)}
                {" / "}
              </span>
            )}
            <span className="text-slate-600">{s.target(stage.targetDays)}</span>
            {stage.overTarget && <span className="badge ml-2 bg-red-100 text-red-800">{s.overTarget}</span>}
            {stage.overTarget && stage.dayOfStay !== null && (
              <p className="mt-1 text-xs text-red-800" data-testid="stage-over-target-hint">
                {s.overTargetHint}
              </p>
            )}
          </dd>
        </div>
      </dl>
      {stage.status !== "not_reached" && stage.status !== "skipped" && (
        <div>
          <h4 className="mb-1 text-sm font-medium text-slate-700">{s.measures}</h4>
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2" data-testid="stage-measures">
            {stage.measures.map((mv) => (
              <div
                key={mv.key}
                className="flex justify-between gap-2 border-b border-slate-100 py-1"
                data-measure={mv.key}
              >
                <dt className="text-slate-600">{mv.label[locale]}</dt>
                <dd className={`text-right ${mv.value === null ? "text-slate-400" : "font-medium"}`}>
                  {mv.value === null ? s.noValue : mv.display}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {stage.variances.length > 0 && (
        <div>
          <h4 className="mb-1 text-sm font-medium text-slate-700">{s.variances}</h4>
          <ul className="space-y-2 text-sm" data-testid="stage-variances">
            {stage.variances.map((v) => (
              <li key={v.id} className="rounded-md bg-amber-50 p-2" data-testid="stage-variance">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="badge bg-amber-100 text-amber-900">{v.categoryLabel[locale]}</span>
                  <span>{formatDate(v.occurredOn, locale)}</span>
                  {v.delayDays !== null && <span className="text-amber-900">{s.delayDays(v.delayDays)}</span>}
                </p>
                <p className="mt-1 whitespace-pre-wrap">{v.description}</p>
                {v.reason && <p className="whitespace-pre-wrap text-slate-600">{v.reason}</p>}
                <p className="text-xs text-slate-500">
                  {s.recordedBy}: {v.facilityName}
                </p>
              </li>
            ))}
          </ul>
        </div>
      )}
      {stage.declinedHandovers.length > 0 && (
        <ul className="space-y-1 text-sm text-slate-600" data-testid="stage-declined">
          {stage.declinedHandovers.map((d) => (
            <li key={d.stageId}>
              {d.status === "declined" ? s.declined : s.cancelled}: {d.facilityName}
              {d.reasonLabel && `（${d.reasonLabel[locale]}）`}
              {d.note && ` ${d.note}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
