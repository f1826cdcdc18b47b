import Link from "next/link";
import type { getMeetingAgenda } from "@/server/domain/pathway-meetings/meeting-agenda";
import { stageLabel } from "@/server/domain/pathways/pathway-statistics";
import { ageOn, formatDate, formatDateTime, type Locale, type Messages } from "@/app/i18n";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { AddCaseForm, DecisionForm, RemoveCaseButton, type AgendaFormLabels } from "./agenda-forms";

export type MeetingAgendaView = Awaited<ReturnType<typeof getMeetingAgenda>>;

function agendaFormLabels(t: Messages): AgendaFormLabels {
  const a = t.pathwayMeetingAgenda;
  return {
    remove: a.remove,
    removed: a.removed,
    add: a.add,
    addHelp: a.addHelp,
    chooseCase: a.chooseCase,
    noCandidates: a.noCandidates,
    addSubmit: a.addSubmit,
    added: a.added,
    decisionForm: a.decisionForm,
    decision: a.decision,
    responsibleFacility: a.responsibleFacility,
    chooseFacility: a.chooseFacility,
    pathwayFacilities: a.pathwayFacilities,
    otherFacilities: a.otherFacilities,
    outsideConsent: a.outsideConsent,
    dueOnLabel: a.dueOnLabel,
    record: a.record,
    recorded: a.recorded,
  };
}

/**
 * An occurrence's agenda as this reader sees it (getMeetingAgenda: a case
 * outside the reader's consent is a grey line without a name), with the
 * coordinator's hand on it: remove or add cases while it may change, and a
 * decision per case once the room is open. The same on the occurrence page
 * and beside the video in its conference room.
 */
