import type { Messages } from "@/app/i18n";

const STATUS_STYLE: Record<string, string> = {
  draft: "bg-slate-100 text-slate-700",
  sent: "bg-blue-100 text-blue-800",
  received: "bg-indigo-100 text-indigo-800",
  accepted: "bg-green-100 text-green-800",
  declined: "bg-red-100 text-red-800",
  forwarded: "bg-purple-100 text-purple-800",
  interim_report: "bg-teal-100 text-teal-800",
  completed: "bg-green-200 text-green-900",
  cancelled: "bg-slate-200 text-slate-600",
};

type Status = keyof Messages["referrals"]["statuses"];

/** A status as one side reads it: the receiving facility sees a letter it has not opened as 未開封. */
export function statusLabel(status: Status, t: Messages, reader: "sender" | "receiver"): string {
  if (reader === "receiver" && status === "sent") return t.referrals.receiverStatuses.sent;
  return t.referrals.statuses[status];
}

/** The badge's classes for a status (the worklist's client-rendered lines use them too). */
export const statusBadgeClass = (status: Status) => `badge ${STATUS_STYLE[status] ?? ""}`;

export function StatusBadge({
  status,
  t,
  reader = "sender",
}: {
  status: Status;
  t: Messages;
  reader?: "sender" | "receiver";
}) {
  return (
    <span className={statusBadgeClass(status)} data-testid="status-badge">
      {statusLabel(status, t, reader)}
    </span>
  );
}
