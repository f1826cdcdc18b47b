import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { getMeetingSeries, type MeetingSeries } from "@/server/domain/pathway-meetings/get-meeting-series";
import { meetingFormOptions } from "@/server/domain/pathway-meetings/meeting-form-options";
import { readRecurrenceChoice } from "@/server/domain/pathway-meetings/recurrence-choice";
import { getI18n, titled } from "@/app/i18n";
import { meetingFormProps } from "../../form-props";
import { MeetingForm } from "../../meeting-form";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.editPathwayMeeting");

/**
 * The scheduling form filled in with the meeting as it is, sent back with its
 * sequence (the version the organizer saw). Managers only; updateMeeting
 * refuses anyone else, and a schedule change once an occurrence was held.
 */
export default async function EditMeetingPage({ params }: { params: Promise<{ meetingId: string }> }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const m = t.pathwayMeetings;
  const { meetingId } = await params;
  let series: MeetingSeries;
  try {
    series = await call(getMeetingSeries, me, { meetingId });
  } catch (e) {
    if (isDomainError(e) && (e.code === "NOT_FOUND" || e.code === "VALIDATION")) notFound();
    throw e;
  }
  const { meeting } = series;
  const back = (
    <Link
      className="inline-block min-h-11 py-2 text-brand-700 underline"
      href={`/pathway-meetings/${meeting.id}`}
    >
      {m.series}
    </Link>
  );
  if (!series.me.manage) {
    return (
      <div className="space-y-2">
        <p className="card text-slate-700" data-testid="meeting-not-allowed">
          {m.notAllowed}
        </p>
        {back}
      </div>
    );
  }
  if (meeting.status === "cancelled") {
    return (
      <div className="space-y-2">
        <p className="card text-slate-700">{m.form.cancelledMeeting}</p>
        {back}
      </div>
    );
  }
  const options = await call(meetingFormOptions, me);
  // a facility invited before it was made inactive stays on the list, so it can be unticked (it cannot be saved ticked)
  const offered = [
    ...options.facilities,
    ...series.facilities.filter((f) => !options.facilities.some((o) => o.id === f.id)),
  ];
  const held = series.occurrences.some((o) => o.status === "open");
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{m.form.editTitle}</h1>
      {held && <p className="card text-sm text-slate-700">{m.form.heldKeepsSchedule}</p>}
      <MeetingForm
        {...meetingFormProps(t, locale, offered)}
        edit={{ meetingId: meeting.id, sequence: meeting.sequence }}
        initial={{
          title: meeting.title,
          pathway: meeting.pathway ?? "",
          description: meeting.description,
          location: meeting.location,
          firstStart: meeting.firstStart,
          durationMinutes: meeting.durationMinutes,
          choice: readRecurrenceChoice(meeting.rrule),
          invitees: series.invitees.map((p) => ({
            id: p.id,
            name: p.name,
            detail: `${t.common.professions[p.profession]}・${p.facilityName}`,
          })),
          facilityIds: series.facilities.map((f) => f.id),
        }}
      />
      {back}
    </div>
  );
}
