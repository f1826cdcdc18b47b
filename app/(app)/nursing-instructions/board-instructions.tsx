import Link from "next/link";
import type { BoardInstruction } from "@/server/domain/nursing-instructions/list-instructions";
import { formatDate, type Locale, type Messages } from "@/app/i18n";

/**
 * On the care team board: the visiting-nurse instructions in force that the
 * member may see, each with its kind, station, period and days left, linked
 * to the instruction; the last fortnight stands out.
 */
export function BoardInstructions({
  instructions,
  t,
  locale,
}: {
  instructions: BoardInstruction[];
  t: Messages;
  locale: Locale;
}) {
  const m = t.nursingInstructions;
  return (
    <section className="card space-y-2" data-testid="care-instructions">
      <h2 className="font-semibold">{m.inForceTitle}</h2>
      <ul className="divide-y divide-slate-100">
        {instructions.map((i) => (
          <li key={i.id}>
            <Link
              href={`/nursing-instructions/${i.id}`}
              className="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm hover:bg-brand-50"
              data-testid="care-instruction"
            >
              <span className={`badge ${i.kind === "special" ? "bg-red-100 text-red-900" : "bg-slate-100"}`}>
                {m.kinds[i.kind]}
              </span>
              <span>{i.stationName ?? "—"}</span>
              <span data-testid="care-instruction-period">
                {m.periodValue(formatDate(i.periodStart!, locale), formatDate(i.periodEnd!, locale))}
              </span>
              <span
                className={`badge ${i.expiringSoon ? "bg-amber-200 text-amber-950" : "bg-brand-50 text-brand-900"}`}
                data-testid="care-instruction-days-left"
              >
                {m.daysLeft(i.daysLeft)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
