import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { listMyCareTeams } from "@/server/domain/care-team/care-team-board";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { CareTeamLive } from "@/app/(app)/patients/[patientId]/care-team/team-panels";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.homeCareTeams");

/** The member's worklist of care teams: unread, needing a reply, overdue, the next visit; live. */
export default async function CareTeamWorklistPage() {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const c = t.careTeam;
  const teams = await call(listMyCareTeams, me);
  return (
    <div className="space-y-4">
      <CareTeamLive patientId="" />
      <h1 className="text-xl font-bold">{c.worklistTitle}</h1>
      <p className="text-sm text-slate-600">{c.worklistHelp}</p>
      {teams.length === 0 ? (
        <p className="card text-slate-700">{c.worklistNone}</p>
      ) : (
        <ul className="space-y-2" data-testid="care-team-worklist">
          {teams.map((team) => (
            <li key={team.patientId}>
              <Link
                href={`/patients/${team.patientId}/care-team`}
                className={`card flex flex-col gap-2 hover:bg-brand-50 sm:flex-row sm:items-center ${
                  team.overdue > 0 ? "border-red-400" : team.needsReply > 0 ? "border-amber-400" : ""
                }`}
                data-testid="care-team-row"
              >
                <span className="font-medium">
                  {team.familyName} {team.givenName}{" "}
                  <span className="font-mono text-xs text-slate-500">{team.regionalId}</span>
                </span>
                <span className="flex flex-wrap gap-2 text-sm sm:ml-auto">
                  <span
                    className={`badge ${team.unread ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600"}`}
                    data-testid="row-unread"
                  >
                    {c.unread} {team.unread}
                  </span>
                  <span
                    className={`badge ${team.needsReply ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-600"}`}
                    data-testid="row-needs-reply"
                  >
                    {c.needsReply} {team.needsReply}
                  </span>
                  {team.overdue > 0 && (
                    <span className="badge bg-red-600 text-white" data-testid="row-overdue">
                      {c.overdue} {team.overdue}
                    </span>
                  )}
                  {team.nextVisitAt && (
                    <span className="text-slate-600">
                      {c.nextVisit}: {formatDateTime(team.nextVisitAt, locale)}
                    </span>
                  )}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
