import { notFound } from "next/navigation";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { isDomainError } from "@/server/errors";
import { patientAccessHistory } from "@/server/domain/audit/patient-access-history";
import { formatDateTime, getI18n, titled } from "@/app/i18n";
import { call } from "@/app/lib/call";

export const generateMetadata = titled("titles.accessHistory");

/** "Who looked at my record", for an administrator of a facility inside the patient's consent (see the domain for who sees what). */
export default async function PatientAccessHistoryPage({
  params,
}: {
  params: Promise<{ patientId: string }>;
}) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const { patientId } = await params;
  let history: Awaited<ReturnType<typeof patientAccessHistory>>;
  try {
    history = await call(patientAccessHistory, me, { patientId });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === "VALIDATION") notFound();
    return (
      <p className="card border-red-300 bg-red-50 text-red-800" data-testid="access-history-refused">
        {t.patients.accessHistoryRefused}
      </p>
    );
  }
  const { rows, withheld } = history;
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-bold">{t.patients.accessHistory}</h1>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
        {rows.map((r) => (
          <li
            key={r.id}
            className="flex flex-col gap-1 px-4 py-2 sm:flex-row sm:gap-4"
            data-testid="access-row"
          >
            <span className="whitespace-nowrap text-slate-600">{formatDateTime(r.occurredAt, locale)}</span>
            <span className="font-medium">
              {r.actorName ?? "—"} <span className="text-slate-500">({r.actorFacilityName ?? "—"})</span>
            </span>
            <span className="font-mono text-xs">{r.action}</span>
            <span className={r.outcome === "success" ? "text-slate-600" : "font-semibold text-red-700"}>
              {r.outcome}
            </span>
          </li>
        ))}
      </ul>
      {withheld > 0 && (
        <p className="text-sm text-slate-600" data-testid="access-history-withheld">
          {t.patients.accessHistoryWithheld(withheld)}
        </p>
      )}
    </div>
  );
}
