import Link from "next/link";
import { requirePractitioner } from "@/server/session/current-practitioner";
import { listCareDocuments } from "@/server/domain/care-documents/list-care-documents";
import {
  CARE_DOCUMENT_BOXES,
  type CareDocumentBox,
} from "@/server/domain/care-documents/care-documents.schema";
import { formatDate, getI18n, titled } from "@/app/i18n";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { call } from "@/app/lib/call";
import { CareDocumentStatusBadge } from "./status-badge";
import { firstParam as one } from "@/app/lib/search-params";

export const generateMetadata = titled("titles.careDocuments");

type Search = Record<string, string | string[] | undefined>;

const KINDS = ["care_document_received", "care_document_replied", "care_document_cancelled"] as const;

/**
 * The care documents' worklist, phone first: received (the liaison office's and
 * the prescriber's inbox), sent, drafts and due (drafts by due date, overdue
 * marked). Only the kinds the reader's profession may see are listed.
 */
export default async function CareDocumentsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requirePractitioner();
  const { t, locale } = await getI18n();
  const m = t.careDocuments;
  const asked = one((await searchParams).box);
  const box: CareDocumentBox = CARE_DOCUMENT_BOXES.includes(asked as CareDocumentBox)
    ? (asked as CareDocumentBox)
    : "received";
  const list = await call(listCareDocuments, me, { box });
  const authorSide = box !== "received";

  return (
    <div className="space-y-4">
      <LiveRefresh kinds={KINDS} />
      <h1 className="text-xl font-bold">{m.title}</h1>
      <nav className="flex gap-1 overflow-x-auto border-b border-slate-200" aria-label={m.title}>
        {CARE_DOCUMENT_BOXES.map((name) => (
          <Link
            key={name}
            href={`/care-documents?box=${name}`}
            aria-current={box === name ? "page" : undefined}
            className={`-mb-px min-h-11 shrink-0 border-b-2 px-3 py-2 text-sm font-medium ${
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
      {list.length === 0 ? (
        <p className="card text-slate-700">{m.none}</p>
      ) : (
        <ul
          className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white"
          data-testid="care-document-list"
        >
          {list.map((d) => (
            <li key={d.id}>
              <Link
                href={`/care-documents/${d.id}`}
                className="block space-y-1 px-4 py-3 hover:bg-brand-50"
                data-testid="care-document-line"
              >
                <span className="flex flex-wrap items-center gap-2">
                  <CareDocumentStatusBadge status={d.status} label={m.statuses[d.status]} />
                  <span className="badge bg-slate-100">{m.shortKinds[d.kind]}</span>
                  {d.overdue && (
                    <span className="badge bg-red-100 text-red-900" data-testid="care-document-overdue">
                      {m.overdue}
                    </span>
                  )}
                  {d.sentLate && (
                    <span className="badge bg-amber-100 text-amber-900" data-testid="care-document-sent-late">
                      {m.sentLate}
                    </span>
                  )}
                  <span className="font-medium">{d.patientName ?? "—"}</span>
                </span>
                <span className="block text-sm text-slate-600">
                  {authorSide ? (d.recipientFacilityName ?? m.chooseRecipient) : d.authorFacilityName}
                  {d.dueOn && ` ・ ${m.dueOn} ${formatDate(d.dueOn, locale)}`}
                  {d.documentNumber && ` ・ ${d.documentNumber}`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
