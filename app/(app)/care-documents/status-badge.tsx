import type { CareDocumentStatus } from "@/server/model/care-documents/care-document-status";

const TONE: Record<CareDocumentStatus, string> = {
  draft: "bg-slate-100 text-slate-800",
  sent: "bg-amber-100 text-amber-900",
  acknowledged: "bg-green-100 text-green-900",
  answered: "bg-green-100 text-green-900",
  discarded: "bg-slate-100 text-slate-600",
  cancelled: "bg-slate-200 text-slate-700",
  expired: "bg-slate-200 text-slate-700",
};

export function CareDocumentStatusBadge({ status, label }: { status: CareDocumentStatus; label: string }) {
  return (
    <span className={`badge ${TONE[status]}`} data-testid="care-document-status" data-status={status}>
      {label}
    </span>
  );
}
