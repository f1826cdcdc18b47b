import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { listChatMessages } from "@/server/domain/conferences/chat";
import { getConference, type ConferenceView } from "@/server/domain/conferences/get-conference";
import { ageOn, formatBirthDate, formatDateTime, getI18n, titled } from "@/app/i18n";
import { loadRoomAgenda } from "../../pathway-meetings/_agenda/load-agenda";
import { PathwayAgenda } from "../../pathway-meetings/_agenda/pathway-agenda";
import { tokyoDateTimeLocal } from "@/app/lib/tokyo-time";
import { PlanningControls } from "./planning-controls";
import { PrefetchRecordsButton } from "./prefetch-records-button";
import { Room, type RoomLabels } from "./room";
import { call } from "@/app/lib/call";
import { getSfu } from "@/server/sfu/sfu";

export const generateMetadata = titled("titles.conference");

export default async function ConferencePage({
  params,
  searchParams,
}: {
  params: Promise<{ conferenceId: string }>;
  searchParams: Promise<{ enter?: string | string[] }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const c = t.conferences;
  const { conferenceId } = await params;
  let view: ConferenceView;
  try {
    view = await call(getConference, me, { conferenceId });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND" || e.code === "VALIDATION") notFound();
    return (
      <p className="card border-red-300 bg-red-50 text-red-800" data-testid="conference-refused">
        {tr(e)}
      </p>
    );
  }
  // a pathway meeting's room: its occurrence's agenda and minutes beside the video
  const meetingAgenda =
    view.conference.kind === "pathway_meeting" ? await loadRoomAgenda(me, conferenceId) : null;
  const chat =
    view.me.admission === "admitted"
      ? await call(listChatMessages, me, { conferenceId }).catch(() => [])
      : [];
  const names = Object.fromEntries(
    view.participants.map((p) => [p.practitionerId, `${p.familyName} ${p.givenName}`]),
  );
  const labels: RoomLabels = {
    lobbyWaiting: c.lobbyWaiting,
    lobbyRefused: c.lobbyRefused,
    lobbyRemoved: c.lobbyRemoved,
    lobbyTitle: c.lobbyTitle,
    admit: c.admit,
    refuse: c.refuse,
    chat: c.chat,
    send: c.send,
    endForAll: c.endForAll,
    ended: c.ended,
    connecting: c.connecting,
    mediaDenied: c.mediaDenied,
    mediaMissing: c.mediaMissing,
    mediaUnavailable: c.mediaUnavailable,
    mediaRecovered: c.mediaRecovered,
    you: c.you,
    mute: c.mute,
    unmute: c.unmute,
    cameraOff: c.cameraOff,
    cameraOn: c.cameraOn,
    shareScreen: c.shareScreen,
    stopSharing: c.stopSharing,
    screenOf: c.screenOf,
    raiseHand: c.raiseHand,
    lowerHand: c.lowerHand,
    handRaised: c.handRaised,
    muteOther: c.muteOther,
    removeOther: c.removeOther,
    mutedByHost: c.mutedByHost,
    reconnecting: c.reconnecting,
    serverRestarting: c.serverRestarting,
    receiveOnly: c.receiveOnly,
    prejoinTitle: c.prejoinTitle,
    prejoinHelp: c.prejoinHelp,
    camera: c.camera,
    microphone: c.microphone,
    micLevel: c.micLevel,
    speakerTest: c.speakerTest,
    speakerPlaying: c.speakerPlaying,
    speakerHelp: c.speakerHelp,
    enterWithCamera: c.enterWithCamera,
    enterWithMicrophone: c.enterWithMicrophone,
    previewOff: c.previewOff,
    deviceDenied: c.deviceDenied,
    deviceMissing: c.deviceMissing,
    cameraMissing: c.cameraMissing,
    microphoneMissing: c.microphoneMissing,
    deviceBusy: c.deviceBusy,
    deviceFailed: c.deviceFailed,
    insecureContext: c.insecureContext,
    retryDevices: c.retryDevices,
    join: c.join,
  };

  return (
    <div className="space-y-4">
      <header className="card">
        <p className="text-sm text-slate-600">
          {c.kinds[view.conference.kind]} ・{" "}
          <span data-testid="conference-status">{c.statuses[view.conference.status]}</span>
          {view.conference.scheduledStart && ` ・ ${formatDateTime(view.conference.scheduledStart, locale)}`}
        </p>
        <h1 className="text-xl font-bold">{view.conference.title}</h1>
        {meetingAgenda && (
          <p className="mt-1 text-sm">
            <Link
              className="text-brand-700 underline"
              href={`/pathway-meetings/${meetingAgenda.meeting.id}/occurrences/${meetingAgenda.occurrence.id}`}
              data-testid="to-occurrence"
            >
              {t.pathwayMeetingAgenda.toOccurrence}
            </Link>
          </p>
        )}
        {view.conference.scheduledStart &&
          (view.conference.status === "scheduled" || view.conference.status === "cancelled") && (
            <p className="mt-1 text-sm">
              <a
                className="text-brand-700 underline"
                href={`/api/conferences/${conferenceId}/conference.ics`}
                data-testid="conference-ics"
              >
                {c.calendarFile}
              </a>
            </p>
          )}
        {/* before entering too: the point is to have the images here before the meeting starts */}
        {view.agenda.some((a) => !a.redacted) &&
          view.conference.status !== "ended" &&
          view.conference.status !== "cancelled" && (
            <div className="mt-3">
              <PrefetchRecordsButton
                conferenceId={conferenceId}
                labels={{
                  prefetch: t.records.prefetch,
                  prefetching: t.records.prefetching,
                  help: t.records.prefetchHelp,
                  done: t.records.prefetched,
                  failedPart: t.records.prefetchFailed,
                  skippedPart: t.records.prefetchSkipped,
                  imagingDone: t.records.prefetchedImaging,
                  imagingOverBudgetPart: t.records.prefetchImagingOverBudget,
                  imagingFacilityFailed: t.records.prefetchImagingFacilityFailed,
                  imagingFacilityUnanswered: t.records.prefetchImagingFacilityUnanswered,
                }}
              />
            </div>
          )}
      </header>
      {view.me.role === "host" &&
        view.conference.status === "scheduled" &&
        view.conference.kind !== "pathway_meeting" &&
        view.conference.scheduledStart && (
          <PlanningControls
            conferenceId={conferenceId}
            version={view.conference.version}
            initial={{
              title: view.conference.title,
              start: tokyoDateTimeLocal(view.conference.scheduledStart),
              end: view.conference.scheduledEnd ? tokyoDateTimeLocal(view.conference.scheduledEnd) : "",
            }}
            labels={{ ...c.planning, subject: c.subject, start: c.start, end: c.end }}
          />
        )}
      <Room
        conferenceId={conferenceId}
        me={me.practitionerId}
        grants={view.me.grants}
        initialStatus={view.conference.status}
        initialWaiting={view.participants
          .filter((p) => p.admission === "waiting")
          .map((p) => p.practitionerId)}
        names={names}
        inRoom={view.participants.filter((p) => p.admission === "admitted").map((p) => p.practitionerId)}
        initialChat={chat.map((m) => ({
          id: m.id,
          practitionerId: m.practitionerId,
          body: m.body,
          createdAt: m.createdAt.toISOString(),
        }))}
        labels={labels}
        routerRtpCapabilities={getSfu()?.routerRtpCapabilities ?? null}
        rejoin={(await searchParams).enter === "1"}
      >
        {meetingAgenda ? (
          <PathwayAgenda agenda={meetingAgenda} t={t} locale={locale} />
        ) : (
          <section className="card" data-testid="agenda">
            <h2 className="mb-2 font-semibold">{c.agendaTitle}</h2>
            <ol className="space-y-2">
              {view.agenda.map((a) =>
                a.redacted ? (
                  <li
                    key={a.position}
                    className="rounded-md bg-slate-100 p-3 text-sm text-slate-600"
                    data-testid="agenda-redacted"
                  >
                    {a.position + 1}. {c.redacted}
                  </li>
                ) : (
                  <li
                    key={a.position}
                    className="rounded-md border border-slate-200 p-3"
                    data-testid="agenda-case"
                  >
                    <p className="font-medium">
                      {a.position + 1}. {a.name}（{t.patients.age(ageOn(a.birthDate))}・
                      {t.common.sex[a.sex as keyof typeof t.common.sex]}）
                      <span className="ml-2 font-mono text-xs text-slate-500">{a.regionalId}</span>
                    </p>
                    <p className="text-xs text-slate-500">{formatBirthDate(a.birthDate, locale)}</p>
                    {a.question && (
                      <p className="mt-1 text-sm">
                        {c.question}: {a.question}
                      </p>
                    )}
                    {/* a new tab: following the link must not take the reader out of the room */}
                    <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                      <a
                        href={`/patients/${a.patientId}`}
                        target="_blank"
                        rel="noopener"
                        className="text-brand-700 underline"
                        data-testid="agenda-case-patient"
                      >
                        {c.openPatient}
                      </a>
                      <a
                        href={`/patients/${a.patientId}#shared-records`}
                        target="_blank"
                        rel="noopener"
                        className="text-brand-700 underline"
                        data-testid="agenda-case-records"
                      >
                        {c.openRecords}
                      </a>
                    </p>
                  </li>
                ),
              )}
            </ol>
          </section>
        )}
        <section className="card">
          <h2 className="mb-2 font-semibold">{c.participants}</h2>
          <ul className="space-y-1 text-sm">
            {view.participants.map((p) => (
              <li key={p.practitionerId} className="flex flex-wrap gap-2">
                <span className="font-medium">
                  {p.familyName} {p.givenName}
                </span>
                <span className="text-slate-500">
                  {t.common.professions[p.profession]}・{p.facilityName}
                </span>
                <span className="badge bg-slate-100">{c.roles[p.role]}</span>
                <span className="badge bg-slate-100">{c.admissions[p.admission]}</span>
              </li>
            ))}
          </ul>
        </section>
      </Room>
    </div>
  );
}
