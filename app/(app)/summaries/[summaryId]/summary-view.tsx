import type { DischargeSummaryContent } from "@/server/model/discharge-summary";
import type { SummarySection } from "@/server/domain/summaries/summary-sections";
import { formatDate, type Locale, type Messages } from "@/app/i18n";
import {
  AllergiesList,
  DiagnosesList,
  Empty,
  MedicationsList,
  orEmpty,
  ProceduresList,
  Section,
  TestResultsTable,
} from "@/app/ui/record-sections";
import { lengthOfStay } from "../length-of-stay";

/** One section of a discharge summary, read-only. */
function SummarySectionView({
  section,
  content: c,
  t,
  locale,
}: {
  section: SummarySection;
  content: DischargeSummaryContent;
  t: Messages;
  locale: Locale;
}) {
  const s = t.summaries.sections;
  const l = t.referrals.letter;
  const testId = `section-${section}`;
  switch (section) {
    case "stay": {
      const days = lengthOfStay(c.admissionDate, c.dischargeDate);
      return (
        <Section title={s.stay} testId={testId}>
          <span className="flex flex-wrap gap-x-4">
            <span>
              {s.admissionDate}: {c.admissionDate ? formatDate(c.admissionDate, locale) : "—"}
            </span>
            <span>
              {s.dischargeDate}: {c.dischargeDate ? formatDate(c.dischargeDate, locale) : "—"}
            </span>
            {days !== null && (
              <span data-testid="length-of-stay">
                {s.lengthOfStay}: {days}
                {s.daysSuffix}
              </span>
            )}
          </span>
        </Section>
      );
    }
    case "diagnoses":
      return (
        <Section title={s.diagnoses} testId={testId}>
          <DiagnosesList rows={c.diagnoses} empty={s.empty} suspected={l.suspected} principal={s.principal} />
        </Section>
      );
    case "procedures":
      return (
        <Section title={s.procedures} testId={testId}>
          <ProceduresList rows={c.procedures} empty={s.empty} locale={locale} />
        </Section>
      );
    case "testResults":
      return (
        <Section title={s.testResults} testId={testId}>
          <TestResultsTable rows={c.testResults} empty={s.empty} labels={l} locale={locale} />
        </Section>
      );
    case "dischargeMedications":
      return (
        <Section title={s.dischargeMedications} testId={testId}>
          {c.noDischargeMedication ? (
            s.noDischargeMedication
          ) : (
            <MedicationsList rows={c.dischargeMedications} empty={s.empty} />
          )}
          {c.medicationChanges && (
            <p className="mt-2 rounded-md bg-amber-50 p-2 text-sm">
              <span className="font-medium">{s.medicationChangesShort}: </span>
              {c.medicationChanges}
            </p>
          )}
        </Section>
      );
    case "allergies":
      return (
        <Section title={s.allergies} testId={testId}>
          <AllergiesList
            rows={c.allergies}
            noneKnown={c.noKnownAllergies}
            noneKnownLabel={s.noKnownAllergies}
            empty={s.empty}
          />
        </Section>
      );
    case "dischargeDestination":
      return (
        <Section title={s.dischargeDestination} testId={testId}>
          {c.dischargeDestination ? (
            t.summaries.destinations[c.dischargeDestination]
          ) : (
            <Empty label={s.empty} />
          )}
          {c.dischargeDestinationNote && (
            <span className="block text-sm text-slate-600">{c.dischargeDestinationNote}</span>
          )}
        </Section>
      );
    default:
      return (
        <Section title={s[section]} testId={testId}>
          {orEmpty(c[section], s.empty)}
        </Section>
      );
  }
}

/**
 * The summary in the reader's order: the sections their profession reads first,
 * then the rest folded under 「全文を表示」 (nothing is withheld); with no focus,
 * the whole summary in document order.
 */
export function SummaryView({
  content,
  sections,
  t,
  locale,
  professionLabel,
}: {
  content: DischargeSummaryContent;
  sections: { focus: SummarySection[]; rest: SummarySection[] };
  t: Messages;
  locale: Locale;
  professionLabel: string;
}) {
  const render = (list: SummarySection[]) =>
    list.map((section) => (
      <SummarySectionView key={section} section={section} content={content} t={t} locale={locale} />
    ));
  if (sections.focus.length === 0) return <dl data-testid="summary-view">{render(sections.rest)}</dl>;
  return (
    <div data-testid="summary-view" className="space-y-2">
      <p className="text-sm text-slate-600">{t.summaries.detail.focusHelp(professionLabel)}</p>
      <dl data-testid="summary-focus">{render(sections.focus)}</dl>
      <details className="rounded-md border border-slate-200 p-3" data-testid="summary-rest">
        <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">
          {t.summaries.detail.showAll}
        </summary>
        <dl>{render(sections.rest)}</dl>
      </details>
    </div>
  );
}
