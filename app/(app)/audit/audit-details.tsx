import Link from "next/link";
import type { Messages } from "@/app/i18n";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where an id in the details leads, for the office: the document or the record it names. */
const LINKS: Record<string, (id: string) => string> = {
  referralId: (id) => `/referrals/${id}`,
  summaryId: (id) => `/summaries/${id}`,
  dischargeSummaryId: (id) => `/summaries/${id}`,
  enrolmentId: (id) => `/pathways/${id}`,
  meetingId: (id) => `/pathway-meetings/${id}`,
  conferenceId: (id) => `/conferences/${id}`,
  practitionerId: (id) => `/audit?actorId=${id}`,
  patientId: (id) => `/audit?historyFor=${id}`,
};

/**
 * An event's details read as lines of words, not JSON: each key by its name in
 * the reader's language, ids shortened (the whole id on hover, a link where it
 * leads somewhere), lists counted past a few, codes translated where the log
 * has words for them, yes/no for flags.
 */
export function AuditDetails({ details, t }: { details: unknown; t: Messages }) {
  const entries =
    details && typeof details === "object" && !Array.isArray(details)
      ? Object.entries(details as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null)
      : [];
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  const a = t.audit;
  return (
    <dl className="space-y-0.5 text-xs" data-testid="audit-details">
      {entries.map(([key, value]) => (
        <div key={key} className="flex flex-wrap gap-x-1">
          <dt className="text-slate-500">{a.detailKeys[key] ?? key}:</dt>
          <dd className="text-slate-800">{describe(key, value, t)}</dd>
        </div>
      ))}
    </dl>
  );
}

function describe(key: string, value: unknown, t: Messages): React.ReactNode {
  const a = t.audit;
  if (typeof value === "boolean") return value ? a.yes : a.no;
  if (typeof value === "number") return value.toLocaleString();
  if (typeof value === "string") {
    if (UUID.test(value)) {
      const short = value.slice(0, 8);
      const link = LINKS[key];
      return link ? (
        <Link href={link(value)} title={value} className="font-mono text-brand-700 hover:underline">
          {short}
        </Link>
      ) : (
        <span title={value} className="font-mono">
          {short}
        </span>
      );
    }
    return a.detailValues[value] ?? value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return a.none;
    const shown = value.slice(0, 3).map((v, i) => (
      <span key={i}>
        {i > 0 && "、"}
        {describe(key.replace(/s$/, ""), v, t)}
      </span>
    ));
    return (
      <>
        {shown}
        {value.length > 3 && ` ${a.andMore(value.length - 3)}`}
      </>
    );
  }
  if (typeof value === "object" && value) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${a.detailKeys[k] ?? k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join("、");
  }
  return String(value);
}
