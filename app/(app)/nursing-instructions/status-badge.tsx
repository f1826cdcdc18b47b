import type { InstructionStatus } from "@/server/model/nursing-instruction";

const TONE: Record<InstructionStatus, string> = {
  draft: "bg-slate-100 text-slate-800",
  sent: "bg-amber-100 text-amber-900",
  acknowledged: "bg-green-100 text-green-900",
  superseded: "bg-slate-100 text-slate-600",
  cancelled: "bg-red-100 text-red-900",
  expired: "bg-slate-200 text-slate-700",
};

export function InstructionStatusBadge({ status, label }: { status: InstructionStatus; label: string }) {
  return (
    <span className={`badge ${TONE[status]}`} data-testid="instruction-status" data-status={status}>
      {label}
    </span>
  );
}
