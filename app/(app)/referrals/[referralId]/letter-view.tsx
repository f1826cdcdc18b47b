import type { ReferralLetterContent, ReferralReplyContent } from "@/server/model/referral-letter";
import { formatDate, type Locale, type Messages } from "@/app/i18n";
import {
  AllergiesList,
  DiagnosesList,
  MedicationsList,
  orEmpty,
  Section,
  TestResultsTable,
} from "@/app/ui/record-sections";

function Diagnoses({ rows, t }: { rows: ReferralLetterContent["diagnoses"]; t: Messages }) {
  const l = t.referrals.letter;
  return <DiagnosesList rows={rows} empty={l.empty} suspected={l.suspected} />;
}

function Medications({ rows, t }: { rows: ReferralLetterContent["medications"]; t: Messages }) {
  return <MedicationsList rows={rows} empty={t.referrals.letter.empty} />;
}

/** The letter as the destination reads it, section by section (診療情報提供書). */
export function LetterView({
  content,
  t,
  locale,
}: {
  content: ReferralLetterContent;
  t: Messages;
  locale: Locale;
}) {
  const l = t.referrals.letter;
  return (
    <dl data-testid="letter-view">
      <Section title={l.purpose}>{orEmpty(content.purpose, l.empty)}</Section>
      <Section title={l.diagnoses}>
        <Diagnoses rows={content.diagnoses} t={t} />
      </Section>
      <Section title={l.chiefComplaint}>{orEmpty(content.chiefComplaint, l.empty)}</Section>
      <Section title={l.presentIllness}>{orEmpty(content.presentIllness, l.empty)}</Section>
      <Section title={l.pastHistory}>{orEmpty(content.pastHistory, l.empty)}</Section>
      <Section title={l.familyHistory}>{orEmpty(content.familyHistory, l.empty)}</Section>
      <Section title={l.medications}>
        <Medications rows={content.medications} t={t} />
      </Section>
      <Section title={l.allergies}>
        <AllergiesList
          rows={content.allergies}
          noneKnown={content.noKnownAllergies}
          noneKnownLabel={l.noKnownAllergies}
          empty={l.empty}
        />
      </Section>
      <Section title={l.infections}>{orEmpty(content.infections, l.empty)}</Section>
      <Section title={l.testResults}>
        <TestResultsTable rows={content.testResults} empty={l.empty} labels={l} locale={locale} />
        {content.testResultsNote && <p className="mt-2">{content.testResultsNote}</p>}
      </Section>
      <Section title={l.courseOfTreatment}>{orEmpty(content.courseOfTreatment, l.empty)}</Section>
      <Section title={l.remarks}>{orEmpty(content.remarks, l.empty)}</Section>
    </dl>
  );
}

/** A reply (返書) or interim report, read-only. */
export function ReplyView({
  content,
  t,
  locale,
}: {
  content: ReferralReplyContent;
  t: Messages;
  locale: Locale;
}) {
  const y = t.referrals.reply;
  const l = t.referrals.letter;
  return (
    <dl data-testid="reply-view">
      {content.visitedOn && <Section title={y.visitedOn}>{formatDate(content.visitedOn, locale)}</Section>}
      <Section title={y.diagnoses}>
        <Diagnoses rows={content.diagnoses} t={t} />
      </Section>
      <Section title={y.findings}>{orEmpty(content.findings, l.empty)}</Section>
      <Section title={y.treatmentPlan}>{orEmpty(content.treatmentPlan, l.empty)}</Section>
      <Section title={y.medications}>
        <Medications rows={content.medications} t={t} />
      </Section>
      <Section title={y.disposition}>{t.referrals.dispositions[content.disposition]}</Section>
      {content.remarks && <Section title={y.remarks}>{content.remarks}</Section>}
    </dl>
  );
}
