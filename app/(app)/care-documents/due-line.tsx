import { formatDate, type Locale, type Messages } from "@/app/i18n";

/** The due date of a draft (入院時情報提供書: admission + 3 days) and how near it is; nothing for kinds without one. */
export function DueLine({
  view,
  m,
  locale,
}: {
  view: { dueOn: string | null; overdue: boolean; daysUntilDue: number | null; sentLate?: boolean };
  m: Messages["careDocuments"];
  locale: Locale;
}) {
  if (!view.dueOn) return null;
  return (
    <p
      className={`rounded-md px-3 py-2 font-semibold ${
        view.overdue ? "bg-red-100 text-red-900" : "bg-brand-50 text-brand-900"
      }`}
      data-testid="care-document-due"
      data-overdue={view.overdue ? "1" : "0"}
    >
      {m.dueOn}: {formatDate(view.dueOn, locale)}
      {view.daysUntilDue !== null && <span className="ml-2">（{m.dueIn(view.daysUntilDue)}）</span>}
      {view.sentLate && (
        <span className="ml-2" data-testid="care-document-sent-late">
          （{m.sentLate}）
        </span>
      )}
    </p>
  );
}
