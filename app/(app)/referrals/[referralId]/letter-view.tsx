import type { ReactNode } from "react";
import type {
  ReferralLetterContent,
  ReferralReplyContent,
} from "@/server/domain/referrals/referral-letter.schema";
import { formatDate, type Locale, type Messages } from "@/app/i18n";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="border-b border-slate-100 py-3 last:border-0">
      <dt className="text-sm font-semibold text-slate-600">{title}</dt>
      <dd className="mt-1 whitespace-pre-wrap">{children}</dd>
    </div>
  );
}

const orEmpty = (value: string, empty: string) =>
  value ? value : <span className="text-slate-400">{empty}</span>;

function Diagnoses({ rows, t }: { rows: ReferralLetterContent["diagnoses"]; t: Messages }) {
  const l = t.referrals.letter;
  if (rows.length === 0) return <span className="text-slate-400">{l.empty}</span>;
  return (
    <ol className="list-decimal space-y-1 pl-5">
      {rows.map((d, i) => (
        <li key={i}>
          {d.name}
          {d.certainty === "suspected" && (
            <span className="ml-1 badge bg-amber-100 text-amber-900">{l.suspected}</span>
          )}
          {d.icd10 && <span className="ml-2 font-mono text-xs text-slate-500">ICD-10 {d.icd10}</span>}
        </li>
      ))}
    </ol>
  );
}

function Medications({ rows, t }: { rows: ReferralLetterContent["medications"]; t: Messages }) {
  if (rows.length === 0) return <span className="text-slate-400">{t.referrals.letter.empty}</span>;
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
        {content.noKnownAllergies ? (
          l.noKnownAllergies
        ) : content.allergies.length === 0 ? (
          <span className="text-slate-400">{l.empty}</span>
        ) : (
          <ul className="space-y-1">
            {content.allergies.map((a, i) => (
              <li key={i}>
                {a.substance}
                {a.reaction && <span className="ml-2 text-sm text-slate-600">{a.reaction}</span>}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={l.infections}>{orEmpty(content.infections, l.empty)}</Section>
      <Section title={l.testResults}>
        {content.testResults.length === 0 ? (
          <span className="text-slate-400">{l.empty}</span>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">{l.testName}</th>
                  <th className="py-1 pr-3 font-medium">{l.testValue}</th>
                  <th className="py-1 font-medium">{l.observedOn}</th>
                </tr>
              </thead>
              <tbody>
                {content.testResults.map((r, i) => (
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
        )}
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
