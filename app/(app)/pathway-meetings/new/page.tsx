import { requirePractitioner } from "@/server/session/current-practitioner";
import { meetingFormOptions } from "@/server/domain/pathway-meetings/meeting-form-options";
import { getI18n, titled } from "@/app/i18n";
import { meetingFormProps } from "../form-props";
import { MeetingForm } from "../meeting-form";
import { tokyoDateKey } from "@/app/lib/tokyo-time";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.schedulePathwayMeeting");

/** The first date defaults to two weeks ahead in Japan, at 18:30: the region's usual evening slot. */
function defaultFirstStart(): string {
  return `${tokyoDateKey(Date.now() + 14 * 86_400_000)}T18:30`;
}

/** 地域連携パス会議の登録: coordinators and the network office only (the domain refuses others anyway). */
export default async function NewPathwayMeetingPage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const m = t.pathwayMeetings;
  const options = await call(meetingFormOptions, me);
  if (!options.maySchedule) {
    return (
      <p className="card text-slate-700" data-testid="meeting-not-allowed">
        {m.notAllowed}
      </p>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{m.form.newTitle}</h1>
      <MeetingForm
        {...meetingFormProps(t, locale, options.facilities)}
        initial={{
          title: "",
          pathway: "",
          description: "",
          location: "",
          firstStart: defaultFirstStart(),
          durationMinutes: 90,
          choice: { pattern: { kind: "once" }, end: { by: "count", count: 12 } },
          invitees: [],
          facilityIds: [],
        }}
      />
    </div>
  );
}
