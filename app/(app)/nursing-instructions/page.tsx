import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { professionMaySee } from "@/server/model/permissions";
import { listInstructions } from "@/server/domain/nursing-instructions/list-instructions";
import { INSTRUCTION_AUTHOR_PROFESSIONS } from "@/server/domain/nursing-instructions/load-instruction";
import { formatDate, getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { call } from "@/app/lib/call";
import { InstructionStatusBadge } from "./status-badge";
import { NewInstructionPanel } from "./start-instruction";
import { firstParam as one } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.nursingInstructions");

type Search = Record<string, string | string[] | undefined>;

const KINDS = ["nursing_instruction_received", "nursing_instruction_acknowledged"] as const;

/**
 * 訪問看護指示書: the station's inbox (what it was sent, in force and ending),
 * the physician's outbox (drafts, sent, confirmed), each with the two-week
 * expiring filter the worklist links to.
 */
export default async function NursingInstructionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const m = t.nursingInstructions;
  if (!professionMaySee(me.profession, "clinical")) {
    return <p className="card text-slate-700">{m.notAllowed}</p>;
  }
  const search = await searchParams;
  const writes =
    INSTRUCTION_AUTHOR_PROFESSIONS.includes(me.profession) &&
    (me.facilityKind === "medical_clinic" || me.facilityKind === "hospital");
  const box = one(search.box) === "outbox" || (writes && one(search.box) !== "inbox") ? "outbox" : "inbox";
  const expiring = one(search.expiring) === "1";
  const list = await call(listInstructions, me, { box, expiring: expiring ? "1" : undefined });
  const chip = (active: boolean) =>
    `badge min-h-9 px-3 ${active ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800"}`;
  const day = (d: string | null) => (d ? formatDate(d, locale) : "—");

  return (
    <div className="space-y-4">
      <LiveRefresh kinds={KINDS} />
      <h1 className="text-xl font-bold">{m.title}</h1>
      {writes && (
        <NewInstructionPanel
          labels={{
            title: m.newTitle,
            help: m.newHelp,
            kinds: m.kinds,
            start: m.start,
            starting: m.starting,
            patient: { ...t.referrals.patientPicker, searchButton: t.common.actions.search },
          }}
        />
      )}
      <nav className="flex gap-1 border-b border-slate-200" aria-label={m.title}>
        {(["inbox", "outbox"] as const).map((name) => (
          <Link
            key={name}
            href={`/nursing-instructions?box=${name}`}
            aria-current={box === name ? "page" : undefined}
            className={`-mb-px min-h-11 border-b-2 px-4 py-2 text-sm font-medium ${
              box === name
                ? "border-brand-600 text-brand-700"
                : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
            data-testid={`tab-${name}`}
          >
            {m.tabs[name]}
          </Link>
        ))}
      </nav>
      <ul className="flex flex-wrap gap-2">
        <li>
          <Link href={`/nursing-instructions?box=${box}`} className={chip(!expiring)}>
            {m.all}
          </Link>
        </li>
        <li>
          <Link
            href={`/nursing-instructions?box=${box}&expiring=1`}
            className={chip(expiring)}
            data-testid="filter-expiring"
          >
            {m.expiringOnly}
          </Link>
        </li>
      </ul>
      {list.length === 0 ? (
        <p className="card text-slate-700">{m.none}</p>
      ) : (
        <ul
          className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white"
          data-testid="instruction-list"
        >
          {list.map((i) => (
            <li key={i.id}>
              <Link
                href={`/nursing-instructions/${i.id}`}
                className="block space-y-1 px-4 py-3 hover:bg-brand-50"
                data-testid="instruction-line"
              >
                <span className="flex flex-wrap items-center gap-2">
                  <InstructionStatusBadge status={i.status} label={m.statuses[i.status]} />
                  {i.kind === "special" && (
                    <span className="badge bg-red-100 text-red-900">{m.kinds.special}</span>
                  )}
                  {i.expiringSoon && (
                    <span className="badge bg-amber-200 text-amber-950" data-testid="expiring-soon">
                      {m.expiringSoon}
                    </span>
                  )}
                  <span className="font-medium">{i.patientName ?? "—"}</span>
                </span>
                <span className="block text-sm text-slate-600">
                  {m.period}: {m.periodValue(day(i.periodStart), day(i.periodEnd))}
                  {" ・ "}
                  {box === "inbox" ? i.authorFacilityName : (i.stationName ?? m.chooseStation)}
                  {i.documentNumber && ` ・ ${i.documentNumber}`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
