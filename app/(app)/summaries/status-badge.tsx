const STATUS_STYLE: Record<string, string> = {
  draft: "bg-slate-100 text-slate-700",
  sent: "bg-green-100 text-green-800",
  amending: "bg-amber-100 text-amber-900",
};

export function SummaryStatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span className={`badge ${STATUS_STYLE[status] ?? ""}`} data-testid="status-badge" data-status={status}>
      {label}
    </span>
  );
}
