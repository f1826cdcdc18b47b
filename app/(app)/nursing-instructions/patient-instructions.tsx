import Link from "next/link";
import type { InstructionListItem } from "@/server/domain/nursing-instructions/list-instructions";
import { formatDate, type Locale, type Messages } from "@/app/i18n";
import { InstructionStatusBadge } from "./status-badge";
import { StartInstructionButtons } from "./start-instruction";

/**
 * On the patient page: the visiting-nurse instructions in force (or about to
 * start, or drafts of the reader's facility) that the reader's facility wrote
 * or whose station it is, with the period and when it ends; a physician may
 * start the next one here.
 */
export function PatientInstructions({
  patientId,
  instructions,
  mayWrite,
  t,
  locale,
}: {
  patientId: string;
  instructions: InstructionListItem[];
  mayWrite: boolean;
  t: Messages;
  locale: Locale;
}) {
  const m = t.nursingInstructions;
  if (instructions.length === 0 && !mayWrite) return null;
  return (
    <section className="card space-y-3" data-testid="patient-nursing-instructions">
      <h2 className="font-semibold">{m.inForceTitle}</h2>
      {instructions.length === 0 ? (
        <p className="text-sm text-slate-600">{m.inForceNone}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {instructions.map((i) => (
            <li key={i.id}>
              <Link
                href={`/nursing-instructions/${i.id}`}
                className="flex min-h-11 flex-wrap items-center gap-2 py-2 hover:bg-brand-50"
                data-testid="patient-instruction"
              >
                <InstructionStatusBadge status={i.status} label={m.statuses[i.status]} />
                <span className="font-medium">{m.kinds[i.kind]}</span>
                <span className="text-sm" data-testid="patient-instruction-period">
                  {i.periodStart && i.periodEnd
                    ? m.periodValue(formatDate(i.periodStart, locale), formatDate(i.periodEnd, locale))
                    : "—"}
                </span>
                {i.expiringSoon && (
                  <span className="badge bg-amber-200 text-amber-950">{m.expiringSoon}</span>
                )}
                <span className="text-sm text-slate-600">{i.stationName ?? i.authorFacilityName}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {mayWrite && (
        <StartInstructionButtons
          patientId={patientId}
          labels={{ kinds: m.kinds, start: m.start, starting: m.starting }}
        />
      )}
    </section>
  );
}
