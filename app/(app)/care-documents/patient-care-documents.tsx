import Link from "next/link";
import type { CareDocumentListItem } from "@/server/domain/care-documents/list-care-documents";
import type { CareDocumentKind } from "@/server/model/care-documents/registry";
import type { Messages } from "@/app/i18n";
import { CareDocumentStatusBadge } from "./status-badge";

/** The patient page's part: the care documents the reader's facility wrote or received, and the kinds they may write. */
export function PatientCareDocuments({
  patientId,
  documents,
  writable,
  m,
}: {
  patientId: string;
  documents: CareDocumentListItem[];
  writable: readonly CareDocumentKind[];
  m: Messages["careDocuments"];
}) {
  if (documents.length === 0 && writable.length === 0) return null;
  return (
    <section className="card space-y-2" data-testid="patient-care-documents">
      <h2 className="font-semibold">{m.onPatientTitle}</h2>
      {documents.length === 0 ? (
        <p className="text-sm text-slate-600">{m.onPatientNone}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {documents.map((d) => (
            <li key={d.id}>
              <Link
                href={`/care-documents/${d.id}`}
                className="flex min-h-11 flex-wrap items-center gap-2 py-2 hover:bg-brand-50"
              >
                <CareDocumentStatusBadge status={d.status} label={m.statuses[d.status]} />
                <span>{m.shortKinds[d.kind]}</span>
                {d.overdue && <span className="badge bg-red-100 text-red-900">{m.overdue}</span>}
                <span className="text-sm text-slate-600">
                  {d.recipientFacilityName ?? d.authorFacilityName}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap gap-2">
        {writable.map((kind) => (
          <Link
            key={kind}
            href={`/care-documents/new?kind=${kind}&patientId=${patientId}`}
            className="btn-secondary inline-flex min-h-11 items-center"
            data-testid={`write-care-document-${kind}`}
          >
            {m.write(m.shortKinds[kind])}
          </Link>
        ))}
      </div>
    </section>
  );
}
