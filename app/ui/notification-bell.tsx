"use client";

import { ShellLink } from "./shell-link";
import { useCallback, useEffect, useState } from "react";
import { NOTIFICATIONS_CHANGED, useNotificationEvents } from "./realtime";

/**
 * The bell in the header: the unread count from the database (so it survives
 * reloads), recounted whenever a notification is pushed or read.
 */
export function NotificationBell({ initialCount, label }: { initialCount: number; label: string }) {
  const [count, setCount] = useState(initialCount);
  // a server re-render (router.refresh) brings a fresh count from the database: take it
  const [rendered, setRendered] = useState(initialCount);
  if (rendered !== initialCount) {
    setRendered(initialCount);
    setCount(initialCount);
  }
  const recount = useCallback(async () => {
    try {
      const response = await fetch("/api/notifications/unread", { cache: "no-store" });
      if (!response.ok) return;
      const body = (await response.json()) as { unread?: unknown };
      if (typeof body.unread === "number") setCount(body.unread);
    } catch {
      // offline: the count is refreshed on the next connection
    }
  }, []);
  useNotificationEvents(
    () => void recount(),
    () => void recount(),
  );
  useEffect(() => {
    const changed = () => void recount();
    window.addEventListener(NOTIFICATIONS_CHANGED, changed);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, changed);
  }, [recount]);

  return (
    <ShellLink
      href="/notifications"
      className="relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-md hover:bg-brand-800"
      aria-label={`${label}: ${count}`}
      data-testid="notification-bell"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor">
        <path
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
          d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 0 0-4-5.7V5a2 2 0 1 0-4 0v.3A6 6 0 0 0 6 11v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0v1a3 3 0 1 1-6 0v-1m6 0H9"
        />
      </svg>
      <span
        className={`absolute top-0.5 right-0.5 min-w-5 rounded-full px-1 text-center text-xs leading-5 font-bold ${
          count > 0 ? "bg-red-600 text-white" : "sr-only"
        }`}
        data-testid="notification-count"
      >
        {count}
      </span>
    </ShellLink>
  );
}