export function PathwayAgenda({
  agenda,
  t,
  locale,
}: {
  /** with the managers' tools (candidates, facilities): null where the reader may not use them */
  agenda: MeetingAgendaView;
  t: Messages;
  locale: Locale;
}) {
  const a = t.pathwayMeetingAgenda;
  const labels = agendaFormLabels(t);
  const { occurrence, candidates, facilities } = agenda;
  // the domain fills the managers' tools exactly when they may be used (getMeetingAgenda's managerTools)
  const mayChange = candidates !== null;
  const label = (l: { ja: string; en: string }) => l[locale];
  return (
    <section className="card min-w-0 space-y-3" data-testid="pathway-agenda">
      <div>
        <h2 className="font-semibold">{a.title}</h2>
        <p className="text-xs text-slate-500">
          {a.window(formatDateTime(agenda.window.since, locale), formatDateTime(agenda.window.until, locale))}
        </p>
      </div>
      {agenda.cases.length === 0 && <p className="text-sm text-slate-600">{a.noCases}</p>}
      <ol className="space-y-3">
        {agenda.cases.map((c) =>
          c.redacted ? (
            <li
              // not the enrolment's id: nothing of the case reaches a reader outside its consent but its place
              key={`redacted-${c.position}`}
              className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-slate-100 p-3 text-sm text-slate-600"
              data-testid="agenda-case-redacted"
            >
              <span>
                {c.position + 1}. {a.redacted}
              </span>
              {mayChange && (
                <RemoveCaseButton occurrenceId={occurrence.id} enrolmentId={c.enrolmentId} labels={labels} />
              )}
            </li>
          ) : (
            <li
              key={c.enrolmentId}
              className="min-w-0 space-y-2 rounded-md border border-slate-200 p-3"
              data-testid="agenda-case"
              data-enrolment-id={c.enrolmentId}
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium break-words">
                    {c.position + 1}.{" "}
                    <Link className="text-brand-700 underline" href={`/pathways/${c.enrolmentId}`}>
                      {c.name}
                    </Link>
                    <span className="ml-1 text-xs text-slate-500">（{c.nameKana}）</span>
                  </p>
                  <p className="text-sm text-slate-600">
                    {t.patients.age(ageOn(c.birthDate))}・
                    {t.common.sex[c.sex as keyof typeof t.common.sex] ?? c.sex}・{a.regionalId}{" "}
                    <span className="font-mono text-xs">{c.regionalId}</span>
                  </p>
                  <p className="text-sm">
                    {label(c.pathwayName)}・
                    {c.currentStage
                      ? `${a.currentStage}: ${label(c.currentStage.name)}${c.currentStage.facilityName ? `（${c.currentStage.facilityName}）` : ""}`
                      : a.ended}
                  </p>
                </div>
                {mayChange && (
                  <RemoveCaseButton
                    occurrenceId={occurrence.id}
                    enrolmentId={c.enrolmentId}
                    labels={labels}
                  />
                )}
              </div>
              <p className="flex flex-wrap gap-1" data-testid="agenda-reasons">
                {c.reasons.stageChanged && (
                  <span className="badge bg-brand-50 text-brand-800">{a.reasons.stageChanged}</span>
                )}
                {c.reasons.variances > 0 && (
                  <span className="badge bg-amber-100 text-amber-900">
                    {a.reasons.variances(c.reasons.variances)}
                  </span>
                )}
                {c.reasons.added && <span className="badge bg-slate-100">{a.reasons.added}</span>}
              </p>
              {c.changes.length > 0 && (
                <div>
                  <h3 className="text-xs font-semibold text-slate-600">{a.changes}</h3>
                  <ul className="text-sm">
                    {c.changes.map((ch, i) => (
                      <li key={i} className="flex flex-wrap gap-x-2">
                        <span>{a.changeKinds[ch.kind] ?? ch.kind}</span>
                        {ch.stageKey && (
                          <span className="text-slate-600">{label(stageLabel(c.pathway, ch.stageKey))}</span>
                        )}
                        <span className="text-slate-500">{formatDateTime(ch.at, locale)}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <div data-testid="agenda-decisions">
                <h3 className="text-xs font-semibold text-slate-600">{a.decisions}</h3>
                {c.decisions.length === 0 ? (
                  <p className="text-sm text-slate-500">{a.noDecisions}</p>
                ) : (
                  <ul className="space-y-1 text-sm">
                    {c.decisions.map((d) => (
                      <li key={d.id} className="rounded-md bg-green-50 p-2" data-testid="agenda-decision">
                        <p className="break-words whitespace-pre-wrap">{d.decision}</p>
                        <p className="text-xs text-slate-600">
                          {a.responsible}: {d.responsibleFacilityName}・{a.dueOn}:{" "}
                          {d.dueOn ? formatDate(d.dueOn, locale) : a.noDue}
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              {facilities && (
                <DecisionForm
                  occurrenceId={occurrence.id}
                  enrolmentId={c.enrolmentId}
                  facilities={facilities.facilities}
                  pathwayFacilityIds={facilities.cases[c.enrolmentId]?.pathway ?? []}
                  inConsentFacilityIds={facilities.cases[c.enrolmentId]?.inConsent ?? []}
                  // the meeting's day in Tokyo: the earliest due date a decision may have
                  minDueOn={tokyoDateKey(occurrence.startsAt)}
                  labels={labels}
                />
              )}
            </li>
          ),
        )}
      </ol>
      {mayChange && occurrence.status === "scheduled" && agenda.cases.length > 0 && (
        <p className="text-xs text-slate-500">{a.decisionsOnceOpen}</p>
      )}
      {candidates && (
        <AddCaseForm
          occurrenceId={occurrence.id}
          candidates={candidates.map((c) => ({
            enrolmentId: c.enrolmentId,
            label: `${c.name}（${c.regionalId}）${label(c.pathwayName)}${c.currentStage ? `・${label(c.currentStage.name)}` : ""}`,
          }))}
          labels={labels}
        />
      )}
    </section>
  );
}

/** 出席: who joined the occurrence, from which facility, first and last. */
export function AttendanceList({
  attendance,
  t,
  locale,
}: {
  attendance: MeetingAgendaView["attendance"];
  t: Messages;
  locale: Locale;
}) {
  const a = t.pathwayMeetingAgenda;
  return (
    <section className="card" data-testid="attendance">
      <h2 className="mb-2 font-semibold">{a.attendance}</h2>
      {attendance.length === 0 ? (
        <p className="text-sm text-slate-600">{a.noAttendance}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {attendance.map((p) => (
            <li key={p.practitionerId} className="flex flex-wrap gap-x-3" data-testid="attendee">
              <span className="font-medium">
                {p.familyName} {p.givenName}
              </span>
              <span className="text-slate-600">{p.facilityName}</span>
              <span className="text-slate-500">
                {a.firstJoined}: {formatDateTime(p.firstJoinedAt, locale)}
              </span>
              <span className="text-slate-500">
                {a.lastJoined}: {formatDateTime(p.lastJoinedAt, locale)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
