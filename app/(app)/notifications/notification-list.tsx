"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { NOTIFICATIONS_CHANGED } from "@/app/ui/realtime";
import { LiveRefresh } from "@/app/ui/live-refresh";
import { markNotificationsReadAction } from "./actions";

export interface NotificationLine {
  id: string;
  href: string;
  text: string;
  detail: string;
  at: string;
  unread: boolean;
  urgent: boolean;
}

/** The notification centre's list: opening a line marks it read; one button marks all. */
export function NotificationList({
  lines,
  labels,
}: {
  lines: NotificationLine[];
  labels: { markAllRead: string; unread: string; none: string; urgent: string };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const changed = () => {
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
    router.refresh();
  };
  const markAll = () =>
    startTransition(async () => {
      const r = await markNotificationsReadAction();
      if (r.ok) changed();
    });
  const open = (line: NotificationLine) =>
    startTransition(async () => {
      if (line.unread) {
        const r = await markNotificationsReadAction([line.id]);
        if (r.ok) window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
      }
      router.push(line.href);
    });

  return (
    <div className="space-y-3">
      <LiveRefresh />
      <div className="flex justify-end">
        <button
          type="button"
          className="btn-secondary"
          onClick={markAll}
          disabled={pending || !lines.some((l) => l.unread)}
        >
          {labels.markAllRead}
        </button>
      </div>
      {lines.length === 0 ? (
        <p className="card text-slate-700">{labels.none}</p>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
          {lines.map((line) => (
            <li key={line.id} data-testid="notification" data-unread={line.unread ? "true" : "false"}>
              <a
                href={line.href}
                onClick={(e) => {
                  e.preventDefault();
                  open(line);
                }}
                className={`flex flex-col gap-1 px-4 py-3 hover:bg-brand-50 sm:flex-row sm:items-center sm:gap-3 ${
                  line.unread ? "bg-brand-50/60" : ""
                }`}
              >
                <span className="flex items-center gap-2">
                  {line.unread && (
                    <span className="badge bg-brand-600 text-white" data-testid="notification-unread">
                      {labels.unread}
                    </span>
                  )}
                  {line.urgent && <span className="badge bg-red-600 text-white">{labels.urgent}</span>}
                  <span className={line.unread ? "font-semibold" : ""}>{line.text}</span>
                </span>
                <span className="text-sm text-slate-600">{line.detail}</span>
                <span className="text-xs text-slate-500 sm:ml-auto">{line.at}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
