import type { ReadingStatus, ReadingUrgency } from "@/server/model/reading-report";

const STATUS_STYLE: Record<ReadingStatus, string> = {
  requested: "bg-amber-100 text-amber-900",
  accepted: "bg-sky-100 text-sky-900",
  reported: "bg-brand-600 text-white",
  acknowledged: "bg-green-100 text-green-800",
  declined: "bg-slate-200 text-slate-700",
  cancelled: "bg-slate-200 text-slate-700",
};

const URGENCY_STYLE: Record<ReadingUrgency, string> = {
  routine: "bg-slate-100 text-slate-700",
  urgent: "bg-orange-100 text-orange-900",
  emergency: "bg-red-600 text-white",
};

export function ReadingStatusBadge({ status, label }: { status: ReadingStatus; label: string }) {
  return (
    <span className={`badge ${STATUS_STYLE[status]}`} data-testid="reading-status" data-status={status}>
      {label}
    </span>
  );
}

export function ReadingUrgencyBadge({ urgency, label }: { urgency: ReadingUrgency; label: string }) {
  return (
    <span className={`badge ${URGENCY_STYLE[urgency]}`} data-urgency={urgency}>
      {label}
    </span>
  );
}
