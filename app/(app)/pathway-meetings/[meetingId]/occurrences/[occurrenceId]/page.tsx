import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { joinPhase, joinWindow } from "@/server/domain/pathway-meetings/join-window";
import { getMeetingAgenda } from "@/server/domain/pathway-meetings/meeting-agenda";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { RefusedCard } from "@/app/ui/refused-card";
import { AttendanceList, PathwayAgenda, type MeetingAgendaView } from "../../../_agenda/pathway-agenda";
import { formatMeetingTime } from "../../../meeting-format";
import { JoinButton, type JoinPhase } from "./join-button";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.pathwayMeetingOccurrence");

const STATUS_STYLE: Record<MeetingAgendaView["occurrence"]["status"], string> = {
  scheduled: "bg-slate-100 text-slate-700",
  open: "bg-brand-600 text-white",
  cancelled: "bg-red-100 text-red-800",
};

/**
 * One occurrence of a pathway meeting: when, its status and the way into its
 * room (会議に参加), the agenda as this reader may see it with the
 * coordinator's hand on it and the minutes, and who attended.
 */
export default async function OccurrencePage({
  params,
}: {
  params: Promise<{ meetingId: string; occurrenceId: string }>;
}) {
  const me = await requirePractitioner();
  const { t, locale, tr } = await getI18n();
  const a = t.pathwayMeetingAgenda;
  const { meetingId, occurrenceId } = await params;
  let agenda: MeetingAgendaView;
  try {
    agenda = await call(getMeetingAgenda, me, { occurrenceId }, { managerTools: true });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "NOT_FOUND" || e.code === "VALIDATION") notFound();
    return <RefusedCard testId="occurrence-refused">{tr(e)}</RefusedCard>;
  }
  // the occurrence belongs to the meeting in the address, or the address is wrong
  if (agenda.meeting.id !== meetingId) notFound();

  const { occurrence, meeting } = agenda;
  const { opensAt, closesAt } = joinWindow(occurrence);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request: the phase is as of that request, never re-rendered in the browser
  const now = Date.now();
  const phase: JoinPhase =
    occurrence.status === "cancelled" || meeting.status === "cancelled"
      ? "cancelled"
      : joinPhase(now, opensAt.getTime(), closesAt.getTime());
  const endTime = formatMeetingTime(occurrence.endsAt);

  return (
    <div className="space-y-4">
      <header className="card space-y-2">
        <Link className="text-brand-700 text-sm underline" href={`/pathway-meetings/${meetingId}`}>
          ← {a.backToMeeting}
        </Link>
        <h1 className="text-xl font-bold break-words" data-testid="occurrence-title">
          {meeting.title}
        </h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <span data-testid="occurrence-when">
            {formatDateTime(occurrence.startsAt, locale)} 〜 {endTime}
          </span>
          <span className={`badge ${STATUS_STYLE[occurrence.status]}`} data-testid="occurrence-status">
            {a.occurrenceStatuses[occurrence.status]}
          </span>
          {meeting.status === "cancelled" && (
            <span className="badge bg-red-100 text-red-800">{a.meetingCancelled}</span>
          )}
        </p>
        {occurrence.conferenceId && (
          <p className="text-sm">
            {a.room}:{" "}
            <Link className="text-brand-700 underline" href={`/conferences/${occurrence.conferenceId}`}>
              {meeting.title}
            </Link>
          </p>
        )}
        <JoinButton
          occurrenceId={occurrence.id}
          opensAt={opensAt.toISOString()}
          closesAt={closesAt.toISOString()}
          initialPhase={phase}
          labels={{
            join: a.join,
            opensAt: a.joinOpensAt(formatDateTime(opensAt, locale)),
            over: a.joinOver,
            cancelled: a.joinCancelled,
            joining: a.joining,
            help: a.joinHelp,
          }}
        />
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <a
            className="btn-secondary"
            href={`/api/pathway-meetings/${meetingId}/occurrences/${occurrence.id}/minutes.pdf`}
            data-testid="minutes-pdf"
            download
          >
            {a.minutesPdf}
          </a>
          <span className="text-xs text-slate-500">{a.minutesPdfHelp}</span>
        </p>
      </header>
      <PathwayAgenda agenda={agenda} t={t} locale={locale} />
      <AttendanceList attendance={agenda.attendance} t={t} locale={locale} />
    </div>
  );
}
