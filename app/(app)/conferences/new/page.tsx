import { requirePractitioner } from "@/server/session/current-practitioner";
import { getI18n, titled } from "@/app/i18n";
import { NewConferenceForm } from "./new-conference-form";

export const generateMetadata = titled("titles.newConference");

export default async function NewConferencePage() {
  await requirePractitioner();
  const { t } = await getI18n();
  const { statuses: _s, roles: _r, admissions: _a, ...labels } = t.conferences;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t.conferences.newConference}</h1>
      <NewConferenceForm t={{ ...labels, professions: t.common.professions }} />
    </div>
  );
}
