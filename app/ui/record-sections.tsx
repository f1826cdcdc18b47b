import type { ReactNode } from "react";
import { formatDate, type Locale } from "@/app/i18n";
import type {
  AllergyRow,
  DiagnosisRow,
  MedicationRow,
  ProcedureRow,
  TestResultRow,
} from "./clinical-list-fields";

/**
 * Read-only sections of a clinical document (a referral letter, a reply, a
 * discharge summary): one titled section each, and the structured lists.
 */

export function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="border-b border-slate-100 py-3 last:border-0" data-testid={testId}>
      <dt className="text-sm font-semibold text-slate-600">{title}</dt>
      <dd className="mt-1 break-words whitespace-pre-wrap">{children}</dd>
    </div>
  );
}

export const Empty = ({ label }: { label: string }) => <span className="text-slate-400">{label}</span>;

export const orEmpty = (value: string, empty: string) => (value ? value : <Empty label={empty} />);

export function DiagnosesList({
  rows,
  empty,
  suspected,
  principal,
}: {
  rows: DiagnosisRow[];
  empty: string;
  suspected: string;
  /** marks the first row (主病名) when given */
  principal?: string;
}) {
  if (rows.length === 0) return <Empty label={empty} />;
  return (
    <ol className="list-decimal space-y-1 pl-5">
      {rows.map((d, i) => (
        <li key={i}>
          {d.name}
          {i === 0 && principal && (
            <span className="ml-1 badge bg-brand-100 text-brand-800">{principal}</span>
          )}
          {d.certainty === "suspected" && (
            <span className="ml-1 badge bg-amber-100 text-amber-900">{suspected}</span>
          )}
          {d.icd10 && <span className="ml-2 font-mono text-xs text-slate-500">ICD-10 {d.icd10}</span>}
        </li>
      ))}
    </ol>
  );
}

export function MedicationsList({ rows, empty }: { rows: MedicationRow[]; empty: string }) {
  if (rows.length === 0) return <Empty label={empty} />;
  return (
    <ul className="space-y-1">
      {rows.map((m, i) => (
        <li key={i}>
          {m.name}
          {m.dosage && <span className="ml-2 text-sm text-slate-600">{m.dosage}</span>}
        </li>
      ))}
    </ul>
  );
}

export function AllergiesList({
  rows,
  noneKnown,
  noneKnownLabel,
  empty,
}: {
  rows: AllergyRow[];
  noneKnown: boolean;
  noneKnownLabel: string;
  empty: string;
}) {
  if (noneKnown) return <>{noneKnownLabel}</>;
  if (rows.length === 0) return <Empty label={empty} />;
  return (
    <ul className="space-y-1">
      {rows.map((a, i) => (
        <li key={i}>
          {a.substance}
          {a.reaction && <span className="ml-2 text-sm text-slate-600">{a.reaction}</span>}
        </li>
      ))}
    </ul>
  );
}

export function TestResultsTable({
  rows,
  empty,
  labels,
  locale,
}: {
  rows: TestResultRow[];
  empty: string;
  labels: { testName: string; testValue: string; observedOn: string };
  locale: Locale;
}) {
  if (rows.length === 0) return <Empty label={empty} />;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">{labels.testName}</th>
            <th className="py-1 pr-3 font-medium">{labels.testValue}</th>
            <th className="py-1 font-medium">{labels.observedOn}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className="border-t border-slate-100">
              <td className="py-1 pr-3">{r.name}</td>
              <td className="py-1 pr-3">
                {r.value} {r.unit}
              </td>
              <td className="py-1">{r.observedOn ? formatDate(r.observedOn, locale) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ProceduresList({
  rows,
  empty,
  locale,
}: {
  rows: ProcedureRow[];
  empty: string;
  locale: Locale;
}) {
  if (rows.length === 0) return <Empty label={empty} />;
  return (
    <ul className="space-y-1">
      {rows.map((p, i) => (
        <li key={i}>
          {p.name}
          {p.performedOn && (
            <span className="ml-2 text-sm text-slate-600">{formatDate(p.performedOn, locale)}</span>
          )}
          {p.note && <span className="block text-sm text-slate-600">{p.note}</span>}
        </li>
      ))}
    </ul>
  );
}
